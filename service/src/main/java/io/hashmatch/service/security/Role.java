package io.hashmatch.service.security;

/**
 * The role a caller needs for a route ({@link RequiredRole}). Immutable; thread-safe.
 */
public enum Role {
    /** Open to everyone: liveness only. */
    NONE,
    /** Match and hash routes, list listing, readiness. */
    MATCH,
    /** List management (upload, delete). */
    ADMIN
}
