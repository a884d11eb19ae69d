package io.hashmatch.hash;

/**
 * MD5, SHA-1 and SHA-256 of a file's bytes, as lowercase hex.
 *
 * <p>Immutable; thread-safe.
 */
public record ExactHashes(String md5, String sha1, String sha256) {}
