package io.hashmatch.service.http;

import io.hashmatch.service.json.JsonOutput;
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
        String message = exception.getMessage() == null ? "" : exception.getMessage();
        String body = JsonOutput.write(32 + message.length(), g -> {
            g.writeStartObject();
            g.writeStringField("message", message);
            g.writeEndObject();
            g.writeRaw('\n');
        });
        return HttpResponse.<String>status(exception.status()).body(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
