package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.lists.ListInfo;
import io.hashmatch.service.lists.ListLease;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/match/hashes}, {@code /v1/match/image}, {@code /v1/hash/image} over real HTTP against the demo
 * list, with {@code hashlists/demo/MANIFEST.tsv} as the oracle; every error with its status and JSON body.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
class MatchRoutesTest extends ServedRoutesFixture {
    String lists;

    static final DemoManifest.Row TEXT = DemoManifest.image("syn_text_256x256.png");
    static final DemoManifest.Row NOISE = DemoManifest.image("syn_noise_64x48.png");
    static final DemoManifest.Row TEXT_100 = DemoManifest.image("syn_text_100x100.png");

    @BeforeEach
    void demoList() {
        try (ListLease lease = registry.acquire()) {
            ListInfo demo = lease.list("demo");
            assertThat(demo).isNotNull();
            lists = "\"lists\":[{\"name\":\"demo\",\"version\":\"1\",\"checksum\":\"" + demo.checksum() + "\"}]";
        }
    }

    static String hit(DemoManifest.Row r, int distance, String kind, String source) {
        return "{\"list\":\"demo\",\"entry\":" + r.entry() + ",\"distance\":" + distance + ",\"kind\":\"" + kind + "\""
                + (r.category().isEmpty() ? "" : ",\"category\":\"" + r.category() + "\"") + ",\"source\":\"" + source
                + "\"}";
    }

    @Test
    void matchesABatchOfEveryKindInOrder() {
        String miss = "0123456789abcdef0123456789abcdef";
        Http.Answer a = http.postJson(
                "/v1/match/hashes",
                "{\"hashes\":[\"" + TEXT.pdq() + "\",\"" + NOISE.md5().toUpperCase() + "\",\"sha256:"
                        + TEXT_100.sha256() + "\",\"" + miss + "\"]}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).isEqualTo("application/json");
        String noiseInTeSignals = "{\"list\":\"demo\",\"entry\":" + DemoManifest.TE_SIGNALS_NOISE_MD5_ENTRY
                + ",\"distance\":0,\"kind\":\"md5\",\"source\":\"te-signals.txt\"}";
        assertThat(a.body())
                .isEqualTo("{" + lists + ",\"results\":["
                        + "{\"query\":\"" + TEXT.pdq() + "\",\"kind\":\"pdq\",\"hits\":["
                        + hit(TEXT, 0, "pdq", "hashmatch demo") + "],\"matched\":true},"
                        + "{\"query\":\"" + NOISE.md5().toUpperCase() + "\",\"kind\":\"md5\",\"hits\":["
                        + noiseInTeSignals + ","
                        + hit(NOISE, 0, "md5", "md5.txt") + "],\"matched\":true},"
                        + "{\"query\":\"sha256:" + TEXT_100.sha256() + "\",\"kind\":\"sha256\",\"hits\":["
                        + hit(TEXT_100, 0, "sha256", "sha256.txt")
                        + "],\"matched\":true},"
                        + "{\"query\":\"" + miss + "\",\"kind\":\"md5\",\"hits\":[],\"matched\":false}]}");
    }

    @Test
    void maxDistanceBoundsPdqHits() {
        String near = flipBits(TEXT.pdq(), 5);
        String hitAt5 = "{" + lists + ",\"results\":[{\"query\":\"" + near + "\",\"kind\":\"pdq\",\"hits\":["
                + hit(TEXT, 5, "pdq", "hashmatch demo") + "],\"matched\":true}]}";
        assertThat(http.postJson("/v1/match/hashes", "{\"hashes\":[\"" + near + "\"]}")
                        .body())
                .isEqualTo(hitAt5);
        assertThat(http.postJson("/v1/match/hashes", "{\"hashes\":[\"" + near + "\"],\"maxDistance\":5}")
                        .body())
                .isEqualTo(hitAt5);
        assertThat(http.postJson(
                                "/v1/match/hashes",
                                "{\"hashes\":[\"" + near + "\"],\"maxDistance\":4,\"lists\":[\"demo\"]}")
                        .body())
                .isEqualTo("{" + lists + ",\"results\":[{\"query\":\"" + near + "\",\"kind\":\"pdq\",\"hits\":[],"
                        + "\"matched\":false}]}");
    }

    /**
     * Small batches are answered on the event loop, larger ones (over 64 queries, over 4 PDQ hashes, or a distance over
     * 31) on the IO pool: both give the same records.
     */
    @Test
    void batchesAnsweredOnTheEventLoopOrOnThePoolAgree() {
        String miss = "0123456789abcdef0123456789abcdef";
        List<String> kinds = List.of(
                TEXT.pdq(),
                flipBits(TEXT.pdq(), 5),
                NOISE.md5(),
                miss,
                "sha256:" + TEXT_100.sha256(),
                flipBits(NOISE.pdq(), 40));
        List<String> queries = IntStream.range(0, 70)
                .mapToObj(i -> kinds.get(i % kinds.size()))
                .toList();
        String prefix = "{" + lists + ",\"results\":[";
        List<String> singles = new ArrayList<>();
        for (String q : queries) {
            String body = http.postJson("/v1/match/hashes", "{\"hashes\":[\"" + q + "\"]}")
                    .body();
            assertThat(body).startsWith(prefix).endsWith("]}");
            singles.add(body.substring(prefix.length(), body.length() - 2));
        }
        String batch = queries.stream().map(q -> "\"" + q + "\"").collect(Collectors.joining(","));
        assertThat(http.postJson("/v1/match/hashes", "{\"hashes\":[" + batch + "]}")
                        .body())
                .isEqualTo(prefix + String.join(",", singles) + "]}");
        String five = queries.subList(0, 5).stream().map(q -> "\"" + q + "\"").collect(Collectors.joining(","));
        assertThat(http.postJson("/v1/match/hashes", "{\"hashes\":[" + five + "]}")
                        .body()) // 2 PDQ of 5: inline
                .isEqualTo(prefix + String.join(",", singles.subList(0, 5)) + "]}");
        String sixPdq =
                IntStream.range(0, 6).mapToObj(i -> "\"" + TEXT.pdq() + "\"").collect(Collectors.joining(","));
        assertThat(http.postJson("/v1/match/hashes", "{\"hashes\":[" + sixPdq + "]}")
                        .body()) // 6 PDQ: the pool
                .isEqualTo(prefix + String.join(",", java.util.Collections.nCopies(6, singles.get(0))) + "]}");
        assertThat(http.postJson("/v1/match/hashes", "{\"hashes\":[\"" + queries.get(1) + "\"],\"maxDistance\":40}")
                        .body())
                .isEqualTo(
                        prefix + singles.get(1) + "]}"); // a wider distance: the pool; nothing else lies within 40 bits
    }

    /** {@code hex} with its first {@code n} bits inverted. */
    static String flipBits(String hex, int n) {
        byte[] b = HexFormat.of().parseHex(hex);
        for (int i = 0; i < n; i++) {
            b[i / 8] ^= (byte) (1 << (i % 8));
        }
        return HexFormat.of().formatHex(b);
    }

    @Test
    void refusesInvalidHashesNamingEach() {
        Http.Answer a = http.postJson(
                "/v1/match/hashes",
                "{\"hashes\":[\"" + TEXT.pdq() + "\",\"xyz\",\"" + TEXT.pdq().substring(1) + "\",\"md5:"
                        + "g".repeat(32) + "\"]}");
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.body())
                .startsWith("{\"error\":{\"code\":\"invalid_hash\",\"message\":\"3 of 4 queries are not a hash\","
                        + "\"details\":[{\"index\":1,\"message\":\"not a hash: 3 characters")
                .contains("{\"index\":2,\"message\":\"not a hash: 63 characters")
                .contains("{\"index\":3,\"message\":");
    }

