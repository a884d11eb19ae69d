package io.hashmatch.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.ListDelta;
import io.hashmatch.service.exchange.Exchanges;
import io.hashmatch.service.json.JsonOutput;
import io.hashmatch.service.lists.ListLease;
import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.lists.UnknownListException;
import io.hashmatch.service.security.RequiredRole;
import io.hashmatch.service.security.Role;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Single entries of a list that changes live (an uploaded list, an HMA bank, an exchange's target list), for the
 * console and scripts; the {@link Role#CURATE} role, as the curation API, since they change contents, not lists:
 *
 * <ul>
 *   <li>{@code POST /v1/lists/{name}/entries {"kind":"pdq"|"md5","hash":HEX,"category":...}} → 201
 *       {@code {"list":..,"entry":N,"kind":..,"hash":..,"label":..}}: one new entry, matchable once the answer is sent.
 *       The category (optional, at most 255 characters) is kept as the entry's label, which hits do not report;</li>
 *   <li>{@code GET /v1/lists/{name}/entries/{entry}} → {@code {"list","entry","live":true|false,"label","pdq","md5",
 *       "category","origins":[{"exchange","type","id","feedback","verified"}]}}: a live addition's label and hashes, a
 *       snapshot entry's category and label (its external id in the snapshot's metadata store, where a compaction
 *       moves an addition's label), and the exchanges the entry came from ({@link Exchanges#origins}: an entry a sync
 *       added is labelled with its exchange id, before and after a compaction);</li>
 *   <li>{@code DELETE /v1/lists/{name}/entries/{entry}} → {@code {"list":..,"entry":N,"removed":true}}: it no longer
 *       matches once the answer is sent.</li>
 * </ul>
 * Errors: 400 {@code invalid_request} or {@code invalid_hash}, 404 {@code unknown_list} or {@code unknown_entry}, 409
 * {@code list_not_live} (a list served from a configured file: change the file). The audit line of an addition or a
 * removal names the list and the entry ({@link RequestSubject}).
 *
 * <p>Stateless; thread-safe.
 */
@Controller("/v1/lists/{name}/entries")
@ExecuteOn(TaskExecutors.BLOCKING)
final class ListEntriesController {
    private static final Pattern PDQ = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern MD5 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern ENTRY = Pattern.compile("[0-9]{1,9}");
    private static final int MAX_CATEGORY = 255;

    private final ListRegistry registry;
    private final Exchanges exchanges;

    ListEntriesController(ListRegistry registry, Exchanges exchanges) {
        this.registry = registry;
        this.exchanges = exchanges;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> add(HttpRequest<?> request, @PathVariable String name, @Body String body) throws IOException {
        ListsController.checkName(name);
        request.setAttribute(RequestSubject.ATTRIBUTE, new RequestSubject("list " + name));
        String kind = null;
        String hash = null;
        String category = null;
        try (var p = RequestJson.parser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw badAddition();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                String text = v == JsonToken.VALUE_STRING ? p.getText() : null;
                switch (field) {
                    case "kind" -> kind = text;
                    case "hash" -> hash = text;
                    case "category" -> category = text;
                    default -> p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw badAddition();
        }
        if (kind == null || hash == null) {
            throw badAddition();
        }
        String value = hash.strip();
        ListDelta.Add addition =
                switch (kind.strip().toLowerCase(Locale.ROOT)) {
                    case "pdq" -> {
                        if (!PDQ.matcher(value).matches()) {
                            throw invalidHash("a PDQ hash is 64 hex digits, not " + value.length() + " characters");
                        }
                        yield new ListDelta.Add(PdqHash.fromHex(value), null, label(category));
                    }
                    case "md5" -> {
                        if (!MD5.matcher(value).matches()) {
                            throw invalidHash("an MD5 digest is 32 hex digits, not " + value.length() + " characters");
                        }
                        yield new ListDelta.Add(null, value.toLowerCase(Locale.ROOT), label(category));
                    }
                    default ->
                        throw new ApiException(
                                HttpStatus.BAD_REQUEST,
                                "invalid_request",
                                "kind must be pdq or md5 (the hashes a list changed live holds), not " + kind);
                };
        int entry = change(name, addition)[0];
        request.setAttribute(RequestSubject.ATTRIBUTE, new RequestSubject("list " + name + " entry " + entry));
        String normal = addition.pdq() != null ? addition.pdq().toHex() : Objects.requireNonNull(addition.md5());
        return json(HttpStatus.CREATED, g -> {
            g.writeStringField("list", name);
            g.writeNumberField("entry", entry);
            g.writeStringField("kind", addition.pdq() != null ? "pdq" : "md5");
            g.writeStringField("hash", normal);
            g.writeStringField("label", addition.label());
        });
    }

    @Get(uri = "/{entry}", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> entry(@PathVariable String name, @PathVariable String entry) {
        ListsController.checkName(name);
        int number = entryNumber(entry);
        String label = null;
        PdqHash pdq = null;
        String md5 = null;
        String category = null;
        boolean live;
        try (ListLease lease = registry.acquire()) {
            HashListSnapshot snapshot = lease.snapshots(List.of(name)).get(name);
            ListDelta.View changes = lease.changes(name);
            int entries = Objects.requireNonNull(snapshot).entryCount() + (changes == null ? 0 : changes.added());
            if (number >= entries || (changes != null && changes.isRemoved(number))) {
                throw unknownEntry(name, number);
            }
            live = changes != null && changes.isAddition(number);
            if (changes != null && live) {
                label = changes.label(number);
                pdq = changes.pdq(number);
                md5 = changes.md5(number);
            } else {
                category = snapshot.category(number);
                // a compaction moved the addition's label to the snapshot's metadata store (its external id)
                ListLease.Content content = lease.content(name, number);
                label = content == null ? null : content.note();
            }
        } catch (UnknownListException e) {
            throw unknownList(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Exchanges.Origin> origins = label == null || label.isEmpty() ? List.of() : exchanges.origins(name, label);
        String text = label;
        PdqHash pdqHash = pdq;
        String md5Digest = md5;
        String cat = category;
        boolean addition = live;
        return json(HttpStatus.OK, g -> {
            g.writeStringField("list", name);
            g.writeNumberField("entry", number);
            g.writeBooleanField("live", addition);
            if (text != null) {
                g.writeStringField("label", text);
            }
            if (pdqHash != null) {
                g.writeStringField("pdq", pdqHash.toHex());
            }
            if (md5Digest != null) {
                g.writeStringField("md5", md5Digest);
            }
            if (cat != null) {
                g.writeStringField("category", cat);
            }
            g.writeArrayFieldStart("origins");
            for (Exchanges.Origin o : origins) {
                g.writeStartObject();
                g.writeStringField("exchange", o.exchange());
                g.writeStringField("type", o.type().configName());
                g.writeStringField("id", o.id());
                g.writeBooleanField("feedback", o.type().takesFeedback());
                g.writeBooleanField("verified", o.verified());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    @Delete(uri = "/{entry}", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> remove(HttpRequest<?> request, @PathVariable String name, @PathVariable String entry)
            throws IOException {
        ListsController.checkName(name);
        int number = entryNumber(entry);
        request.setAttribute(RequestSubject.ATTRIBUTE, new RequestSubject("list " + name + " entry " + number));
        try {
            change(name, new ListDelta.Remove(number));
        } catch (IllegalArgumentException e) {
            throw unknownEntry(name, number);
        }
        return json(HttpStatus.OK, g -> {
            g.writeStringField("list", name);
            g.writeNumberField("entry", number);
            g.writeBooleanField("removed", true);
        });
    }

    private int[] change(String name, ListDelta.Change change) throws IOException {
        try {
            return registry.change(name, List.of(change));
        } catch (UnknownListException e) {
            throw unknownList(name);
        } catch (IllegalStateException e) {
            throw new ApiException(HttpStatus.CONFLICT, "list_not_live", String.valueOf(e.getMessage()));
        }
    }

    private static String label(@Nullable String category) {
        if (category == null || category.isBlank()) {
            return "";
        }
        String c = category.strip();
        if (c.codePointCount(0, c.length()) > MAX_CATEGORY
                || c.getBytes(StandardCharsets.UTF_8).length > 4 * MAX_CATEGORY) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "invalid_request",
                    "category must be at most " + MAX_CATEGORY + " characters");
        }
        return c;
    }

    private static int entryNumber(String entry) {
        if (!ENTRY.matcher(entry).matches()) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST, "invalid_request", "an entry is a number (0, 1, ...), not " + entry);
        }
        return Integer.parseInt(entry);
    }

    private static ApiException badAddition() {
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                "invalid_request",
                "expected {\"kind\": \"pdq\"|\"md5\", \"hash\": \"<hex>\", \"category\": \"<optional>\"}");
    }

    private static ApiException invalidHash(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_hash", "not a hash: " + message);
    }

    private static ApiException unknownList(String name) {
        return new ApiException(HttpStatus.NOT_FOUND, "unknown_list", "no list named '" + name + "'");
    }

    private static ApiException unknownEntry(String name, int entry) {
        return new ApiException(
                HttpStatus.NOT_FOUND, "unknown_entry", "list '" + name + "' has no entry " + entry + " (now)");
    }

    /** One JSON object with the fields {@code fields} writes. */
    private static HttpResponse<String> json(HttpStatus status, JsonOutput.Document fields) {
        String body = JsonOutput.write(256, g -> {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
            g.writeRaw('\n');
        });
        return HttpResponse.<String>status(status).body(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
