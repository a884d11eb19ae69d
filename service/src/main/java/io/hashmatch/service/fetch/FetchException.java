package io.hashmatch.service.fetch;

/**
 * A URL was not fetched, and why ({@link Kind}). The message names the URL's host at most, never its path or query
 * (which may carry a token).
 *
 * <p>Immutable once thrown.
 */
public final class FetchException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a URL was not fetched. */
    public enum Kind {
        /** Not an http(s) URL, or its host is not in {@code allowed-hosts}: nothing was sent. */
        NOT_ALLOWED,
        /** The host resolves only to addresses the service must not reach: nothing was sent. */
        UNSAFE_ADDRESS,
        /** A redirect to another host, or too many redirects. */
        REDIRECT_REFUSED,
        /** The body is larger than {@code max-bytes}. */
        TOO_LARGE,
        /** A time limit passed (connect, read or total). */
        TIMEOUT,
        /** The connection failed, or the answer was not a success. */
        FAILED
    }

    private final Kind kind;

    FetchException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    /** Why. */
    public Kind kind() {
        return kind;
    }
}
