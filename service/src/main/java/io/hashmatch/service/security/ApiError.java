package io.hashmatch.service.security;

import io.hashmatch.service.json.JsonOutput;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of every error answer of the {@code /v1} API and of the framework (unknown route, body too large,
 * wrong content type, malformed JSON):
 *
 * <pre>{@code
 * {"error":{"code":"invalid_hash","message":"2 of 3 queries are not hashes","details":[{"index":1,"message":"..."}]}}
 * }</pre>
 *
 * <p>{@code code} is short, stable and lower case (the same codes as the CLI's records where they overlap:
 * {@code unsupported_format}, {@code truncated}, {@code image_too_large}, ...); {@code details} is present only
 * when the error concerns parts of the request (queries of a batch, lines of a list). The HMA-compatible routes
 * answer with HMA's own shape instead ({@code {"message":...}}).
 *
 * <p>Immutable; thread-safe.
 *
 * @param error the error
 */
@Serdeable
public record ApiError(Body error) {
    /** An error without details. */
    public static ApiError of(String code, String message) {
        return new ApiError(new Body(code, message, null));
    }

    /** An error with details about parts of the request. */
    public static ApiError of(String code, String message, List<Detail> details) {
        return new ApiError(new Body(code, message, List.copyOf(details)));
    }

    /**
     * A {@code status} answer whose body is this shape (without details), written here rather than by a codec: for
     * the filters, which answer before the route's own content negotiation (a route may produce text/html, like
     * HMA's {@code /status} or the report pages).
     */
    public static MutableHttpResponse<String> response(HttpStatus status, String code, String message) {
        String body = JsonOutput.write(96 + message.length(), g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("code", code);
            g.writeStringField("message", message);
            g.writeEndObject();
            g.writeEndObject();
        });
        return HttpResponse.<String>status(status).body(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /**
     * 429 {@code rate_limited} with a {@code Retry-After} header: "too many requests {@code whose}: retry after
     * {@code retryAfterSeconds} s".
     *
     * @param whose whose requests, as the message names them ({@code "from this address"}, {@code "for key 'k'"})
     */
    public static MutableHttpResponse<String> rateLimited(String whose, long retryAfterSeconds) {
        return response(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "rate_limited",
                        "too many requests " + whose + ": retry after " + retryAfterSeconds + " s")
                .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }

    /**
     * The error object of the response.
     *
     * @param code short stable code
     * @param message one line for humans
     * @param details the parts of the request concerned, or null
     */
    @Serdeable
    public record Body(
            String code, String message, @Nullable List<Detail> details) {}

    /**
     * One part of the request that is wrong: a query of a batch ({@code index}, 0-based) or a line of an uploaded
     * list ({@code line}, {@code column}, 1-based; column absent when unknown).
     *
     * @param index 0-based index of the query in the batch, or null
     * @param line 1-based line, or null
     * @param column 1-based column, or null
     * @param message what is wrong
     */
    @Serdeable
    public record Detail(
            @Nullable Integer index,
            @Nullable Integer line,
            @Nullable Integer column,
            String message) {
        /** A query of a batch. */
        public static Detail ofIndex(int index, String message) {
            return new Detail(index, null, null, message);
        }

        /** A line of an uploaded list (column 0: unknown). */
        public static Detail ofLine(int line, int column, String message) {
            return new Detail(null, line, column > 0 ? column : null, message);
        }
    }
}
