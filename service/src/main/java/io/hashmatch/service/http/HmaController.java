package io.hashmatch.service.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.hash.PdqResult;
import io.hashmatch.match.ListSettings;
import io.hashmatch.match.MatchHit;
import io.hashmatch.match.MatchResult;
import io.hashmatch.match.Query;
import io.hashmatch.service.fetch.UrlFetcher;
import io.hashmatch.service.json.JsonOutput;
import io.hashmatch.service.json.MatchJson;
import io.hashmatch.service.lists.ListInfo;
import io.hashmatch.service.lists.ListLease;
import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.ops.MatchObserver;
import io.hashmatch.service.security.RequiredRole;
import io.hashmatch.service.security.Role;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Routes compatible with Meta's HMA (OpenMediaMatch), so that HMA clients work unchanged: the same paths, query
 * parameters, response shapes (keys sorted, distances as strings) and error bodies ({@code {"message":..}}), as
 * documented in {@code /work/shared/hma/API.md} from HMA's {@code blueprints/matching.py}, {@code hashing.py} and
 * {@code app.py}. A served list plays the part of an HMA bank; {@code bank_content_id} is the entry number in that
 * list.
 *
 * <ul>
 *   <li>{@code GET /m/lookup?signal_type=pdq&signal=HEX[&banks=A,B]} → {@code {"<list>":[{"bank_content_id":5,"distance":"0"}]}},
 *       {@code {}} without a match;</li>
 *   <li>{@code GET /m/raw_lookup?signal_type=pdq&signal=HEX[&banks=..][&include_distance=true]} →
 *       {@code {"matches":[5]}} or {@code {"matches":[{"bank_content_id":5,"distance":"0"}]}};</li>
 *   <li>{@code POST /m/lookup[?variants=false]} (multipart, one file under {@code photo}) →
 *       {@code {"pdq":{<bank map>}}}; the photo is matched with its query-side variants (the picture inside a
 *       border, a collage's tiles, the photo inside a screenshot, rotations and mirrors:
 *       {@link io.hashmatch.scan.QueryHashing}, as {@code /v1/match/image} and {@code hashmatch scan}) unless
 *       {@code variants} is false (pydantic's booleans); a hit between variants adds HMA-foreign keys
 *       {@code queryVariant} and {@code entryVariant} ({@link MatchJson#writeVariants}). A photo whose whole-image
 *       quality is below 50 (HMA hashes it to {@code ""}) is 400 {@code invalid signal: invalid PDQ hash}, as in
 *       HMA, unless one of its variants hits: then the hit is the answer (200);</li>
 *   <li>{@code POST /h/hash} (multipart, one file under {@code photo}) → {@code {"pdq":"<hex>"}}, {@code ""} when
 *       the quality is below 50: the whole image's hash only, as HMA answers (variants are for matching);</li>
 *   <li>{@code GET /h/hash?url=U[&content_type=photo][&types=pdq]} → the same for the photo fetched from {@code U};
 *       {@code GET /m/lookup?url=U[&signal_type=pdq]} → {@code {"pdq":{<bank map>}}} (only the bank map with
 *       {@code signal_type}), the fetched photo matched as {@code POST /m/lookup} matches an upload; HMA's
 *       {@code hash_url_content} errors (400 {@code Invalid or unsafe URL provided}, {@code Failed to fetch URL: ..},
 *       {@code unsupported url ContentType: ..}; 413 {@code Content too large});</li>
 *   <li>{@code GET /m/index/status} → {@code {"pdq":{"built_to":<unix seconds the newest list was loaded>,"present":true,
 *       "size":<PDQ hashes>}}};</li>
 *   <li>{@code POST /m/compare} {@code {"pdq":[HEX,HEX]}} → {@code {"pdq":[true,{"distance":9}]}} (a match is
 *       distance ≤ 31);</li>
 *   <li>{@code GET /status}: {@code I-AM-ALIVE}, or 503 {@code INDEX-NOT-LOADED} until the lists are loaded;
 *       {@code GET /status/live}: always {@code I-AM-ALIVE}.</li>
 * </ul>
 *
 * <p>Differences: only the {@code pdq} signal type is served ({@code video_md5}: 400 "not enabled"); PDQ lookups use
 * distance 31 like HMA; a hit cancelled by a suppression entry (ThreatExchange {@code NEGATIVE_CLASS}) is not
 * reported; {@code url=} ({@code GET /h/hash}, {@code GET /m/lookup}) is fetched only from the hosts
 * {@code hashmatch.fetch.allowed-hosts} lists (none by default: {@code Invalid or unsafe URL provided}), within
 * {@link UrlFetcher}'s limits;
 * the coinflip parameters ({@code seed}, {@code bypass_coinflip}) are accepted and ignored, as every list is fully
 * enabled; undecodable uploads get 400 instead of HMA's 500; a bank that is not served is 404
 * {@code {"message":"bank '<name>' not found"}} (HMA's curation message) instead of an empty answer; the distance caps
 * and distance disclosure of {@link SearchPolicy} apply (a hit whose distance is withheld has no {@code distance}),
 * and a lookup keeps its nearest {@code hashmatch.limits.max-hits-per-query} hits.
 *
 * <p>Stateless; thread-safe.
 */
@Controller
final class HmaController { // lookups of one hash run on the event loop: a thread hop would cost more than the search
    /** HMA's PDQ signal check: exactly 64 lowercase hex digits ({@code pytx/signal_type/pdq/signal.py}). */
    private static final Pattern PDQ_SIGNAL = Pattern.compile("[0-9a-f]{64}");
    /** HMA's quality floor when hashing ({@code PdqSignal.QUALITY_THRESHOLD}). */
    static final int QUALITY_THRESHOLD = 50;

    static final String PDQ = "pdq";

    private final ListRegistry registry;
    private final ListMatching matching;
    private final JsonMapper jsonMapper;
    private final HmaMedia media;
    private final ExecutorService blocking;

    HmaController(
            ListRegistry registry,
            ListMatching matching,
            JsonMapper jsonMapper,
            HmaMedia media,
            @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.registry = registry;
        this.matching = matching;
        this.jsonMapper = jsonMapper;
        this.media = media;
        this.blocking = blocking;
    }

    @Get(uri = "/m/lookup", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.MATCH)
    CompletableFuture<HttpResponse<String>> lookup(
            HttpRequest<?> http,
            @QueryValue("signal_type") @Nullable String signalType,
            @QueryValue @Nullable String signal,
            @QueryValue @Nullable String url,
            @QueryValue("content_type") @Nullable String contentType,
            @QueryValue @Nullable String types,
            @QueryValue @Nullable String banks,
            @QueryValue @Nullable String variants) {
        if (url != null && !url.isEmpty()) {
            // a fetch blocks: off the event loop (a lookup by hash stays on it)
            return CompletableFuture.supplyAsync(
                    () -> lookupUrl(http, url, contentType, types, signalType, banks, variants), blocking);
        }
        if (signal == null || signal.isEmpty() || signalType == null || signalType.isEmpty()) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "Either url or both signal and signal_type are required");
        }
        PdqHash pdq = pdqSignal(signalType, signal);
        Matched hits = matchedHits(http, Query.pdq(pdq), banks, MatchObserver.Source.HASHES);
        return CompletableFuture.completedFuture(json(128, g -> writeBankMap(g, hits)));
    }

    /**
     * HMA's lookup by URL: the fetched photo's hashes looked up, {@code {"pdq":{<bank map>}}}; only the bank map of
     * {@code signalType} when it is given ({@code {}} for another type).
     */
    private HttpResponse<String> lookupUrl(
            HttpRequest<?> http,
            String url,
            @Nullable String contentType,
            @Nullable String types,
            @Nullable String signalType,
            @Nullable String banks,
            @Nullable String variants) {
        Matched hits = photoHits(http, media.fromUrl(url, contentType, types, withVariants(variants)), banks);
        if (signalType != null) {
            return json(128, g -> {
                if (signalType.equals(PDQ)) {
                    writeBankMap(g, hits);
                } else {
                    g.writeStartObject();
                    g.writeEndObject();
                }
            });
        }
        return pdqBankMap(hits);
    }

    @Get(uri = "/m/raw_lookup", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.MATCH)
    HttpResponse<String> rawLookup(
            HttpRequest<?> http,
            @QueryValue("signal_type") @Nullable String signalType,
            @QueryValue @Nullable String signal,
            @QueryValue @Nullable String banks,
            @QueryValue("include_distance") @Nullable String includeDistance) {
        List<String> missing = new ArrayList<>();
        if (signal == null) {
            missing.add("signal");
        }
        if (signalType == null) {
            missing.add("signal_type");
        }
        if (signal == null || signalType == null) {
            return missingFields(missing);
        }
        boolean withDistance = includeDistance != null && pydanticBool("include_distance", includeDistance);
        PdqHash pdq = pdqSignal(signalType, signal);
        Matched hits = matchedHits(http, Query.pdq(pdq), banks, MatchObserver.Source.HASHES);
        return json(64, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("matches");
            for (MatchHit h : hits.inOrder()) {
                if (withDistance) {
                    writeBankHit(g, h, hits.search());
                } else {
                    g.writeNumber(h.entry());
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    @ExecuteOn(ImageHashing.EXECUTOR)
    @Post(uri = "/m/lookup", consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.MATCH)
    HttpResponse<String> lookupFile(
            HttpRequest<?> http,
            @Part("photo") @Nullable CompletedFileUpload photo,
            @Part("video") @Nullable CompletedFileUpload video,
            @QueryValue @Nullable String banks,
            @QueryValue @Nullable String variants)
            throws IOException {
        return pdqBankMap(photoHits(http, media.fromUpload(photo, video, withVariants(variants)), banks));
    }

    @ExecuteOn(ImageHashing.EXECUTOR)
    @Post(uri = "/h/hash", consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.MATCH)
    HttpResponse<String> hash(
            HttpRequest<?> http,
            @Part("photo") @Nullable CompletedFileUpload photo,
            @Part("video") @Nullable CompletedFileUpload video)
            throws IOException {
        return pdqHash(http, media.fromUpload(photo, video, false));
    }

    @Get(uri = "/h/hash", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.MATCH)
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<String> hashUrl(
            HttpRequest<?> http,
            @QueryValue @Nullable String url,
            @QueryValue("content_type") @Nullable String contentType,
            @QueryValue @Nullable String types) {
        if (url == null) {
            return missingFields(List.of("url"));
        }
        return pdqHash(http, media.fromUrl(url, contentType, types, false));
    }

    /** HMA's hash answer, {@code {"pdq":"<hex>"}} ({@code ""} below the quality floor: {@link HmaMedia#pdq}). */
    private static HttpResponse<String> pdqHash(HttpRequest<?> http, FileHashes photo) {
        String pdq = HmaMedia.pdq(photo);
        MatchAnswers.summarizeHashing(http, 1);
        return json(96, g -> {
            g.writeStartObject();
            g.writeStringField("pdq", pdq);
            g.writeEndObject();
        });
    }

    /** HMA's answer to a photo's lookup: {@code {"pdq":{<bank map>}}}. */
    private static HttpResponse<String> pdqBankMap(Matched hits) {
        return json(128, g -> {
            g.writeStartObject();
            g.writeFieldName("pdq");
            writeBankMap(g, hits);
            g.writeEndObject();
        });
    }

    /** The {@code variants} query value of a photo lookup: absent is true, else pydantic's bool. */
    private static boolean withVariants(@Nullable String variants) {
        return variants == null || pydanticBool("variants", variants);
    }

    @Get(uri = "/m/index/status", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.MATCH)
    HttpResponse<String> indexStatus(@QueryValue("signal_type") @Nullable String signalType) {
        if (signalType != null && !signalType.equals(PDQ)) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "No such signal type '" + signalType + "'");
        }
        long builtTo = -1;
        long size = 0;
        boolean present = registry.isReady();
        if (present) {
            try (ListLease lease = registry.acquire()) {
                for (ListInfo l : lease.lists()) {
                    size += l.pdqHashes();
                    builtTo = Math.max(builtTo, Instant.parse(l.loadedSince()).getEpochSecond());
                }
            }
        }
        long indexSize = size;
        long indexBuiltTo = builtTo;
        return json(64, g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("pdq");
            g.writeNumberField("built_to", indexBuiltTo);
            g.writeBooleanField("present", present);
            g.writeNumberField("size", indexSize);
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    @Post(uri = "/m/compare", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.MATCH)
    HttpResponse<String> compare(@Body String body) {
        if (!RequestJson.isOneValue(body)) { // Flask's JSON decoding refuses what Jackson would skip after the value
            throw new HmaException(HttpStatus.BAD_REQUEST, "Request input was not a dict");
        }
        Object input;
        try {
            input = jsonMapper.readValue(body, Object.class);
        } catch (IOException e) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "Request input was not a dict");
        }
        if (!(input instanceof Map<?, ?> map)) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "Request input was not a dict");
        }
        Map<String, Integer> distances = new TreeMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String type = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof List<?> pair)) {
                throw new HmaException(HttpStatus.BAD_REQUEST, "Comparison hashes for " + type + " was not a list");
            }
            if (pair.size() != 2) {
                throw new HmaException(HttpStatus.BAD_REQUEST, "Comparison hash list length must be exactly 2");
            }
            if (!type.equals(PDQ)) {
                throw new HmaException(HttpStatus.BAD_REQUEST, "No such SignalType '" + type + "'");
            }
            PdqHash[] hashes = new PdqHash[2];
            for (int i = 0; i < 2; i++) {
                if (!(pair.get(i) instanceof String hex)
                        || !PDQ_SIGNAL.matcher(hex).matches()) {
                    throw new HmaException(HttpStatus.BAD_REQUEST, "Invalid pdq hash: invalid PDQ hash");
                }
                hashes[i] = PdqHash.fromHex(hex);
            }
            distances.put(type, hashes[0].distance(hashes[1]));
        }
        return json(64, g -> {
            g.writeStartObject();
            for (Map.Entry<String, Integer> e : distances.entrySet()) {
                int distance = e.getValue();
                g.writeArrayFieldStart(e.getKey());
                g.writeBoolean(distance <= ListSettings.DEFAULT_MAX_DISTANCE);
                g.writeStartObject();
                g.writeNumberField("distance", distance);
                g.writeEndObject();
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    /** Open, as in HMA: it says whether the lists are loaded and nothing else. */
    @Get(uri = "/status", produces = MediaType.TEXT_HTML)
    @RequiredRole(Role.NONE)
    HttpResponse<String> status() {
        if (!registry.isReady()) {
            return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body("INDEX-NOT-LOADED")
                    .contentType(MediaType.TEXT_HTML + ";charset=utf-8");
        }
        return HttpResponse.ok("I-AM-ALIVE").contentType(MediaType.TEXT_HTML + ";charset=utf-8");
    }

    @Get(uri = "/status/live", produces = MediaType.TEXT_HTML)
    @RequiredRole(Role.NONE)
    HttpResponse<String> live() {
        return HttpResponse.ok("I-AM-ALIVE").contentType(MediaType.TEXT_HTML + ";charset=utf-8");
    }

    /**
     * The hits of a photo, matched as {@code /v1/match/image} and {@code scan} match it ({@link Query#of(String,
     * FileHashes)}): the whole image's hash with its quality (below the lists' floor it is not searched, its variants
     * still are) and its variants; PDQ only, as HMA's answer is a PDQ bank map.
     *
     * @throws HmaException 400 {@code invalid signal: invalid PDQ hash} when the photo has no PDQ hash, or when its
     *     quality is below {@link #QUALITY_THRESHOLD} and nothing hit: HMA hashes such a photo to {@code ""}, and its
     *     lookup of that fails so; a hit of a variant is a finding, and is answered
     */
    private Matched photoHits(HttpRequest<?> http, FileHashes h, @Nullable String banks) {
        PdqResult pdq = h.pdq();
        if (pdq == null) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "invalid signal: invalid PDQ hash");
        }
        Query q = Query.of("photo", h);
        Query photo = new Query(q.label(), q.pdq(), q.quality(), null, null, null, q.variants());
        Matched hits = matchedHits(http, photo, banks, MatchObserver.Source.IMAGE);
        if (hits.hits().isEmpty() && pdq.quality() < QUALITY_THRESHOLD) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "invalid signal: invalid PDQ hash");
        }
        return hits;
    }

    /** Checks {@code signal_type} and {@code signal} as HMA does; the PDQ hash. */
    private static PdqHash pdqSignal(String signalType, String signal) {
        if (!signalType.equals(PDQ)) {
            if (signalType.equals("video_md5")) {
                throw new HmaException(HttpStatus.BAD_REQUEST, "SignalType '" + signalType + "' is not enabled");
            }
            throw new HmaException(HttpStatus.BAD_REQUEST, "No such SignalType '" + signalType + "'");
        }
        if (!PDQ_SIGNAL.matcher(signal).matches()) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "invalid signal: invalid PDQ hash");
        }
        return PdqHash.fromHex(signal);
    }

    /**
     * The hits of one lookup that count as matches, and the search that found them (what the answer may disclose).
     *
     * @param hits in the engine's order (nearest first)
     * @param search the search
     */
    private record Matched(List<MatchHit> hits, SearchPolicy.Search search) {
        /** The hits in the order the answer lists them: without distances, by list and entry. */
        List<MatchHit> inOrder() {
            if (hits.stream().map(MatchHit::list).allMatch(search::revealsDistance)) {
                return hits;
            }
            return hits.stream()
                    .sorted(Comparator.comparing(MatchHit::list).thenComparingInt(MatchHit::entry))
                    .toList();
        }
    }

    /**
     * The query's hits that count as matches, on the lists named in {@code banks} (comma-separated) or on every list,
     * each searched at its default distance ({@link SearchPolicy}: HMA's 31 unless the list is capped lower).
     *
     * @throws HmaException 404 {@code bank '<name>' not found} (HMA's curation message) when a bank is not served
     */
    private Matched matchedHits(HttpRequest<?> http, Query query, @Nullable String banks, MatchObserver.Source source) {
        if (!registry.isReady()) {
            throw new HmaException(HttpStatus.SERVICE_UNAVAILABLE, "index not yet ready");
        }
        List<String> names = MatchController.splitNames(banks);
        Consumer<ListLease> banksServed = lease -> {
            for (String n : names == null ? List.<String>of() : names) {
                if (lease.list(n) == null) {
                    throw new HmaException(HttpStatus.NOT_FOUND, "bank '" + n + "' not found");
                }
            }
        };
        try (ListMatching.LeasedSearch search = matching.open(http, null, names, banksServed)) {
            MatchResult r = search.match(List.of(query), source).get(0);
            return new Matched(r.hits().stream().filter(MatchHit::isMatch).toList(), search.search());
        } catch (ApiException e) {
            throw new HmaException(
                    e.status(), e.getMessage() == null ? e.error().error().code() : e.getMessage());
        }
    }

    /** Writes {@code {"<list>":[{"bank_content_id":N,"distance":"D"},...],...}} (keys sorted). */
    private static void writeBankMap(JsonGenerator g, Matched matched) throws IOException {
        Map<String, List<MatchHit>> byList = new TreeMap<>();
        for (MatchHit h : matched.inOrder()) {
            byList.computeIfAbsent(h.list(), k -> new ArrayList<>()).add(h);
        }
        g.writeStartObject();
        for (Map.Entry<String, List<MatchHit>> e : byList.entrySet()) {
            g.writeArrayFieldStart(e.getKey());
            for (MatchHit h : e.getValue()) {
                writeBankHit(g, h, matched.search());
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /**
     * {@code {"bank_content_id":N,"distance":"D"}}: HMA writes the distance as a string; without {@code distance} when
     * the search may not disclose it.
     */
    private static void writeBankHit(JsonGenerator g, MatchHit h, SearchPolicy.Search search) throws IOException {
        g.writeStartObject();
        g.writeNumberField("bank_content_id", h.entry());
        if (search.revealsDistance(h.list())) {
            g.writeStringField("distance", Integer.toString(h.distance()));
        }
        MatchJson.writeVariants(g, h);
        g.writeEndObject();
    }

    /** flask-openapi3's 422 for missing required query fields: a list of pydantic errors. */
    private static HttpResponse<String> missingFields(List<String> fields) {
        String body = JsonOutput.write(96 * fields.size(), g -> {
            g.writeStartArray();
            for (String field : fields) {
                g.writeStartObject();
                g.writeNullField("input");
                g.writeArrayFieldStart("loc");
                g.writeString("query");
                g.writeString(field);
                g.writeEndArray();
                g.writeStringField("msg", "Field required");
                g.writeStringField("type", "missing");
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeRaw('\n');
        });
        return HttpResponse.<String>status(HttpStatus.UNPROCESSABLE_ENTITY)
                .body(body)
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /** pydantic's bool parsing of the query value of {@code name} (true/false, 1/0, yes/no, on/off, t/f, y/n). */
    private static boolean pydanticBool(String name, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on", "t", "y" -> true;
            case "false", "0", "no", "off", "f", "n" -> false;
            default ->
                throw new HmaException(HttpStatus.UNPROCESSABLE_ENTITY, name + ": Input should be a valid boolean");
        };
    }

    /** A {@code 200 OK} JSON answer ending with a line end, as HMA's. */
    private static HttpResponse<String> json(int capacity, JsonOutput.Document document) {
        return MatchAnswers.json(JsonOutput.write(capacity, g -> {
            document.write(g);
            g.writeRaw('\n');
        }));
    }
}
