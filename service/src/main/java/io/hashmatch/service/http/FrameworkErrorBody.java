package io.hashmatch.service.http;

import io.hashmatch.service.security.ApiError;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;
import java.util.Locale;

/**
 * Gives the errors the framework answers itself (unknown route 404, wrong method 405, body over the size limit
 * 413, unsupported content type 415, malformed JSON or a missing body 400, unexpected failures 500) the same
 * {@link ApiError} shape as the API's own errors, instead of Micronaut's default body.
 *
 * <p>Stateless; thread-safe.
 */
@Singleton
@Replaces(JsonErrorResponseBodyProvider.class)
final class FrameworkErrorBody implements JsonErrorResponseBodyProvider<ApiError> {
    @Override
    public ApiError body(ErrorContext context, HttpResponse<?> response) {
        HttpStatus status = response.status();
        String message = context.getErrors().isEmpty()
                ? status.getReason()
                : context.getErrors().stream()
                        .map(Error::getMessage)
                        .reduce((a, b) -> a + "; " + b)
                        .orElse("");
        if (status.getCode() >= 500) {
            message = "internal error"; // never echo exception text (it could quote request data) on a server fault
        }
        return ApiError.of(code(status), message);
    }

    /** The error code of a status: {@code not_found}, {@code body_too_large}, {@code unsupported_media_type}, ... */
    static String code(HttpStatus status) {
        return switch (status) {
            case REQUEST_ENTITY_TOO_LARGE -> "body_too_large";
            case INTERNAL_SERVER_ERROR -> "internal_error";
            default -> status.name().toLowerCase(Locale.ROOT);
        };
    }
}
