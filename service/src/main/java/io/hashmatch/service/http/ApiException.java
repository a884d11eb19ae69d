package io.hashmatch.service.http;

import io.hashmatch.service.security.ApiError;
import io.micronaut.http.HttpStatus;
import java.util.List;

/**
 * A request refused with a status and an {@link ApiError} body; thrown by controllers, answered by
 * {@link ApiExceptionHandler}.
 *
 * <p>Immutable once thrown.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final transient ApiError error;

    /** An error without details. */
    public ApiException(HttpStatus status, String code, String message) {
        this(status, ApiError.of(code, message));
    }

    /** An error with details. */
    public ApiException(HttpStatus status, String code, String message, List<ApiError.Detail> details) {
        this(status, ApiError.of(code, message, details));
    }

    private ApiException(HttpStatus status, ApiError error) {
        super(error.error().message(), null, false, false);
        this.status = status;
        this.error = error;
    }

    /** The HTTP status. */
    public HttpStatus status() {
        return status;
    }

    /** The body. */
    public ApiError error() {
        return error;
    }
}
