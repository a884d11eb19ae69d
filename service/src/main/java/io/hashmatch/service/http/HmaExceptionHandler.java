package io.hashmatch.service.http;

import io.hashmatch.service.cli.JsonStrings;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers an {@link HmaException} with HMA's {@code {"message":"..."}}. Stateless; thread-safe. */
@Singleton
@Produces(MediaType.APPLICATION_JSON)
final class HmaExceptionHandler implements ExceptionHandler<HmaException, HttpResponse<String>> {
    @Override
    @SuppressWarnings("rawtypes") // ExceptionHandler.handle declares a raw HttpRequest: the override must match it
    public HttpResponse<String> handle(HttpRequest request, HmaException exception) {
        StringBuilder b = new StringBuilder("{\"message\":");
        JsonStrings.appendString(b, exception.getMessage() == null ? "" : exception.getMessage());
        b.append("}\n");
        return HttpResponse.<String>status(exception.status())
                .body(b.toString())
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
