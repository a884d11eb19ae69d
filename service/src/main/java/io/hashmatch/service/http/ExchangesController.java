package io.hashmatch.service.http;

import io.hashmatch.service.exchange.ExchangeException;
import io.hashmatch.service.exchange.Exchanges;
import io.hashmatch.service.json.JsonOutput;
import io.hashmatch.service.security.RequiredRole;
import io.hashmatch.service.security.Role;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The exchange sources of {@code hashmatch.exchanges.*}, for admins:
 *
 * <ul>
 *   <li>{@code GET /v1/exchanges} → {@code {"exchanges":[<status>...]}};</li>
 *   <li>{@code GET /v1/exchanges/{name}} → its status: type, list, whether it takes feedback, schedule, running, last start, last success, last
 *       error and its kind, checkpoint, entries held, added/removed/malformed ever, the last sync's report;</li>
 *   <li>{@code POST /v1/exchanges/{name}/sync} → syncs now and answers the report; 409 {@code busy} if a sync runs,
 *       401-like failures of the exchange as 502 {@code exchange_credentials_refused}, 502 {@code exchange_unavailable}
 *       or {@code exchange_protocol}, 404 {@code unknown_exchange}, 422 {@code exchange_configuration} or
 *       {@code exchange_credentials_missing};</li>
 *   <li>{@code POST /v1/exchanges/{name}/feedback {"id":..., "positive":true|false, "kind":"pdq"|"md5",
 *       "reason":..., "list":..., "entry":N}} → sends feedback on one entry (NCMEC, StopNCII, ThreatExchange
 *       reactions to the descriptors the sync recorded of it: 404 {@code unknown_exchange_entry} if the source holds
 *       no such entry, 409 {@code feedback_target_missing} if it has no descriptor of another app); 422
 *       {@code feedback_unsupported} for the others. Its audit line names the exchange's entry and, when given, the
 *       list entry it was a hit on ({@link RequestSubject}). Negative feedback to NCMEC without a reason takes
 *       NCMEC's only reason when it offers one, as python-threatexchange does;</li>
 *   <li>{@code GET /v1/exchanges/{name}/feedback/reasons?kind=pdq|md5} → {@code {"exchange":..,"kind":..,
 *       "reasons":[{"id":..,"name":..}]}}: the reasons the exchange offers for negative feedback (NCMEC's
 *       {@code /v2/feedback/<type>/reasons}, asked now); 422 {@code feedback_unsupported} for the others.</li>
 * </ul>
 *
 * <p>Stateless; thread-safe.
 */
@Controller("/v1/exchanges")
@ExecuteOn(TaskExecutors.BLOCKING)
final class ExchangesController {
    private final Exchanges exchanges;

    ExchangesController(Exchanges exchanges) {
        this.exchanges = exchanges;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.ADMIN)
    HttpResponse<String> list() {
        StringBuilder body = new StringBuilder("{\"exchanges\":[");
        boolean first = true;
        for (String name : exchanges.names()) {
            Exchanges.Status s;
            try {
                s = exchanges.status(name);
            } catch (ExchangeException e) {
                continue; // misconfigured: named by GET /v1/exchanges/{name}
            }
            body.append(first ? "" : ",").append(statusJson(s));
            first = false;
        }
        return ok(body.append("]}\n").toString());
    }

    @Get(uri = "/{name}", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.ADMIN)
    HttpResponse<String> status(@PathVariable String name) {
        try {
            return ok(statusJson(exchanges.status(name)) + "\n");
        } catch (ExchangeException e) {
            throw refusal(e);
        }
    }

    @Post(uri = "/{name}/sync", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.ADMIN)
    HttpResponse<String> sync(@PathVariable String name) throws IOException {
        try {
            Exchanges.Report r = exchanges.sync(name);
            return ok(JsonOutput.write(160, g -> {
                        g.writeStartObject();
                        g.writeStringField("exchange", name);
                        writeReport(g, r);
                        g.writeEndObject();
                    })
                    + "\n");
        } catch (ExchangeException e) {
            throw refusal(e);
        }
    }

    @Post(uri = "/{name}/feedback", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.ADMIN)
    HttpResponse<String> feedback(HttpRequest<?> request, @PathVariable String name, @Body String body)
            throws IOException {
        String id = null;
        String list = null;
        Integer entry = null;
        Boolean positive = null;
        String kind = null;
        String reason = null;
        try (var p = RequestJson.parser(body)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                throw badFeedback();
            }
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String field = p.currentName();
                var v = p.nextToken();
                switch (field) {
                    case "id" -> id = v == com.fasterxml.jackson.core.JsonToken.VALUE_STRING ? p.getText() : null;
                    case "positive" -> positive = v.isBoolean() ? p.getBooleanValue() : null;
                    case "kind" -> kind = v == com.fasterxml.jackson.core.JsonToken.VALUE_STRING ? p.getText() : null;
                    case "reason" ->
                        reason = v == com.fasterxml.jackson.core.JsonToken.VALUE_STRING ? p.getText() : null;
                    case "list" -> list = v == com.fasterxml.jackson.core.JsonToken.VALUE_STRING ? p.getText() : null;
                    case "entry" ->
                        entry = v == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null;
                    default -> p.skipChildren();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw badFeedback();
        }
        if (id == null || id.isEmpty() || positive == null) {
            throw badFeedback();
        }
        request.setAttribute(
                RequestSubject.ATTRIBUTE,
                new RequestSubject("exchange " + name + " entry " + id
                        + (list != null && entry != null ? " (list " + list + " entry " + entry + ")" : "")));
        try {
            exchanges.feedback(name, id, kind, positive, reason);
        } catch (ExchangeException e) {
            throw refusal(e);
        }
        String exchangeId = id;
        boolean sentiment = positive;
        return ok(JsonOutput.write(96, g -> {
                    g.writeStartObject();
                    g.writeStringField("exchange", name);
                    g.writeStringField("id", exchangeId);
                    g.writeBooleanField("positive", sentiment);
                    g.writeBooleanField("sent", true);
                    g.writeEndObject();
                })
                + "\n");
    }

