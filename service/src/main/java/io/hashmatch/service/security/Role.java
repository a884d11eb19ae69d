package io.hashmatch.service.security;

/**
 * The role a caller needs for a route ({@link RequiredRole}), in increasing order of power: a caller with a role may
 * use every route that needs that role or a lower one ({@link ApiKey#mayUse}). Immutable; thread-safe.
 */
public enum Role {
    /** Open to everyone: liveness only. */
    NONE,
    /** Match and hash routes, list listing, readiness. */
    MATCH,
    /** Everything {@link #MATCH} may, plus changing list contents: the HMA curation API (banks, signals, content). */
    CURATE,
    /** Administration: whole lists through {@code /v1}, metrics, exchanges and their credentials. */
    ADMIN
}
