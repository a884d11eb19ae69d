package io.hashmatch.scan;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * MD5, SHA-1 and SHA-256 fed incrementally: for files too large to be held in memory (videos, archives),
 * whose bytes stream through once. Not thread-safe; one per file.
 */
final class ExactDigests {
    private final MessageDigest md5 = digest("MD5");
    private final MessageDigest sha1 = digest("SHA-1");
    private final MessageDigest sha256 = digest("SHA-256");
    private long size;

    void update(byte[] b, int off, int len) {
        md5.update(b, off, len);
        sha1.update(b, off, len);
        sha256.update(b, off, len);
        size += len;
    }

    /** Feeds the rest of {@code in}; returns this. */
    ExactDigests updateAll(InputStream in) throws IOException {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) >= 0; ) {
            update(buf, 0, n);
        }
        return this;
    }

    long size() {
        return size;
    }

    String md5() {
        return HexFormat.of().formatHex(md5.digest());
    }

    String sha1() {
        return HexFormat.of().formatHex(sha1.digest());
    }

    String sha256() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is required of every Java platform", e);
        }
    }
}
