package io.hashmatch.service.intake;

import io.hashmatch.service.http.ApiException;
import io.micronaut.http.HttpStatus;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The proof of work a submission carries instead of a third-party CAPTCHA: the service hands out a challenge, the
 * page finds a solution in the reporter's browser, the submission carries both.
 *
 * <p><b>Challenge.</b> Stateless and signed: base64url (no padding) of 42 bytes: version (1 byte, 1), difficulty
 * (1 byte, leading zero bits asked), expiry (8 bytes, big-endian epoch seconds), a random nonce (16 bytes), and the
 * first 16 bytes of HMAC-SHA-256 over the 26 bytes before it, under a random key made when the process starts and
 * held only in memory (a restart makes earlier challenges forged: the page then asks for a new one).
 *
 * <p><b>Solution.</b> 1 to 16 characters {@code [0-9a-z]} such that SHA-256 of the UTF-8 bytes of
 * {@code challenge + ":" + solution} starts with {@code difficulty} zero bits (bit 7 of the first byte first).
 *
 * <p><b>Refusals</b>, each a typed error: no challenge or no solution, 400 {@code challenge_missing}; not one the
 * service signed (or signed before a restart), 403 {@code challenge_forged}; past its expiry, 403
 * {@code challenge_expired}; a solution that does not give the zero bits, 403 {@code challenge_unsolved}; a challenge
 * already used by another submission, 409 {@code challenge_replayed}. A used challenge is remembered, with the
 * submission id that used it, until it expires, so that only a retry of the same submission may send it again. While
 * {@link ProofOfWorkConfiguration#maxRemembered()} are remembered, new ones are refused with 503
 * {@code challenges_full} rather than forgotten early.
 *
 * <p>Thread-safe.
 */
@Singleton
final class Challenges {
    static final int VERSION = 1;
    private static final int SIGNED_BYTES = 26;
    private static final int MAC_BYTES = 16;
    private static final int TOKEN_BYTES = SIGNED_BYTES + MAC_BYTES;
    private static final Pattern SOLUTION = Pattern.compile("[0-9a-z]{1,16}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /**
     * A challenge as handed out ({@code GET /v1/report/challenge}).
     *
     * @param challenge the token, to be sent back with the solution
     * @param difficulty leading zero bits the solution must give
     * @param expiresAt until when it may be used
     */
    @Serdeable
    record Challenge(String challenge, int difficulty, Instant expiresAt) {}

    /** A used challenge: until when it is remembered, and by which submission it was used. */
    private record Used(long expiresAt, String submission) {}

    private final ProofOfWorkConfiguration config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ProcessKeyMac hmac;
    private final Map<String, Used> used = new ConcurrentHashMap<>();
    private final Object sweeping = new Object();
    private volatile long nextSweep;

    @Inject
    Challenges(ProofOfWorkConfiguration config) {
        this(config, Clock.systemUTC());
    }

    Challenges(ProofOfWorkConfiguration config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.hmac = new ProcessKeyMac(random);
    }

    /** A new challenge at the configured difficulty. */
    Challenge issue() {
        Instant expires = clock.instant().plus(config.ttl());
        ByteBuffer b = ByteBuffer.allocate(TOKEN_BYTES);
        b.put((byte) VERSION).put((byte) config.difficulty()).putLong(expires.getEpochSecond());
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        b.put(nonce);
        b.put(mac(b.array()), 0, MAC_BYTES);
        return new Challenge(
                ENCODER.encodeToString(b.array()),
                config.difficulty(),
                Instant.ofEpochSecond(expires.getEpochSecond()));
    }

    /**
     * Checks that {@code solution} solves {@code challenge}, and marks the challenge used by {@code submission}.
     *
     * @throws ApiException refusing the submission, as the class comment lists
     */
    void redeem(@Nullable String challenge, @Nullable String solution, String submission) {
        if (challenge == null || challenge.isEmpty() || solution == null || solution.isEmpty()) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "challenge_missing",
                    "a report carries a solved challenge: GET /v1/report/challenge, then send challenge and solution");
        }
        byte[] token = decode(challenge);
        if (token == null || token[0] != VERSION || !MessageDigest.isEqual(mac(token), slice(token, SIGNED_BYTES))) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    "challenge_forged",
                    "the challenge was not made by this service, or not" + " since it last started: ask for a new one");
        }
        ByteBuffer b = ByteBuffer.wrap(token);
        int difficulty = b.get(1);
        long expiresAt = b.getLong(2);
        long now = clock.instant().getEpochSecond();
        if (now >= expiresAt) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN, "challenge_expired", "the challenge has expired: ask for a new one");
        }
        if (!SOLUTION.matcher(solution).matches() || !solves(challenge, solution, difficulty)) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    "challenge_unsolved",
                    "the solution does not give " + difficulty + " leading zero bits");
        }
        sweepIfDue(now);
        if (used.size() >= config.maxRemembered()) {
            throw new ApiException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "challenges_full",
                    "too many reports are being made right now: try again in a few minutes");
        }
        Used earlier = used.putIfAbsent(challenge, new Used(expiresAt, submission));
        if (earlier != null && !earlier.submission().equals(submission)) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "challenge_replayed",
                    "this challenge was already used by another report: ask for a new one");
        }
    }

    /** Whether SHA-256 of {@code challenge:solution} starts with {@code difficulty} zero bits. */
    static boolean solves(String challenge, String solution, int difficulty) {
        byte[] h;
        try {
            h = MessageDigest.getInstance("SHA-256")
                    .digest((challenge + ":" + solution).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        return leadingZeroBits(h) >= difficulty;
    }

    static int leadingZeroBits(byte[] h) {
        int bits = 0;
        for (byte x : h) {
            if (x != 0) {
                return bits + Integer.numberOfLeadingZeros(x & 0xff) - 24;
            }
            bits += 8;
        }
        return bits;
    }

    /** How many used challenges are remembered now. */
    int remembered() {
        return used.size();
    }

    private void sweepIfDue(long now) {
        if (now < nextSweep && used.size() < config.maxRemembered()) {
            return;
        }
        synchronized (sweeping) {
            used.values().removeIf(u -> u.expiresAt() <= now);
            nextSweep = now + 10;
        }
    }

    private byte[] mac(byte[] token) {
        return slice(hmac.of(token, 0, SIGNED_BYTES), 0);
    }

    private static byte[] slice(byte[] b, int from) {
        byte[] s = new byte[MAC_BYTES];
        System.arraycopy(b, from, s, 0, MAC_BYTES);
        return s;
    }

    private static byte @Nullable [] decode(String challenge) {
        if (challenge.length() != 56) {
            return null;
        }
        try {
            byte[] b = Base64.getUrlDecoder().decode(challenge);
            return b.length == TOKEN_BYTES ? b : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
