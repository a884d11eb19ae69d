package io.hashmatch.service.exchange;

/**
 * Why a sync or a feedback failed, by kind, so that callers (the CLI's exit code, the HTTP status, the console) can
 * tell a configuration or credentials problem from a passing outage. The served list is unchanged by the failed part
 * of a sync: what was committed before the failure stays, the rest is fetched again next time.
 *
 * <p>Immutable; thread-safe.
 */
public final class ExchangeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** No exchange of that name is configured. */
        NOT_FOUND,
        /** The configuration is incomplete or invalid (type, endpoint, target list...). */
        CONFIGURATION,
        /** No credentials where the configuration says they are. */
        CREDENTIALS_MISSING,
        /** The exchange refused the credentials (HTTP 401 or 403): expired, revoked or wrong. */
        CREDENTIALS_REFUSED,
        /** The exchange did not answer, or kept failing (5xx, 429, timeouts) after the retries. */
        UNAVAILABLE,
        /** The exchange answered something this client cannot read (not its documented protocol). */
        PROTOCOL,
        /** A sync of this exchange is already running. */
        BUSY,
        /** The exchange has no such operation (feedback on an exchange whose protocol has none). */
        UNSUPPORTED,
        /** The source holds no entry of that id (feedback that needs what the sync recorded of the entry). */
        UNKNOWN_ENTRY,
        /**
         * The entry has nothing the exchange's feedback can name: a ThreatExchange entry without a recorded descriptor
         * of another app to react to.
         */
        NO_FEEDBACK_TARGET
    }

    private final Kind kind;

    ExchangeException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    ExchangeException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }
}
