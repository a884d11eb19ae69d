package io.hashmatch.service.audit;

import io.hashmatch.service.ops.TextPerSecond;
import java.time.Instant;

/**
 * The {@code time} of an audit line: exactly {@link Instant#toString()} (ISO-8601 in UTC, the fraction in groups of
 * three digits as needed), with the part up to the seconds formatted once a second rather than for every line:
 * {@code Instant.toString} runs a {@link java.time.format.DateTimeFormatter}, about 2 % of the CPU of a request that
 * costs little else (a lookup in a small list).
 *
 * <p>Thread-safe.
 */
final class AuditTime {
    /** {@link Instant#toString()} of a whole second, without its {@code Z}. */
    private static final TextPerSecond SECONDS = new TextPerSecond(AuditTime::wholeSecond);

    private AuditTime() {}

    /** {@code time.toString()}. */
    static String format(Instant time) {
        String second = SECONDS.at(time.getEpochSecond());
        int nano = time.getNano();
        StringBuilder b = new StringBuilder(second.length() + 11).append(second);
        if (nano > 0) { // as DateTimeFormatter.ISO_INSTANT: 3, 6 or 9 digits, the fewest that hold the nanoseconds
            b.append('.');
            if (nano % 1_000_000 == 0) {
                digits(b, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                digits(b, nano / 1000, 6);
            } else {
                digits(b, nano, 9);
            }
        }
        return b.append('Z').toString();
    }

    private static String wholeSecond(long epochSecond) {
        String whole = Instant.ofEpochSecond(epochSecond).toString();
        return whole.substring(0, whole.length() - 1);
    }

    /** {@code value} in {@code width} decimal digits, zero-padded. */
    private static void digits(StringBuilder b, int value, int width) {
        String v = Integer.toString(value);
        b.repeat('0', width - v.length()).append(v);
    }
}
