package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.lists.ListInfo;
import io.hashmatch.service.lists.ListLease;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code GET/PUT/DELETE /v1/lists} over real HTTP. */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
class ListRoutesTest extends ServedRoutesFixture {
    static final String A = "0123456789abcdef0123456789abcdef";
    static final String B = "fedcba9876543210fedcba9876543210";

    static String info(ListInfo l) {
        return "{\"name\":\"" + l.name() + "\",\"version\":\"" + l.version() + "\",\"entries\":" + l.entries()
                + ",\"pdqHashes\":" + l.pdqHashes() + ",\"exactHashes\":" + l.exactHashes() + ",\"checksum\":\""
                + l.checksum()
                + "\",\"created\":\"" + l.created() + "\",\"loadedSince\":\"" + l.loadedSince() + "\",\"origin\":\""
                + l.origin()
                + "\"}";
    }

    ListInfo served(String name) {
        try (ListLease lease = registry.acquire()) {
            ListInfo l = lease.list(name);
            assertThat(l).as(name).isNotNull();
            return l;
        }
    }

    @Test
    void putMatchReplaceAndDeleteAList() {
        ListInfo demo = served("demo");
        assertThat(demo.entries()).isEqualTo(19);
        assertThat(demo.pdqHashes())
                .isEqualTo(3 + 4 + 2 + 3 + 2); // te-signals, te-dataset, vics 1.2, vics 2.0, pdq.txt
        assertThat(demo.origin())
                .isEqualTo("file:te-signals.txt,te-dataset.csv,vics-1.2-case.json,vics-2.0-hashset.json,"
                        + "md5.txt,sha256.txt,pdq.txt");
        assertThat(http.get("/v1/lists"))
                .isEqualTo(new Http.Answer(200, "application/json", "{\"lists\":[" + info(demo) + "]}"));

        Http.Answer put = http.put(
                "/v1/lists/extra?kind=md5", "text/plain", (A + "\n" + B + "\n").getBytes(StandardCharsets.UTF_8));
        ListInfo extra = served("extra");
        assertThat(put).isEqualTo(new Http.Answer(200, "application/json", "{\"list\":" + info(extra) + "}"));
        assertThat(extra.version()).isEqualTo("1");
        assertThat(extra.entries()).isEqualTo(2);
        assertThat(extra.origin()).isEqualTo("upload");
        assertThat(http.get("/v1/lists").body()).isEqualTo("{\"lists\":[" + info(demo) + "," + info(extra) + "]}");
        assertThat(http.postJson("/v1/match/hashes", "{\"hashes\":[\"" + B + "\"],\"lists\":[\"extra\"]}")
                        .body())
                .isEqualTo(
                        "{\"lists\":[{\"name\":\"extra\",\"version\":\"1\",\"checksum\":\"" + extra.checksum() + "\"}],"
                                + "\"results\":[{\"query\":\"" + B
                                + "\",\"kind\":\"md5\",\"hits\":[{\"list\":\"extra\",\"entry\":1,"
                                + "\"distance\":0,\"kind\":\"md5\",\"source\":\"body\"}],\"matched\":true}]}");

        // a new version replaces it; the version label can be given
        http.put(
                "/v1/lists/extra?version=2026-12",
                "application/octet-stream",
                (B + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(served("extra").version()).isEqualTo("2026-12");
        assertThat(served("extra").entries()).isEqualTo(1);

        assertThat(http.delete("/v1/lists/extra").status()).isEqualTo(204);
        assertThat(registry.names()).containsExactly("demo");
        assertThat(http.delete("/v1/lists/extra"))
                .isEqualTo(new Http.Answer(
                        404,
                        "application/json",
                        "{\"error\":{\"code\":\"unknown_list\",\"message\":\"no list named 'extra'\"}}"));
    }

    @Test
    void anyListFormatCanBePut() throws java.io.IOException {
        byte[] vics = java.nio.file.Files.readAllBytes(DemoManifest.dir().resolve("vics-2.0-hashset.json"));
        Http.Answer a = http.put("/v1/lists/vics", "application/json", vics);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(served("vics").entries()).isEqualTo(3);
        byte[] csv = java.nio.file.Files.readAllBytes(DemoManifest.dir().resolve("te-dataset.csv"));
        assertThat(http.put("/v1/lists/te?format=te-csv", "text/csv", csv).status())
                .isEqualTo(200);
        assertThat(served("te").entries()).isEqualTo(4);
        byte[] pdq = java.nio.file.Files.readAllBytes(DemoManifest.dir().resolve("pdq.txt"));
        Http.Answer ambiguous = http.put("/v1/lists/pdq", "text/plain", pdq);
        assertThat(ambiguous.status()).isEqualTo(422); // 64 hex digits: PDQ or SHA-256? the kind must be given
        assertThat(http.put("/v1/lists/pdq?kind=pdq", "text/plain", pdq).status())
                .isEqualTo(200);
        DemoManifest.Row shapes = DemoManifest.image("syn_shapes_1024x768.png");
        assertThat(http.postJson("/v1/match/hashes", "{\"hashes\":[\"" + shapes.pdq() + "\"],\"lists\":[\"pdq\"]}")
                        .body())
                .contains("\"hits\":[{\"list\":\"pdq\",\"entry\":0,\"distance\":0,\"kind\":\"pdq\"");
        for (String name : new String[] {"vics", "te", "pdq"}) {
            assertThat(http.delete("/v1/lists/" + name).status()).isEqualTo(204);
        }
    }

    @Test
    void aListWithAnInvalidLineIsRefusedWithItsLineAndNothingChanges() {
        String before = served("demo").checksum();
        Http.Answer a = http.put(
                "/v1/lists/demo?kind=md5",
                "text/plain",
                (A + "\n" + "not-a-hash\n" + B + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.body())
                .startsWith("{\"error\":{\"code\":\"invalid_list\",\"message\":\"the list was not imported: line 2: ")
                .contains("\"details\":[{\"line\":2,");
        assertThat(served("demo").checksum()).isEqualTo(before);

        Http.Answer dup = http.put(
                "/v1/lists/demo?kind=md5", "text/plain", (A + "\n" + A + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(dup.status()).isEqualTo(422);
        assertThat(dup.body())
                .contains("\"details\":[{\"line\":2,")
                .contains(": first on line 1; remove one, or use duplicates=keep-first\"");
        assertThat(served("demo").checksum()).isEqualTo(before);
    }

    @Test
    void refusesBadNamesParametersAndEmptyBodies() {
        byte[] list = (A + "\n").getBytes(StandardCharsets.UTF_8);
        assertThat(http.put("/v1/lists/-x", "text/plain", list))
                .isEqualTo(new Http.Answer(
                        400,
                        "application/json",
                        "{\"error\":{\"code\":\"invalid_list_name\",\"message\":\"invalid list name '-x': 1-64 letters, digits, '.', '_'"
                                + " or '-', starting with a letter or digit\"}}"));
        assertThat(http.put("/v1/lists/x?format=xml", "text/plain", list))
                .isEqualTo(new Http.Answer(
                        400,
                        "application/json",
                        "{\"error\":{\"code\":\"invalid_parameter\",\"message\":\"unknown list format 'xml' (auto, te, te-text, te-csv,"
                                + " vics, hex, jsonl, vpdq, icse, ncmec, checksums, nsrl)\"}}"));
        assertThat(http.put("/v1/lists/x?kind=crc", "text/plain", list).body())
                .isEqualTo(
                        "{\"error\":{\"code\":\"invalid_parameter\",\"message\":\"unknown hash kind 'crc' (pdq, md5, sha1, sha256)\"}}");
        assertThat(http.put("/v1/lists/x", "text/plain", new byte[0]).status()).isEqualTo(400);
        assertThat(http.put("/v1/lists/x", "image/png", list).status()).isEqualTo(415);
        assertThat(registry.names()).containsExactly("demo");
    }
}
