package io.hashmatch.service.security;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API keys the service accepts, known only by their SHA-256 hashes.
 *
 * <p>A key is {@code hm_} followed by 43 base64url characters: 256 random bits from {@link SecureRandom}. Since a key
 * has 256 bits of entropy, one unsalted SHA-256 is enough to store it (nothing to brute-force, unlike a password).
 * {@link #authenticate} hashes the presented key and compares it with every configured hash in constant time
 * ({@link MessageDigest#isEqual}), so neither the answer time nor an early exit tells which bytes matched.
 *
 * <p>With no key configured, two fresh <em>demo</em> keys are generated at start, one per role ({@code demo-match},
 * {@code demo-admin}), held in memory only and printed once by {@code hashmatch serve}, so that the first command of
 * the README works on a fresh machine; they change at every start.
 *
 * <p>Immutable after construction; thread-safe.
 */
@Singleton
public final class ApiKeys {
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
    /** Prefix of every key: recognisable in a leaked file or a secret scanner. */
    public static final String PREFIX = "hm_";
    /** Random bytes in a key. */
    static final int KEY_BYTES = 32;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * One digest per thread: every request hashes the key it presents, and {@link MessageDigest#getInstance} (a
     * provider lookup) cost three times the hashing of a key.
     */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(ApiKeys::newSha256);

    /** A key generated at start because none was configured. */
    public record DemoKey(String id, Role role, String key) {}

    private record Entry(ApiKey key, byte[] sha256) {}

    private final List<Entry> entries;
    private final List<DemoKey> demoKeys;

    ApiKeys(List<ConfiguredKey> configured) {
        List<Entry> list = new ArrayList<>();
        List<DemoKey> demo = new ArrayList<>();
        if (configured.isEmpty()) {
            for (Role role : List.of(Role.MATCH, Role.ADMIN)) {
                String id = "demo-" + role.name().toLowerCase(Locale.ROOT);
                String key = generate();
                demo.add(new DemoKey(id, role, key));
                list.add(new Entry(new ApiKey(id, role), sha256(key)));
            }
            LOG.warn("no API key configured (hashmatch.security.keys): generated demo keys for this run only");
        } else {
            Set<String> hashes = new HashSet<>();
            for (ConfiguredKey c : configured) {
                Entry e = entry(c);
                if (!hashes.add(HexFormat.of().formatHex(e.sha256()))) {
                    throw new IllegalArgumentException(
                            "hashmatch.security.keys." + c.id() + ": the same key hash is configured" + " twice");
                }
                list.add(e);
            }
        }
        this.entries = List.copyOf(list);
        this.demoKeys = List.copyOf(demo);
    }

    /** Checks one configured key: its id, role and hash. */
    private static Entry entry(ConfiguredKey c) {
        String where = "hashmatch.security.keys." + c.id();
        if (!ID.matcher(c.id()).matches()) {
            throw new IllegalArgumentException(where
                    + ": a key id is 1-64 letters, digits, '.', '_' or '-', starting with" + " a letter or digit");
        }
        if (c.id().equals(AnonymousAccess.CALLER_ID)) {
            throw new IllegalArgumentException(where + ": the id '" + AnonymousAccess.CALLER_ID
                    + "' is the caller of requests without a key (hashmatch.security.anonymous)");
        }
        Role role = parseRole(where, c.role());
        if (c.sha256() == null || !SHA256_HEX.matcher(c.sha256()).matches()) {
            throw new IllegalArgumentException(where
                    + ".sha256 must be the 64 hex digits printed by hashmatch keys create"
                    + (c.sha256() == null ? " (missing)" : " (got " + c.sha256().length() + " characters)"));
        }
        return new Entry(
                new ApiKey(c.id(), role, !Boolean.FALSE.equals(c.revealDistance())),
                HexFormat.of().parseHex(c.sha256()));
    }

    /**
     * {@code match}, {@code curate}, {@code hotline} or {@code admin} (any case) as a role.
     *
     * @throws IllegalArgumentException naming {@code where} for anything else
     */
    static Role parseRole(String where, @Nullable String role) {
        if (role != null) {
            switch (role.toLowerCase(Locale.ROOT)) {
                case "match" -> {
                    return Role.MATCH;
                }
                case "curate" -> {
                    return Role.CURATE;
                }
                case "hotline" -> {
                    return Role.HOTLINE;
                }
                case "admin" -> {
                    return Role.ADMIN;
                }
                default -> {}
            }
        }
        throw new IllegalArgumentException(where + ".role must be match, curate, hotline or admin"
                + (role == null ? " (missing)" : ", not '" + role + "'"));
    }

    /**
     * The key {@code presented} belongs to, or null if it is none of the configured keys. Every configured hash is
     * compared, whatever the outcome.
     */
    public @Nullable ApiKey authenticate(String presented) {
        byte[] h = sha256(presented);
        ApiKey found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.sha256(), h) && found == null) {
                found = e.key();
            }
        }
        return found;
    }

    /** The demo keys generated because none was configured; empty when keys are configured. */
    public List<DemoKey> demoKeys() {
        return demoKeys;
    }

    /** A new random key: {@code hm_} and 256 bits in base64url. */
    public static String generate() {
        byte[] b = new byte[KEY_BYTES];
        RANDOM.nextBytes(b);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The SHA-256 of a key as the configuration stores it: 64 lowercase hex digits. */
    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    private static byte[] sha256(String key) {
        return SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8)); // digest() resets it for the next key
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