    @Get(uri = "/{name}/feedback/reasons", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.ADMIN)
    HttpResponse<String> feedbackReasons(
            @PathVariable String name, @io.micronaut.http.annotation.QueryValue @Nullable String kind) {
        String k = kind == null ? "pdq" : kind.strip().toLowerCase(java.util.Locale.ROOT);
        if (!k.equals("pdq") && !k.equals("md5")) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_request", "kind must be pdq or md5, not " + kind);
        }
        java.util.SequencedMap<String, String> reasons;
        try {
            reasons = exchanges.feedbackReasons(name, k);
        } catch (ExchangeException e) {
            throw refusal(e);
        }
        return ok(JsonOutput.write(64 + 96 * reasons.size(), g -> {
                    g.writeStartObject();
                    g.writeStringField("exchange", name);
                    g.writeStringField("kind", k);
                    g.writeArrayFieldStart("reasons");
                    for (var r : reasons.entrySet()) {
                        g.writeStartObject();
                        g.writeStringField("id", r.getKey());
                        g.writeStringField("name", r.getValue());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                })
                + "\n");
    }

    private static ApiException badFeedback() {
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                "invalid_request",
                "expected {\"id\": \"<entry id>\", \"positive\": true|false, \"kind\": \"pdq\"|\"md5\", \"reason\":"
                        + " \"<NCMEC reason GUID, for negative feedback>\", \"list\": \"<list>\", \"entry\": <number>}"
                        + " (list and entry: the hit's, named in the audit line)");
    }

    private static ApiException refusal(ExchangeException e) {
        String message = String.valueOf(e.getMessage());
        return switch (e.kind()) {
            case NOT_FOUND -> new ApiException(HttpStatus.NOT_FOUND, "unknown_exchange", message);
            case BUSY -> new ApiException(HttpStatus.CONFLICT, "busy", message);
            case CONFIGURATION -> new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "exchange_configuration", message);
            case CREDENTIALS_MISSING ->
                new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "exchange_credentials_missing", message);
            case UNSUPPORTED -> new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "feedback_unsupported", message);
            case UNKNOWN_ENTRY -> new ApiException(HttpStatus.NOT_FOUND, "unknown_exchange_entry", message);
            case NO_FEEDBACK_TARGET -> new ApiException(HttpStatus.CONFLICT, "feedback_target_missing", message);
            case CREDENTIALS_REFUSED ->
                new ApiException(HttpStatus.BAD_GATEWAY, "exchange_credentials_refused", message);
            case UNAVAILABLE -> new ApiException(HttpStatus.BAD_GATEWAY, "exchange_unavailable", message);
            case PROTOCOL -> new ApiException(HttpStatus.BAD_GATEWAY, "exchange_protocol", message);
        };
    }

    private static String statusJson(Exchanges.Status s) {
        return JsonOutput.write(512, g -> {
            g.writeStartObject();
            g.writeStringField("name", s.name());
            g.writeStringField("type", s.type().configName());
            g.writeStringField("list", s.list());
            g.writeBooleanField("feedback", s.type().takesFeedback());
            if (s.schedule() == null) {
                g.writeNullField("schedule_seconds");
            } else {
                g.writeNumberField("schedule_seconds", s.schedule().toSeconds());
            }
            g.writeBooleanField("running", s.running());
            writeInstant(g, "last_start", s.lastStart());
            writeInstant(g, "last_success", s.lastSuccess());
            g.writeStringField("last_error", s.lastError());
            g.writeStringField(
                    "last_error_kind",
                    s.lastErrorKind() == null ? null : s.lastErrorKind().name().toLowerCase(java.util.Locale.ROOT));
            g.writeStringField("checkpoint", s.checkpoint());
            g.writeNumberField("entries", s.entries());
            g.writeNumberField("added", s.added());
            g.writeNumberField("removed", s.removed());
            g.writeNumberField("malformed", s.malformed());
            Exchanges.Report r = s.lastReport();
            if (r == null) {
                g.writeNullField("last_sync");
            } else {
                g.writeObjectFieldStart("last_sync");
                writeReport(g, r);
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }

    private static void writeReport(com.fasterxml.jackson.core.JsonGenerator g, Exchanges.Report r) throws IOException {
        g.writeNumberField("pages", r.pages());
        g.writeNumberField("records", r.fetched());
        g.writeNumberField("added", r.added());
        g.writeNumberField("removed", r.removed());
        g.writeNumberField("malformed", r.malformed());
        g.writeNumberField("millis", r.millis());
    }

    private static void writeInstant(com.fasterxml.jackson.core.JsonGenerator g, String field, @Nullable Instant t)
            throws IOException {
        if (t == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, t.toString());
        }
    }

    private static HttpResponse<String> ok(String body) {
        return HttpResponse.ok(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
