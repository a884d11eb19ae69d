package io.hashmatch.service.security;

/**
 * A token bucket: holds up to {@code capacity} tokens, refills at {@code tokensPerSecond}, starts full. Each request
 * takes one token; without one it is refused and told how long until the next token.
 *
 * <p>Thread-safe (each call is atomic; one lock per bucket, held for a few arithmetic operations).
 */
final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1e9;

    private final double tokensPerNano;
    private final double capacity;
    private double tokens;
    private long last;

    /**
     * @param tokensPerSecond refill rate, positive
     * @param capacity largest number of tokens, at least 1
     * @param now the current time in nanoseconds ({@link System#nanoTime()} or a test clock)
     */
    TokenBucket(double tokensPerSecond, int capacity, long now) {
        if (!(tokensPerSecond > 0) || capacity < 1) {
            throw new IllegalArgumentException(
                    "rate must be positive and capacity at least 1: " + tokensPerSecond + ", " + capacity);
        }
        this.tokensPerNano = tokensPerSecond / NANOS_PER_SECOND;
        this.capacity = capacity;
        this.tokens = capacity;
        this.last = now;
    }

    /**
     * Takes a token if there is one.
     *
     * @param now the current time in nanoseconds, from the same clock as the constructor's
     * @return 0 if a token was taken, otherwise the nanoseconds until one will be available (at least 1)
     */
    synchronized long tryTake(long now) {
        long elapsed = now - last;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
            last = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / tokensPerNano));
    }
}