    @Test
    void refusesEmptyMissingAndMalformedBatches() {
        assertThat(http.postJson("/v1/match/hashes", "{\"hashes\":[]}"))
                .isEqualTo(new Http.Answer(
                        400,
                        "application/json",
                        "{\"error\":{\"code\":\"empty_batch\",\"message\":\"no hashes: give \\\"hashes\\\":[...]\"}}"));
        assertThat(http.postJson("/v1/match/hashes", "{}").body())
                .isEqualTo(
                        "{\"error\":{\"code\":\"empty_batch\",\"message\":\"no hashes: give \\\"hashes\\\":[...]\"}}");
        Http.Answer notJson = http.postJson("/v1/match/hashes", "{\"hashes\":[");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body()).startsWith("{\"error\":{\"code\":\"invalid_json\",\"message\":\"malformed JSON:");
        Http.Answer empty = http.postJson("/v1/match/hashes", "");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).startsWith("{\"error\":{\"code\":\"bad_request\",\"message\":");
    }

    @Test
    void refusesABatchOverTheLimitWith413() {
        String batch = IntStream.range(0, 10_001)
                .mapToObj(i -> "\"" + NOISE.md5() + "\"")
                .collect(Collectors.joining(","));
        assertThat(http.postJson("/v1/match/hashes", "{\"hashes\":[" + batch + "]}"))
                .isEqualTo(new Http.Answer(
                        413,
                        "application/json",
                        "{\"error\":{\"code\":\"batch_too_large\",\"message\":\"10001 hashes in one request;"
                                + " the limit is 10000\"}}"));
    }

    @Test
    void refusesUnknownListsAndDistances() {
        assertThat(http.postJson(
                        "/v1/match/hashes", "{\"hashes\":[\"" + TEXT.pdq() + "\"],\"lists\":[\"demo\",\"nope\"]}"))
                .isEqualTo(new Http.Answer(
                        404,
                        "application/json",
                        "{\"error\":{\"code\":\"unknown_list\",\"message\":\"no list named 'nope' (lists: demo)\"}}"));
        assertThat(http.postJson("/v1/match/hashes", "{\"hashes\":[\"" + TEXT.pdq() + "\"],\"maxDistance\":257}"))
                .isEqualTo(
                        new Http.Answer(
                                400,
                                "application/json",
                                "{\"error\":{\"code\":\"invalid_max_distance\",\"message\":\"maxDistance must be 0..64: 257\"}}"));
    }

    /** A body is one strict JSON object: what a lenient reader would guess at is refused, each with its reason. */
    @Test
    void refusesLenientJson() {
        String hash = "\"" + TEXT.pdq() + "\"";
        assertThat(http.postJson("/v1/match/hashes", "{\"hashes\":[" + hash + "]}")
                        .status())
                .isEqualTo(200);
        String[][] refused = {
            {"{\"hashes\":[" + hash + "]} trailing", "malformed JSON: Unrecognized token 'trailing'"},
            {"{\"hashes\":[" + hash + "]} 5", "data after the JSON object"},
            {"{\"hashes\":[" + hash + "]}{}", "data after the JSON object"},
            {"{\"hashes\":[" + hash + "],\"maxDistance\":3.5}", "\\\"maxDistance\\\" must be a whole number"},
            {"{\"hashes\":[" + hash + "],\"maxDistance\":\"5\"}", "\\\"maxDistance\\\" must be a whole number"},
            {"{\"hashes\":[[" + hash + "]]}", "\\\"hashes\\\"[0] is not a string"},
            {"{\"hashes\":[" + hash + "],\"lists\":[[\"demo\"]]}", "\\\"lists\\\"[0] is not a string"},
            {"{\"hashes\":" + hash + "}", "\\\"hashes\\\" must be an array of strings"},
            {"{\"hashes\":[" + hash + "],\"maxdistance\":5}", "unknown field \\\"maxdistance\\\""},
            {"[{\"hashes\":[" + hash + "]}]", "the body must be one JSON object"},
            {"{\"hashes\":[" + hash + "],\"hashes\":[]}", "malformed JSON: Duplicate field 'hashes'"},
            {"{\"hashes\":[" + hash + ",]}", "malformed JSON:"},
        };
        for (String[] r : refused) {
            Http.Answer a = http.postJson("/v1/match/hashes", r[0]);
            assertThat(a.status()).as(r[0]).isEqualTo(400);
            assertThat(a.body()).as(r[0]).startsWith("{\"error\":{\"code\":\"invalid_json\",\"message\":\"" + r[1]);
        }
        assertThat(http.postJson("/v1/match/hashes", "{\"hashes\":[" + hash + "],\"maxDistance\":99999999999}"))
                .isEqualTo(new Http.Answer(
                        400,
                        "application/json",
                        "{\"error\":{\"code\":\"invalid_max_distance\",\"message\":\"maxDistance is out of range:"
                                + " 99999999999\"}}"));
        String pair = "{\"pdq\":[" + hash + "," + hash + "]}";
        assertThat(http.postJson("/m/compare", pair).status()).isEqualTo(200);
        for (String body : List.of(pair + " x", pair + pair, "{\"pdq\":[" + hash + "," + hash + "],\"pdq\":[]}")) {
            assertThat(http.postJson("/m/compare", body))
                    .as(body)
                    .isEqualTo(new Http.Answer(
                            400, "application/json", "{\"message\":\"Request input was not a dict\"}\n"));
        }
    }

    @Test
    void answersFrameworkErrorsInTheSameShape() {
        assertThat(http.post("/v1/match/hashes", "text/plain", TEXT.pdq().getBytes())
                        .body())
                .startsWith("{\"error\":{\"code\":\"unsupported_media_type\",\"message\":");
        assertThat(http.get("/v1/match/hashes").status()).isEqualTo(405);
        assertThat(http.get("/v1/match/hashes").body())
                .startsWith("{\"error\":{\"code\":\"method_not_allowed\",\"message\":");
        assertThat(http.get("/v1/nothing-here"))
                .isEqualTo(new Http.Answer(
                        404,
                        "application/json",
                        "{\"error\":{\"code\":\"not_found\",\"message\":\"Page Not Found\"}}"));
    }

    static String hashes(DemoManifest.Row r, byte[] file, int width, int height, String format) {
        return "\"hashes\":{\"size\":" + file.length + ",\"md5\":\"" + r.md5() + "\",\"sha1\":\"" + r.sha1()
                + "\",\"sha256\":\"" + r.sha256() + "\",\"pdq\":\"" + r.pdq() + "\",\"quality\":" + r.quality()
                + ",\"width\":" + width + ",\"height\":" + height + ",\"format\":\"" + format + "\"}";
    }

    @Test
    void matchesAnImageSentRawOrMultipart() {
        byte[] png = DemoManifest.testImage(TEXT.image());
        String expected = "{" + hashes(TEXT, png, 256, 256, "png") + "," + lists + ",\"result\":{\"query\":\"image\","
                + "\"kind\":\"pdq\",\"hits\":[" + hit(TEXT, 0, "pdq", "hashmatch demo") + "],\"matched\":true}}";
        assertThat(http.post("/v1/match/image", "image/png", png))
                .isEqualTo(new Http.Answer(200, "application/json", expected));
        assertThat(http.post("/v1/match/image", "application/octet-stream", png).body())
                .isEqualTo(expected);
        assertThat(http.postFile("/v1/match/image", "file", png))
                .isEqualTo(new Http.Answer(200, "application/json", expected));
    }

    @Test
    void anImageAlsoMatchesByItsExactDigests() {
        DemoManifest.Row grad = DemoManifest.image("syn_grad_32x32.png"); // in sha256.txt, PDQ quality 17
        byte[] png = DemoManifest.testImage(grad.image());
        assertThat(http.post("/v1/match/image?lists=demo&maxDistance=0", "image/png", png)
                        .body())
                .isEqualTo("{"
                        + hashes(grad, png, 32, 32, "png") + "," + lists
                        + ",\"result\":{\"query\":\"image\",\"kind\":\"pdq\",\"hits\":["
                        + hit(grad, 0, "sha256", "sha256.txt") + "],\"matched\":true,\"lowQuality\":true}}");
    }

    @Test
    void hashesAnImage() {
        byte[] png = DemoManifest.testImage(TEXT.image());
        String expected = "{" + hashes(TEXT, png, 256, 256, "png") + "}";
        // without its variants (with them, the answer adds them: VariantRoutesTest)
        assertThat(http.post("/v1/hash/image?variants=false", "image/png", png))
                .isEqualTo(new Http.Answer(200, "application/json", expected));
        assertThat(http.postFile("/v1/hash/image?variants=false", "file", png).body())
                .isEqualTo(expected);
    }

    @Test
    void refusesWhatIsNotAnImage() {
        Http.Answer text = http.post("/v1/match/image", "application/octet-stream", "just text".getBytes());
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.body()).startsWith("{\"error\":{\"code\":\"unsupported_format\",\"message\":");
        assertThat(http.post("/v1/hash/image", "text/plain", "just text".getBytes())
                        .status())
                .isEqualTo(415);

        Http.Answer empty = http.post("/v1/hash/image", "image/png", new byte[0]);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).startsWith("{\"error\":{\"code\":");
        Http.Answer emptyPart = http.postFile("/v1/hash/image", "file", new byte[0]);
        assertThat(emptyPart.status()).isEqualTo(400);
        assertThat(emptyPart.body()).startsWith("{\"error\":{\"code\":\"empty_file\",\"message\":");

        byte[] png = DemoManifest.testImage(TEXT.image());
        Http.Answer truncated = http.post("/v1/match/image", "image/png", Arrays.copyOf(png, png.length / 2));
        assertThat(truncated.status()).isEqualTo(422);
        assertThat(truncated.body()).startsWith("{\"error\":{\"code\":\"truncated\",\"message\":");

        Http.Answer wrongPart = http.postFile("/v1/match/image", "photo", png);
        assertThat(wrongPart.status()).isEqualTo(400);
        assertThat(wrongPart.body()).startsWith("{\"error\":{\"code\":\"bad_request\",\"message\":");
    }

    @Test
    void refusesADecompressionBombBeforeDecoding() {
        byte[] bomb = TestImages.pngDeclaring(50_000, 50_000); // 2.5 gigapixels in 60 bytes
        assertThat(bomb.length).isLessThan(100);
        Http.Answer a = http.post("/v1/match/image", "image/png", bomb);
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.body()).startsWith("{\"error\":{\"code\":\"image_too_large\",\"message\":");
        assertThat(http.postFile("/v1/hash/image", "file", bomb).status()).isEqualTo(422);
    }
}
