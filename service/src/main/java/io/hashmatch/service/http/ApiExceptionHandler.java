package io.hashmatch.service.http;

import io.hashmatch.service.security.ApiError;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers an {@link ApiException} with its status and {@link ApiError} body. Stateless; thread-safe. */
@Singleton
@Produces(MediaType.APPLICATION_JSON)
final class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<ApiError>> {
    @Override
    @SuppressWarnings("rawtypes") // ExceptionHandler.handle declares a raw HttpRequest: the override must match it
    public HttpResponse<ApiError> handle(HttpRequest request, ApiException exception) {
        return HttpResponse.<ApiError>status(exception.status())
                .body(exception.error())
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
