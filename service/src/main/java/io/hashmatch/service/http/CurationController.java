package io.hashmatch.service.http;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.ListDelta;
import io.hashmatch.service.json.JsonOutput;
import io.hashmatch.service.lists.ListLease;
import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.lists.UnknownListException;
import io.hashmatch.service.security.RequiredRole;
import io.hashmatch.service.security.Role;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * HMA's curation routes ({@code /c/...}) on served lists: a list plays the part of a bank, a bank's content is a list
 * entry, its id the entry number. Shapes, status codes and messages follow HMA's
 * {@code hasher-matcher-actioner/src/OpenMediaMatch/blueprints/curation.py} and {@code schemas/curation.py}
 * (facebook/ThreatExchange): keys sorted, {@code matching_enabled_ratio} a float ({@code 1.0}), errors
 * {@code {"message":...}}.
 *
 * <ul>
 *   <li>{@code GET /c/banks} → {@code [{"matching_enabled_ratio":1.0,"name":"A"}]};</li>
 *   <li>{@code GET /c/bank/{name}} → the bank, or 404 {@code bank '<name>' not found};</li>
 *   <li>{@code POST /c/banks {"name":...}} → 201 the bank; 400 {@code Bank names must be UPPER_WITH_UNDERSCORE};
 *       403 {@code Bank already exists}: a new empty list that changes live;</li>
 *   <li>{@code PUT /c/bank/{name} {"enabled_ratio":..}} → the bank (its ratio stays 1.0); 404 {@code Bank not found};
 *       400 for a new name;</li>
 *   <li>{@code DELETE /c/bank/{name}} → {@code {"message":"Done"}} (also when there was no such bank, as in HMA);</li>
 *   <li>{@code POST /c/bank/{name}/signal {"pdq":HEX,"video_md5":HEX,"note":...}} → {@code {"id":N,"signals":{..}}}:
 *       all signals of one call become one entry, matchable as soon as the answer is sent;</li>
 *   <li>{@code GET /c/bank/{name}/content/{id}} → {@code {"bank":{..},"disable_until_ts":1,"id":N,
 *       "original_media_uri":null}} (with {@code note}, and {@code signals} for {@code include_signals=true});</li>
 *   <li>{@code DELETE /c/bank/{name}/content/{id}} → {@code {"deleted":1}}, or 0 when it was not there.</li>
 * </ul>
 * Every bank matches at ratio 1.0: hashmatch has no coin flip per bank. Curation needs the {@link Role#CURATE} role.
 *
 * <p>Stateless; thread-safe.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class CurationController {
    /** HMA's rule for bank names (storage/postgres/impl.py, {@code bank_update}). */
    private static final Pattern BANK_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");

    private static final Pattern PDQ_SIGNAL = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern MD5_SIGNAL = Pattern.compile("[0-9a-f]{32}");
    private static final int MAX_NOTE = 255;

    private final ListRegistry registry;
    private final JsonMapper jsonMapper;

    CurationController(ListRegistry registry, JsonMapper jsonMapper) {
        this.registry = registry;
        this.jsonMapper = jsonMapper;
    }

    @Get(uri = "/c/banks", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> banks() {
        List<String> names = registry.names();
        return json(HttpStatus.OK, 64 * (names.size() + 1), g -> {
            g.writeStartArray();
            for (String n : names) {
                writeBank(g, n);
            }
            g.writeEndArray();
        });
    }

    @Get(uri = "/c/bank/{name}", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> bank(@PathVariable String name) {
        requireBank(name);
        return json(HttpStatus.OK, 96, g -> writeBank(g, name));
    }

    @Post(uri = "/c/banks", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> create(@Body String body) throws IOException {
        Map<?, ?> request = object(body);
        if (!(request.get("name") instanceof String name)) {
            throw new HmaException(HttpStatus.UNPROCESSABLE_ENTITY, "name: Field required");
        }
        if (!BANK_NAME.matcher(name).matches()) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "Bank names must be UPPER_WITH_UNDERSCORE");
        }
        if (!registry.create(name)) {
            throw new HmaException(HttpStatus.FORBIDDEN, "Bank already exists");
        }
        return json(HttpStatus.CREATED, 96, g -> writeBank(g, name));
    }

    /**
     * HMA's {@code bank_update}: {@code {"name":..,"enabled_ratio":..,"enabled":..}}, all optional. The ratio is checked
     * (a number, pydantic's float) and otherwise ignored, as at creation: every bank matches at 1.0. A bank is not
     * renamed (a list's name is its identity in snapshots and audit): 400.
     */
    @Put(uri = "/c/bank/{name}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> update(@PathVariable String name, @Body String body) {
        Map<?, ?> request = object(body);
        Object ratio = request.get("enabled_ratio");
        if (ratio != null && !(ratio instanceof Number) && !(ratio instanceof String s && isFloat(s))) {
            throw new HmaException(HttpStatus.UNPROCESSABLE_ENTITY, "enabled_ratio: Input should be a valid number");
        }
        if (!registry.names().contains(name)) {
            throw new HmaException(HttpStatus.NOT_FOUND, "Bank not found"); // HMA's message here, not bank '<name>'
        }
        if (request.get("name") instanceof String newName && !newName.equals(name)) {
            if (!BANK_NAME.matcher(newName).matches()) {
                throw new HmaException(HttpStatus.BAD_REQUEST, "Bank names must be UPPER_WITH_UNDERSCORE");
            }
            throw new HmaException(
                    HttpStatus.BAD_REQUEST,
                    "hashmatch does not rename banks: create " + newName + " and delete " + name);
        }
        return json(HttpStatus.OK, 96, g -> writeBank(g, name));
    }

    private static boolean isFloat(String s) {
        try {
            Double.parseDouble(s.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Delete(uri = "/c/bank/{name}", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> delete(@PathVariable String name) throws IOException {
        registry.delete(name);
        return json(HttpStatus.OK, 32, g -> {
            g.writeStartObject();
            g.writeStringField("message", "Done");
            g.writeEndObject();
        });
    }

    @Post(uri = "/c/bank/{name}/signal", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> addSignal(@PathVariable String name, @Body String body) throws IOException {
        requireBank(name);
        Map<String, Object> data = new LinkedHashMap<>();
        object(body).forEach((k, v) -> data.put(String.valueOf(k), v));
        Object noteValue = data.remove("note");
        String note = note(noteValue);
        if (data.isEmpty()) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "No signals given");
        }
        PdqHash pdq = null;
        String md5 = null;
        Map<String, String> signals = new TreeMap<>();
        for (Map.Entry<String, Object> e : data.entrySet()) {
            String type = e.getKey();
            String value = e.getValue() instanceof String s ? s : String.valueOf(e.getValue());
            switch (type) {
                case "pdq" -> {
                    if (!PDQ_SIGNAL.matcher(value).matches()) {
                        throw new HmaException(HttpStatus.BAD_REQUEST, "Invalid pdq signal: invalid PDQ hash");
                    }
                    pdq = PdqHash.fromHex(value);
                    signals.put(type, value);
                }
                case "video_md5" -> {
                    String normal = value.strip().toLowerCase(Locale.ROOT);
                    if (!MD5_SIGNAL.matcher(normal).matches()) {
                        throw new HmaException(
                                HttpStatus.BAD_REQUEST,
                                "Invalid video_md5 signal: '" + value + "' is not a valid MD5 hash");
                    }
                    md5 = normal;
                    signals.put(type, normal);
                }
                default -> throw new HmaException(HttpStatus.BAD_REQUEST, "No such signal type " + type);
            }
        }
        int id = change(name, List.of(new ListDelta.Add(pdq, md5, note == null ? "" : note)))[0];
        return json(HttpStatus.OK, 160, g -> {
            g.writeStartObject();
            g.writeNumberField("id", id);
            g.writeObjectFieldStart("signals");
            for (Map.Entry<String, String> s : signals.entrySet()) {
                g.writeStringField(s.getKey(), s.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    @Get(uri = "/c/bank/{name}/content/{id}", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> content(
            @PathVariable String name,
            @PathVariable String id,
            @QueryValue("include_signals") @Nullable String includeSignals)
            throws IOException {
        requireBank(name);
        int entry = contentId(id);
        try (ListLease lease = registry.acquire()) {
            // the entry's number is its id across compactions and restarts
            ListLease.Content content = lease.content(name, entry);
            if (content == null) {
                throw new HmaException(HttpStatus.NOT_FOUND, "content '" + entry + "' not found");
            }
            String note = content.note();
            Map<String, String> signals = new TreeMap<>();
            if ("true".equalsIgnoreCase(includeSignals)) {
                PdqHash pdq = content.pdq();
                if (pdq != null) {
                    signals.put("pdq", pdq.toHex());
                }
                String md5 = content.md5();
                if (md5 != null) {
                    signals.put("video_md5", md5);
                }
            }
            return json(HttpStatus.OK, 256, g -> {
                g.writeStartObject();
                g.writeFieldName("bank");
                writeBank(g, name);
                g.writeNumberField("disable_until_ts", 1); // HMA's BankContentConfig.ENABLED
                g.writeNumberField("id", entry);
                if (note != null) {
                    g.writeStringField("note", note);
                }
                g.writeNullField("original_media_uri");
                if (!signals.isEmpty()) {
                    g.writeObjectFieldStart("signals");
                    for (Map.Entry<String, String> s : signals.entrySet()) {
                        g.writeStringField(s.getKey(), s.getValue());
                    }
                    g.writeEndObject();
                }
                g.writeEndObject();
            });
        }
    }

    @Delete(uri = "/c/bank/{name}/content/{id}", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> deleteContent(@PathVariable String name, @PathVariable String id) throws IOException {
        requireBank(name);
        int entry = contentId(id);
        int deleted;
        try {
            change(name, List.of(new ListDelta.Remove(entry)));
            deleted = 1;
        } catch (IllegalArgumentException e) {
            deleted = 0; // not a live entry: HMA counts the rows it deleted
        }
        int count = deleted;
        return json(HttpStatus.OK, 32, g -> {
            g.writeStartObject();
            g.writeNumberField("deleted", count);
            g.writeEndObject();
        });
    }

    private int[] change(String name, List<ListDelta.Change> changes) throws IOException {
        try {
            return registry.change(name, changes);
        } catch (UnknownListException e) {
            throw new HmaException(HttpStatus.NOT_FOUND, "bank '" + name + "' not found");
        } catch (IllegalStateException e) {
            throw new HmaException(HttpStatus.BAD_REQUEST, String.valueOf(e.getMessage()));
        }
    }

    /** Flask's {@code <int:content_id>} converter: digits only, otherwise no route (404). */
    private static int contentId(String id) {
        if (!id.matches("[0-9]{1,9}")) {
            throw new HmaException(HttpStatus.NOT_FOUND, "content '" + id + "' not found");
        }
        return Integer.parseInt(id);
    }

    private void requireBank(String name) {
        if (!registry.names().contains(name)) {
            throw new HmaException(HttpStatus.NOT_FOUND, "bank '" + name + "' not found");
        }
    }

    /** HMA's {@code _validate_note}: empty is none; a string of at most 255 characters. */
    private static @Nullable String note(@Nullable Object note) {
        if (note == null || "".equals(note) || Boolean.FALSE.equals(note)) {
            return null;
        }
        if (!(note instanceof String s)) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "note should be a string");
        }
        if (s.codePointCount(0, s.length()) > MAX_NOTE) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "note must be at most 255 characters");
        }
        return s;
    }

    private Map<?, ?> object(String body) {
        Object input;
        try {
            input = jsonMapper.readValue(body, Object.class);
        } catch (IOException e) {
            throw new HmaException(
                    HttpStatus.BAD_REQUEST,
                    "The browser (or proxy) sent a request that this server" + " could not understand.");
        }
        if (!(input instanceof Map<?, ?> map)) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "this endpoint expects a json object payload");
        }
        return map;
    }

    /** {@code {"matching_enabled_ratio":1.0,"name":"..."}}: the float HMA's clients expect, not {@code 1}. */
    private static void writeBank(com.fasterxml.jackson.core.JsonGenerator g, String name) throws IOException {
        g.writeStartObject();
        g.writeFieldName("matching_enabled_ratio");
        g.writeRawValue("1.0");
        g.writeStringField("name", name);
        g.writeEndObject();
    }

    private static HttpResponse<String> json(HttpStatus status, int capacity, JsonOutput.Document document) {
        String body = JsonOutput.write(capacity, g -> {
            document.write(g);
            g.writeRaw('\n');
        });
        return HttpResponse.<String>status(status).body(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
