package io.hashmatch.service.http;

import io.micronaut.http.HttpStatus;

/**
 * An HMA-compatible route refused the request: answered by {@link HmaExceptionHandler} with HMA's own error body,
 * {@code {"message":"..."}} (HMA {@code utils/flask_utils.py api_error_handler}).
 *
 * <p>Immutable once thrown.
 */
final class HmaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final HttpStatus status;

    HmaException(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }
}
