package io.hashmatch.service.http;

import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.ListDelta;
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
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RouteCondition;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 *       "original_media_uri":null}} (with {@code note}; {@code signals} for {@code include_signals=true};
 *       {@code metadata} {@code {"collab":null,"content_id":..,"content_uri":..,"json":{..}}} when the content was
 *       banked with metadata, unless {@code include_metadata=false});</li>
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

    /** HMA's {@code BankedContentMetadata} fields ({@code json} also by its attribute name); {@code collab} dropped. */
    private static final Set<String> METADATA_FIELDS = Set.of("content_id", "content_uri", "json", "json_data");

    private final ListRegistry registry;
    private final JsonMapper jsonMapper;
    private final HmaMedia media;

    CurationController(ListRegistry registry, JsonMapper jsonMapper, HmaMedia media) {
        this.registry = registry;
        this.jsonMapper = jsonMapper;
        this.media = media;
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
    HttpResponse<String> addSignal(HttpRequest<?> request, @PathVariable String name, @Body String body)
            throws IOException {
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
        request.setAttribute(RequestSubject.ATTRIBUTE, new RequestSubject("list " + name + " entry " + id));
        return banked(id, signals);
    }

    /**
     * HMA's {@code bank_add_content} for a photo fetched from {@code url} (the hosts {@code hashmatch.fetch} allows,
     * {@link HmaMedia#fromUrl}), with an optional JSON body {@code {"metadata":{..},"note":..}}; also answers a
     * request without a body.
     */
    @Post(
            uri = "/c/bank/{name}/content",
            consumes = {MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.APPLICATION_FORM_URLENCODED},
            produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> addContent(
            HttpRequest<?> request,
            @PathVariable String name,
            @QueryValue @Nullable String url,
            @QueryValue("content_type") @Nullable String contentType,
            @QueryValue @Nullable String types,
            @Body @Nullable String body)
            throws IOException {
        requireBank(name);
        Object metadata = null;
        Object noteValue = null;
        boolean json = request.getContentType()
                .map(t -> t.getName().equals(MediaType.APPLICATION_JSON))
                .orElse(false);
        if (json && body != null && !body.isBlank()) {
            Object input = parse(body);
            if (input instanceof Map<?, ?> map) { // HMA reads both only from a JSON object
                metadata = map.get("metadata");
                noteValue = map.get("note");
            }
        }
        String details = userMetadata(metadata);
        String note = note(noteValue);
        if (url == null || url.isEmpty()) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "Neither `url` nor multipart file upload was received");
        }
        return bankPhoto(request, name, HmaMedia.pdq(media.fromUrl(url, contentType, types, false)), note, details);
    }

    /**
     * HMA's {@code bank_add_content} for a multipart upload: one file under {@code photo} (or {@code video}), optional
     * form fields {@code metadata} (a JSON object as text) and {@code note}; {@code ?url=} still wins, as in HMA.
     */
    @ExecuteOn(ImageHashing.EXECUTOR)
    // a POST without Content-Type (curl -X POST) would match both routes; it is the other route's
    @RouteCondition("#{request.getContentType().isPresent()}")
    @Post(
            uri = "/c/bank/{name}/content",
            consumes = MediaType.MULTIPART_FORM_DATA,
            produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> addContentFile(
            HttpRequest<?> httpRequest,
            @PathVariable String name,
            @QueryValue @Nullable String url,
            @QueryValue("content_type") @Nullable String contentType,
            @QueryValue @Nullable String types,
            @Part("photo") @Nullable CompletedFileUpload photo,
            @Part("video") @Nullable CompletedFileUpload video,
            @Part("metadata") @Nullable String metadata,
            @Part("note") @Nullable String noteField)
            throws IOException {
        requireBank(name);
        String details = null;
        if (metadata != null) {
            Object parsed;
            try {
                parsed = jsonMapper.readValue(metadata, Object.class);
            } catch (IOException e) {
                throw new HmaException(HttpStatus.BAD_REQUEST, "metadata form field must be valid JSON");
            }
            details = userMetadata(parsed);
        }
        String note = note(noteField);
        FileHashes hashes;
        if (url != null && !url.isEmpty()) {
            hashes = media.fromUrl(url, contentType, types, false);
        } else if (photo != null || video != null) {
            hashes = media.fromUpload(photo, video, false);
        } else {
            throw new HmaException(HttpStatus.BAD_REQUEST, "Neither `url` nor multipart file upload was received");
        }
        return bankPhoto(httpRequest, name, HmaMedia.pdq(hashes), note, details);
    }

    /**
     * HMA's {@code _bank_add_signals} for a hashed photo: a photo whose PDQ quality is below HMA's floor hashes to
     * {@code ""}, which HMA refuses as an invalid signal.
     */
    private HttpResponse<String> bankPhoto(
            HttpRequest<?> request, String name, String pdq, @Nullable String note, @Nullable String details)
            throws IOException {
        if (!PDQ_SIGNAL.matcher(pdq).matches()) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "Invalid pdq signal: invalid PDQ hash");
        }
        ListDelta.Add add =
                new ListDelta.Add(PdqHash.fromHex(pdq), null, note == null ? "" : note, null, null, details);
        int id = change(name, List.of(add))[0];
        request.setAttribute(RequestSubject.ATTRIBUTE, new RequestSubject("list " + name + " entry " + id));
        return banked(id, new TreeMap<>(Map.of("pdq", pdq)));
    }

    /**
     * HMA's {@code BankedContentMetadata} check ({@code extra="forbid"}): an object of {@code content_id},
     * {@code content_uri} (strings) and {@code json} (an object; also {@code json_data}), all optional, {@code collab}
     * ignored. Answers what HMA stores as the content's {@code user_metadata}
     * ({@code model_dump(by_alias=True, exclude_none=True)}: the fields given and not null, {@code json} by its
     * alias) as a JSON object's text, kept with the entry ({@link ListDelta.Add#details()}); null when that is empty.
     */
    private @Nullable String userMetadata(@Nullable Object metadata) throws IOException {
        if (metadata == null) {
            return null;
        }
        if (!(metadata instanceof Map<?, ?> map)) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "metadata should be a json object");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String field = String.valueOf(e.getKey());
            Object value = e.getValue();
            if (field.equals("collab")) {
                continue;
            }
            String problem;
            if (!METADATA_FIELDS.contains(field)) {
                problem = "Extra inputs are not permitted";
            } else if (value == null) {
                problem = null;
            } else if (field.startsWith("json")) {
                problem = value instanceof Map<?, ?> ? null : "Input should be a valid dictionary";
            } else {
                problem = value instanceof String ? null : "Input should be a valid string";
            }
            if (problem != null) {
                throw new HmaException(
                        HttpStatus.BAD_REQUEST,
                        "Invalid metadata: 1 validation error for BankedContentMetadata\n" + field + "\n  " + problem);
            }
        }
        Map<String, Object> stored = new TreeMap<>();
        for (String field : List.of("content_id", "content_uri")) {
            if (map.get(field) != null) {
                stored.put(field, map.get(field));
            }
        }
        Object json = map.get("json") != null ? map.get("json") : map.get("json_data");
        if (json != null) {
            stored.put("json", json);
        }
        return stored.isEmpty() ? null : jsonMapper.writeValueAsString(stored);
    }

    /** HMA's {@code BankedContentMetadata} of stored {@code user_metadata}, as Flask writes it: keys sorted, nulls kept. */
    private void writeMetadata(com.fasterxml.jackson.core.JsonGenerator g, String details) throws IOException {
        Map<?, ?> stored = jsonMapper.readValue(details, Map.class);
        g.writeObjectFieldStart("metadata");
        g.writeNullField("collab");
        for (String field : List.of("content_id", "content_uri", "json")) {
            g.writeFieldName(field);
            writeSorted(g, stored.get(field));
        }
        g.writeEndObject();
    }

    /** A JSON value with every object's keys sorted, as Flask's {@code jsonify} writes it. */
    private static void writeSorted(com.fasterxml.jackson.core.JsonGenerator g, @Nullable Object value)
            throws IOException {
        switch (value) {
            case null -> g.writeNull();
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (Map.Entry<String, ?> e : new TreeMap<String, Object>(toStringKeys(map)).entrySet()) {
                    g.writeFieldName(e.getKey());
                    writeSorted(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> list -> {
                g.writeStartArray();
                for (Object o : list) {
                    writeSorted(g, o);
                }
                g.writeEndArray();
            }
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Double d -> g.writeNumber(d);
            case Float f -> g.writeNumber(f);
            case java.math.BigDecimal d -> g.writeNumber(d);
            case java.math.BigInteger i -> g.writeNumber(i);
            case Number n -> g.writeNumber(n.longValue());
            default -> g.writeString(String.valueOf(value));
        }
    }

    private static Map<String, Object> toStringKeys(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** {@code {"id":N,"signals":{..}}}, HMA's answer to banking content. */
    private static HttpResponse<String> banked(int id, Map<String, String> signals) {
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
            @QueryValue("include_signals") @Nullable String includeSignals,
            @QueryValue("include_metadata") @Nullable String includeMetadata)
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
            // HMA's include_metadata defaults to true
            String details =
                    includeMetadata == null || "true".equalsIgnoreCase(includeMetadata) ? content.details() : null;
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
                if (details != null) {
                    writeMetadata(g, details);
                }
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

    /**
     * HMA's {@code bank_update_content}: {@code {"disable_until_ts":N,"note":..}}, both optional, checked as HMA checks
     * them (Python's {@code int()} of the value, at least 0, less than 5 years ahead; the note as at banking); answers
     * the content as HMA's {@code jsonify(BankContentConfig)} writes it. hashmatch neither disables a single entry
     * (only {@code 1}, enabled, is taken: delete the content instead) nor changes a banked note (the live delta is
     * append-only): both are 400.
     */
    @Put(uri = "/c/bank/{name}/content/{id}", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> updateContent(
            HttpRequest<?> request, @PathVariable String name, @PathVariable String id, @Body @Nullable String body)
            throws IOException {
        requireBank(name);
        int entry = contentId(id);
        request.setAttribute(RequestSubject.ATTRIBUTE, new RequestSubject("list " + name + " entry " + entry));
        ListLease.Content content;
        try (ListLease lease = registry.acquire()) {
            content = lease.content(name, entry);
        }
        if (content == null) {
            throw new HmaException(HttpStatus.NOT_FOUND, "content '" + entry + "' not found");
        }
        boolean json = request.getContentType()
                .map(t -> t.getName().equals(MediaType.APPLICATION_JSON))
                .orElse(false);
        if (!json) { // Flask's request.get_json()
            throw new HmaException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Did not attempt to load JSON data because the request Content-Type was not 'application/json'.");
        }
        Map<?, ?> data = object(body == null ? "" : body);
        if (data.containsKey("disable_until_ts")) {
            long until = pythonInt(data.get("disable_until_ts"));
            if (until < 0) {
                throw new HmaException(HttpStatus.BAD_REQUEST, "disable_until_ts must be a non-negative integer");
            }
            if (until
                    > java.time.Instant.now()
                            .plus(java.time.Duration.ofDays(365 * 5))
                            .getEpochSecond()) {
                throw new HmaException(
                        HttpStatus.BAD_REQUEST, "disable_until_ts must be less than 5 years in the future");
            }
            if (until != 1) {
                throw new HmaException(
                        HttpStatus.BAD_REQUEST,
                        "hashmatch does not disable a single content (disable_until_ts can only be 1, enabled):"
                                + " DELETE /c/bank/" + name + "/content/" + entry + " removes it");
            }
        }
        String note = content.note();
        String details = content.details();
        if (data.containsKey("note") && !java.util.Objects.equals(note(data.get("note")), note)) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "hashmatch does not change the note of a banked content");
        }
        return json(HttpStatus.OK, 256, g -> {
            g.writeStartObject();
            g.writeFieldName("bank");
            writeBank(g, name);
            g.writeObjectFieldStart("collab_metadata");
            g.writeEndObject();
            g.writeNumberField("disable_until_ts", 1);
            g.writeNumberField("id", entry);
            if (note == null) {
                g.writeNullField("note");
            } else {
                g.writeStringField("note", note);
            }
            g.writeNullField("original_media_uri");
            g.writeFieldName("user_metadata");
            writeSorted(g, details == null ? null : jsonMapper.readValue(details, Map.class));
            g.writeEndObject();
        });
    }

    /** Python's {@code int(v)} as HMA's {@code str_to_type} applies it: 400 {@code Invalid int: '<v>'} otherwise. */
    private static long pythonInt(@Nullable Object v) {
        return switch (v) {
            case Boolean b -> b ? 1 : 0;
            case Integer i -> i;
            case Long l -> l;
            case Number n when Double.isFinite(n.doubleValue()) -> (long) n.doubleValue(); // int() truncates
            case String s
            when s.strip().matches("[+-]?[0-9](_?[0-9])*") ->
                Long.parseLong(s.strip().replace("_", ""));
            case null -> throw invalidInt("None");
            default -> throw invalidInt(String.valueOf(v));
        };
    }

    private static HmaException invalidInt(String value) {
        return new HmaException(HttpStatus.BAD_REQUEST, "Invalid int: '" + value + "'");
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
        Object input = parse(body);
        if (!(input instanceof Map<?, ?> map)) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "this endpoint expects a json object payload");
        }
        return map;
    }

    /** A JSON body, or Flask's 400 for one it cannot decode. */
    private Object parse(String body) {
        try {
            return jsonMapper.readValue(body, Object.class);
        } catch (IOException e) {
            throw new HmaException(
                    HttpStatus.BAD_REQUEST,
                    "The browser (or proxy) sent a request that this server" + " could not understand.");
        }
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
