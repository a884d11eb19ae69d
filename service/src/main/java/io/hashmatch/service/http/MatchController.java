package io.hashmatch.service.http;

import com.fasterxml.jackson.core.SerializableString;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.match.MatchResult;
import io.hashmatch.match.Query;
import io.hashmatch.scan.QueryHashing;
import io.hashmatch.service.json.HashJson;
import io.hashmatch.service.json.JsonOutput;
import io.hashmatch.service.json.MatchJson;
import io.hashmatch.service.ops.MatchObserver;
import io.hashmatch.service.security.ApiError;
import io.hashmatch.service.security.RequiredRole;
import io.hashmatch.service.security.Role;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import jakarta.inject.Named;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * The match and hash routes of the {@code /v1} API.
 *
 * <ul>
 *   <li>{@code POST /v1/match/hashes}: a batch of hashes ({@link MatchHashesRequest}) →
 *       {@code {"lists":[..],"results":[one match record per query, in order]}}, the records of
 *       {@code hashmatch match} ({@link MatchJson});</li>
 *   <li>{@code POST /v1/match/image}: an image as the raw body (content type {@code application/octet-stream} or
 *       {@code image/*}) or as the multipart part {@code file} → {@code {"hashes":{..},"lists":[..],"result":{..}}};
 *       query parameters {@code maxDistance}, {@code lists} (comma-separated), {@code variants};</li>
 *   <li>{@code POST /v1/hash/image}: the same upload → {@code {"hashes":{..}}}, with {@code "variants":[..]} as
 *       {@code hashmatch hash --variants} writes them; query parameter {@code variants}.</li>
 * </ul>
 *
 * <p>An image is hashed with its query-side variants ({@link io.hashmatch.scan.QueryHashing}: the picture inside a
 * border, a collage's tiles, the photo inside a screenshot, rotations and mirrors), as {@code hashmatch scan} does,
 * unless {@code variants=false}; a hit between variants names them ({@code queryVariant}, {@code entryVariant}:
 * {@link MatchJson}).
 *
 * <p>Uploaded bytes live in memory only (multipart is configured never to spill to disk) and are dropped when the
 * answer is written. Stateless; thread-safe.
 */
@Controller("/v1")
final class MatchController {
    /** At most this many invalid queries are listed in an error's details. */
    static final int MAX_DETAILS = 100;
    /**
     * Batches of at most this many queries, of which at most {@link #INLINE_PDQ_QUERIES} PDQ hashes searched at most
     * {@link #INLINE_MAX_DISTANCE} bits away, are answered on the event loop that read them: the hop to another thread
     * and back costs more than a few exact lookups (about a microsecond each) or a few PDQ searches (0.2-0.3 ms at 10 M
     * entries and distance 31). Other batches go to the IO pool, so that a 10 000-hash batch or a search at a wide
     * distance (which may scan the whole list) never holds up the other connections of an event loop.
     */
    static final int INLINE_QUERIES = 64;

    static final int INLINE_PDQ_QUERIES = 4;
    static final int INLINE_MAX_DISTANCE = 31;

    private static final SerializableString RESULTS = JsonOutput.name("results");

    private final ListMatching matching;
    private final ImageHashing hashing;
    private final RequestLimits limits;
    private final ExecutorService largeBatches;

    MatchController(
            ListMatching matching,
            ImageHashing hashing,
            RequestLimits limits,
            @Named(TaskExecutors.IO) ExecutorService largeBatches) {
        this.matching = matching;
        this.hashing = hashing;
        this.limits = limits;
        this.largeBatches = largeBatches;
    }

    @Post(uri = "/match/hashes", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.MATCH)
    @RequestBody(content = @Content(schema = @Schema(implementation = MatchHashesRequest.class)))
    CompletableFuture<HttpResponse<String>> matchHashes(HttpRequest<?> http, @Body String body) {
        MatchHashesRequest request = MatchHashesRequest.parse(body);
        List<String> texts = request.hashes();
        if (texts == null || texts.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "empty_batch", "no hashes: give \"hashes\":[...]");
        }
        if (texts.size() > limits.maxBatch()) {
            throw new ApiException(
                    HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                    "batch_too_large",
                    texts.size() + " hashes in one request; the limit is " + limits.maxBatch());
        }
        List<Query> queries = parse(texts);
        Integer maxDistance = request.maxDistance();
        ListMatching.LeasedSearch search = matching.open(http, maxDistance, request.lists());
        if (queries.size() <= INLINE_QUERIES
                && pdqQueries(queries) <= INLINE_PDQ_QUERIES
                && (maxDistance == null || maxDistance <= INLINE_MAX_DISTANCE)) {
            try (search) {
                return CompletableFuture.completedFuture(answer(search, queries));
            }
        }
        try {
            return CompletableFuture.supplyAsync(
                    () -> {
                        try (search) {
                            return answer(search, queries);
                        }
                    },
                    largeBatches);
        } catch (RuntimeException e) { // refused before the search was handed over
            search.close();
            throw e;
        }
    }

    private static HttpResponse<String> answer(ListMatching.LeasedSearch search, List<Query> queries) {
        List<MatchResult> results = search.match(queries, MatchObserver.Source.HASHES);
        return MatchAnswers.json(JsonOutput.write(64 + 160 * results.size(), g -> {
            g.writeStartObject();
            search.writeLists(g);
            g.writeFieldName(RESULTS);
            g.writeStartArray();
            for (MatchResult r : results) {
                MatchJson.writeResult(g, r, search.search()::revealsDistance);
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    /** The number of queries with a PDQ hash. */
    private static int pdqQueries(List<Query> queries) {
        int n = 0;
        for (Query q : queries) {
            n += q.pdq() == null ? 0 : 1;
        }
        return n;
    }

    /** Parses every query text; 422 {@code invalid_hash} listing the bad ones when any is not a hash. */
    private static List<Query> parse(List<String> texts) {
        Query.Parsed parsed = Query.parseAll(texts);
        int bad = parsed.invalid();
        if (bad > 0) {
            List<ApiError.Detail> invalid = new ArrayList<>();
            for (int i = 0; i < texts.size() && invalid.size() < MAX_DETAILS; i++) {
                String error = parsed.errors().get(i);
                if (error != null) {
                    invalid.add(ApiError.Detail.ofIndex(i, error));
                }
            }
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "invalid_hash",
                    bad + " of " + texts.size() + (texts.size() == 1 ? " query " : " queries ")
                            + (bad == 1 ? "is" : "are") + " not a hash",
                    invalid);
        }
        return parsed.queries();
    }

    @ExecuteOn(ImageHashing.EXECUTOR)
    @Post(
            uri = "/match/image",
            consumes = {
                MediaType.APPLICATION_OCTET_STREAM,
                "image/jpeg",
                "image/png",
                "image/webp",
                "image/gif",
                "image/bmp",
                "image/tiff"
            },
            produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.MATCH)
    HttpResponse<String> matchImage(
            HttpRequest<?> http,
            @Body byte[] image,
            @QueryValue @Nullable Integer maxDistance,
            @QueryValue @Nullable String lists,
            @QueryValue @Nullable String variants) {
        return matchImageBytes(http, image, maxDistance, lists, variants(variants));
    }

    @ExecuteOn(ImageHashing.EXECUTOR)
    @Post(uri = "/match/image", consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.MATCH)
    HttpResponse<String> matchImageMultipart(
            HttpRequest<?> http,
            @Part("file") CompletedFileUpload file,
            @QueryValue @Nullable Integer maxDistance,
            @QueryValue @Nullable String lists,
            @QueryValue @Nullable String variants)
            throws IOException {
        return matchImageBytes(http, file.getBytes(), maxDistance, lists, variants(variants));
    }

    private HttpResponse<String> matchImageBytes(
            HttpRequest<?> http,
            byte[] image,
            @Nullable Integer maxDistance,
            @Nullable String lists,
            boolean variants) {
        FileHashes h = hashing.hash(image, variants);
        try (ListMatching.LeasedSearch search = matching.open(http, maxDistance, splitNames(lists))) {
            MatchResult result = search.match(List.of(Query.of("image", h)), MatchObserver.Source.IMAGE)
                    .get(0);
            return MatchAnswers.json(JsonOutput.write(1024, g -> {
                g.writeStartObject();
                MatchAnswers.writeHashes(g, h);
                search.writeLists(g);
                g.writeFieldName("result");
                MatchJson.writeResult(g, result, search.search()::revealsDistance);
                g.writeEndObject();
            }));
        }
    }

    @ExecuteOn(ImageHashing.EXECUTOR)
    @Post(
            uri = "/hash/image",
            consumes = {
                MediaType.APPLICATION_OCTET_STREAM,
                "image/jpeg",
                "image/png",
                "image/webp",
                "image/gif",
                "image/bmp",
                "image/tiff"
            },
            produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.MATCH)
    HttpResponse<String> hashImage(HttpRequest<?> http, @Body byte[] image, @QueryValue @Nullable String variants) {
        return hashAnswer(http, image, variants(variants));
    }

    @ExecuteOn(ImageHashing.EXECUTOR)
    @Post(uri = "/hash/image", consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.MATCH)
    HttpResponse<String> hashImageMultipart(
            HttpRequest<?> http, @Part("file") CompletedFileUpload file, @QueryValue @Nullable String variants)
            throws IOException {
        return hashAnswer(http, file.getBytes(), variants(variants));
    }

    private HttpResponse<String> hashAnswer(HttpRequest<?> http, byte[] image, boolean variants) {
        FileHashes h = hashing.hash(image, variants);
        MatchAnswers.summarizeHashing(http, 1);
        return MatchAnswers.json(JsonOutput.write(512, g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("hashes");
            HashJson.writeFields(g, h);
            if (!h.variants().isEmpty()) {
                g.writeFieldName("variants");
                HashJson.writeVariants(g, h.variants());
            }
            g.writeEndObject();
            g.writeEndObject();
        }));
    }

    /**
     * The {@code variants} query parameter: absent means {@link QueryHashing#VARIANTS_BY_DEFAULT}; {@code true} or
     * {@code false} (any case); anything else is 400 {@code invalid_parameter}.
     */
    static boolean variants(@Nullable String value) {
        if (value == null || value.isEmpty()) {
            return QueryHashing.VARIANTS_BY_DEFAULT;
        }
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw new ApiException(
                        HttpStatus.BAD_REQUEST,
                        "invalid_parameter",
                        "variants must be true or false, not '" + value + "'");
        };
    }

    /** {@code a,b} → [a, b]; null or blank → null (every list). */
    static @Nullable List<String> splitNames(@Nullable String lists) {
        if (lists == null || lists.isBlank()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (String n : lists.split(",", -1)) {
            if (!n.isBlank()) {
                names.add(n.strip());
            }
        }
        return names;
    }
}
