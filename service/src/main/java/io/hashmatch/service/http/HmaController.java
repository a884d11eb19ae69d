package io.hashmatch.service.http;

import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.hash.PdqResult;
import io.hashmatch.match.ListSettings;
import io.hashmatch.match.MatchHit;
import io.hashmatch.match.MatchResult;
import io.hashmatch.match.Matcher;
import io.hashmatch.match.Query;
import io.hashmatch.service.cli.JsonStrings;
import io.hashmatch.service.lists.ListInfo;
import io.hashmatch.service.lists.ListLease;
import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.lists.UnknownListException;
import io.hashmatch.service.ops.MatchObserver;
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
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
 *   <li>{@code POST /m/lookup} (multipart, one file under {@code photo}) → {@code {"pdq":{<bank map>}}};</li>
 *   <li>{@code POST /h/hash} (multipart, one file under {@code photo}) → {@code {"pdq":"<hex>"}}, {@code ""} when
 *       the quality is below 50;</li>
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
 * reported; URLs are never fetched ({@code url=} is refused with 400), so the service makes no outbound requests;
 * the coinflip parameters ({@code seed}, {@code bypass_coinflip}) are accepted and ignored, as every list is fully
 * enabled; undecodable uploads get 400 instead of HMA's 500.
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
    private final ImageHashing hashing;
    private final JsonMapper jsonMapper;

    private final MatchObserver observer;

    HmaController(ListRegistry registry, ImageHashing hashing, JsonMapper jsonMapper, MatchObserver observer) {
        this.observer = observer;
        this.registry = registry;
        this.hashing = hashing;
        this.jsonMapper = jsonMapper;
    }

    @Get(uri = "/m/lookup", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.MATCH)
    HttpResponse<String> lookup(
            HttpRequest<?> http,
            @QueryValue("signal_type") @Nullable String signalType,
            @QueryValue @Nullable String signal,
            @QueryValue @Nullable String url,
            @QueryValue @Nullable String banks) {
        if (url != null && (signal == null || signalType == null)) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "hashmatch does not fetch URLs: POST the file to /m/lookup");
        }
        if (signal == null || signalType == null) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "Either url or both signal and signal_type are required");
        }
        PdqHash pdq = pdqSignal(signalType, signal);
        StringBuilder b = new StringBuilder(128);
        appendBankMap(b, matchedHits(http, Query.pdq(pdq), banks, MatchObserver.Source.HASHES));
        return json(b);
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
        boolean withDistance = pydanticBool(includeDistance);
        PdqHash pdq = pdqSignal(signalType, signal);
        StringBuilder b = new StringBuilder(64).append("{\"matches\":[");
        boolean first = true;
        for (MatchHit h : matchedHits(http, Query.pdq(pdq), banks, MatchObserver.Source.HASHES)) {
            b.append(first ? "" : ",");
            first = false;
            if (withDistance) {
                b.append("{\"bank_content_id\":")
                        .append(h.entry())
                        .append(",\"distance\":\"")
                        .append(h.distance())
                        .append("\"}");
            } else {
                b.append(h.entry());
            }
        }
        b.append("]}\n");
        return json(b);
    }

    @ExecuteOn(ImageHashing.EXECUTOR)
    @Post(uri = "/m/lookup", consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.MATCH)
    HttpResponse<String> lookupFile(
            HttpRequest<?> http,
            @Part("photo") @Nullable CompletedFileUpload photo,
            @Part("video") @Nullable CompletedFileUpload video,
            @QueryValue @Nullable String banks)
            throws IOException {
        String pdq = hashPhoto(photo, video);
        if (pdq.isEmpty()) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "invalid signal: invalid PDQ hash");
        }
        StringBuilder b = new StringBuilder(128).append("{\"pdq\":");
        appendBankMap(b, matchedHits(http, Query.pdq(PdqHash.fromHex(pdq)), banks, MatchObserver.Source.IMAGE));
        b.setLength(b.length() - 1); // the bank map's line end
        b.append("}\n");
        return json(b);
    }

    @ExecuteOn(ImageHashing.EXECUTOR)
    @Post(uri = "/h/hash", consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.MATCH)
    HttpResponse<String> hash(
            HttpRequest<?> http,
            @Part("photo") @Nullable CompletedFileUpload photo,
            @Part("video") @Nullable CompletedFileUpload video)
            throws IOException {
        String pdq = hashPhoto(photo, video);
        MatchAnswers.summarizeHashing(http, 1);
        StringBuilder b = new StringBuilder(96).append("{\"pdq\":");
        JsonStrings.appendString(b, pdq);
        b.append("}\n");
        return json(b);
    }

    @Get(uri = "/h/hash", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.MATCH)
    @SuppressWarnings("DoNotCallSuggester") // a route: Micronaut calls it, and the exception is its 400 answer
    HttpResponse<String> hashUrl() {
        throw new HmaException(HttpStatus.BAD_REQUEST, "hashmatch does not fetch URLs: POST the file to /h/hash");
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
        StringBuilder b = new StringBuilder("{\"pdq\":{\"built_to\":")
                .append(builtTo)
                .append(",\"present\":")
                .append(present)
                .append(",\"size\":")
                .append(size)
                .append("}}\n");
        return json(b);
    }

    @Post(uri = "/m/compare", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.MATCH)
    HttpResponse<String> compare(@Body String body) {
        Object input;
        try {
            input = jsonMapper.readValue(body, Object.class);
        } catch (IOException e) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "Request input was not a dict");
        }
        if (!(input instanceof Map<?, ?> map)) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "Request input was not a dict");
        }
        Map<String, String> answers = new TreeMap<>();
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
            int distance = hashes[0].distance(hashes[1]);
            answers.put(
                    type, "[" + (distance <= ListSettings.DEFAULT_MAX_DISTANCE) + ",{\"distance\":" + distance + "}]");
        }
        StringBuilder b = new StringBuilder("{");
        answers.forEach((type, answer) -> {
            b.append(b.length() > 1 ? "," : "");
            JsonStrings.appendString(b, type);
            b.append(':').append(answer);
        });
        b.append("}\n");
        return json(b);
    }

    @Get(uri = "/status", produces = MediaType.TEXT_HTML)
    @RequiredRole(Role.MATCH)
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

    /** The PDQ hash of the one uploaded photo as HMA writes it: lowercase hex, or "" when its quality is below 50. */
    private String hashPhoto(@Nullable CompletedFileUpload photo, @Nullable CompletedFileUpload video)
            throws IOException {
        if (photo != null && video != null) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "Only one file allowed per request");
        }
        if (video != null) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "content_type video is disabled");
        }
        if (photo == null) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "Missing multipart/form-data file upload");
        }
        FileHashes h;
        try {
            h = hashing.hash(photo.getBytes());
        } catch (ApiException e) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "cannot hash the photo: " + e.getMessage());
        }
        PdqResult pdq = h.pdq();
        return pdq == null || pdq.quality() < QUALITY_THRESHOLD
                ? ""
                : pdq.hash().toHex();
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
     * The query's hits that count as matches, on the lists named in {@code banks} (comma-separated; unknown names
     * match nothing, as in HMA) or on every list.
     */
    private List<MatchHit> matchedHits(
            HttpRequest<?> http, Query query, @Nullable String banks, MatchObserver.Source source) {
        if (!registry.isReady()) {
            throw new HmaException(HttpStatus.SERVICE_UNAVAILABLE, "index not yet ready");
        }
        try (ListLease lease = registry.acquire()) {
            List<String> names = MatchController.splitNames(banks);
            if (names != null) {
                names = names.stream().filter(n -> lease.list(n) != null).toList();
                if (names.isEmpty()) {
                    MatchAnswers.summarize(http, lease, null, 1, List.of());
                    return List.of();
                }
            }
            Matcher matcher;
            try {
                matcher = lease.matcher(null, names);
            } catch (UnknownListException e) {
                throw new IllegalStateException(e); // filtered above
            }
            MatchResult r = matcher.match(query);
            MatchAnswers.summarize(http, lease, matcher, 1, List.of(r));
            observer.matched(source, List.of(r));
            return r.hits().stream().filter(MatchHit::isMatch).toList();
        }
    }

    /** Appends {@code {"<list>":[{"bank_content_id":N,"distance":"D"},...],...}} (keys sorted) and a line end. */
    private static void appendBankMap(StringBuilder b, List<MatchHit> hits) {
        Map<String, List<MatchHit>> byList = new TreeMap<>();
        for (MatchHit h : hits) {
            byList.computeIfAbsent(h.list(), k -> new ArrayList<>()).add(h);
        }
        b.append('{');
        boolean firstList = true;
        for (Map.Entry<String, List<MatchHit>> e : byList.entrySet()) {
            b.append(firstList ? "" : ",");
            firstList = false;
            JsonStrings.appendString(b, e.getKey());
            b.append(":[");
            boolean first = true;
            for (MatchHit h : e.getValue()) {
                b.append(first ? "" : ",");
                first = false;
                b.append("{\"bank_content_id\":")
                        .append(h.entry())
                        .append(",\"distance\":\"")
                        .append(h.distance())
                        .append("\"}");
            }
            b.append(']');
        }
        b.append("}\n");
    }

    /** flask-openapi3's 422 for missing required query fields: a list of pydantic errors. */
    private static HttpResponse<String> missingFields(List<String> fields) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < fields.size(); i++) {
            b.append(i == 0 ? "" : ",")
                    .append("{\"input\":null,\"loc\":[\"query\",\"")
                    .append(fields.get(i))
                    .append("\"],\"msg\":\"Field required\",\"type\":\"missing\"}");
        }
        b.append("]\n");
        return HttpResponse.<String>status(HttpStatus.UNPROCESSABLE_ENTITY)
                .body(b.toString())
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /** pydantic's bool parsing of a query value (true/false, 1/0, yes/no, on/off, t/f, y/n); absent: false. */
    private static boolean pydanticBool(@Nullable String value) {
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on", "t", "y" -> true;
            case "false", "0", "no", "off", "f", "n" -> false;
            default ->
                throw new HmaException(
                        HttpStatus.UNPROCESSABLE_ENTITY, "include_distance: Input should be a valid boolean");
        };
    }

    private static HttpResponse<String> json(StringBuilder b) {
        return HttpResponse.ok(b.toString()).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
