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
    /**
     * Everything {@link #CURATE} may, plus the hotline's queue of public reports (io.hashmatch.service.intake): reading
     * what reporters wrote (their contact included), confirming, forwarding and dismissing reports. Above curate, so
     * that a platform's curation key never reads reports.
     */
    HOTLINE,
    /** Administration: whole lists through {@code /v1}, metrics, exchanges and their credentials. */
    ADMIN
}
