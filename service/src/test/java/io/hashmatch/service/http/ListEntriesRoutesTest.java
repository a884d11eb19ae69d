package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.audit.AuditLog;
import io.hashmatch.service.security.TestKeys;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Single entries of a live list through {@code /v1/lists/{name}/entries}: an added hash matches through
 * {@code /v1/match/hashes} at once and no longer after its removal, errors are typed, the roles are as declared, and
 * the audit lines name the entry.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
class ListEntriesRoutesTest extends ServedRoutesFixture {
    private static final String JSON = "application/json";
    private static final String PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    private static final String MD5 = "0123456789abcdef0123456789abcdef";

    @Inject
    AuditLog auditLog;

    private static String error(String code) {
        return "\"code\":\"" + code + "\"";
    }

    @Test
    void anAddedHashMatchesAtOnceAndNoLongerOnceRemoved() throws Exception {
        assertThat(http.postJson("/c/banks", "{\"name\":\"ENTRIES_A\"}").status())
                .isEqualTo(201);
        Http.Answer added = http.postJson(
                "/v1/lists/ENTRIES_A/entries",
                "{\"kind\":\"pdq\",\"hash\":\"" + PDQ.toUpperCase(java.util.Locale.ROOT)
                        + "\",\"category\":\"case 9\"}");
        assertThat(added)
                .isEqualTo(new Http.Answer(
                        201,
                        JSON,
                        "{\"list\":\"ENTRIES_A\",\"entry\":0,\"kind\":\"pdq\",\"hash\":\"" + PDQ
                                + "\",\"label\":\"case 9\"}\n"));
        assertThat(http.postJson("/v1/lists/ENTRIES_A/entries", "{\"kind\":\"md5\",\"hash\":\"" + MD5 + "\"}"))
                .isEqualTo(new Http.Answer(
                        201,
                        JSON,
                        "{\"list\":\"ENTRIES_A\",\"entry\":1,\"kind\":\"md5\",\"hash\":\"" + MD5
                                + "\",\"label\":\"\"}\n"));
        assertThat(matchedEntries(PDQ)).isEqualTo("[{\"list\":\"ENTRIES_A\",\"entry\":0");
        assertThat(matchedEntries(MD5)).isEqualTo("[{\"list\":\"ENTRIES_A\",\"entry\":1");

        assertThat(http.get("/v1/lists/ENTRIES_A/entries/0"))
                .isEqualTo(new Http.Answer(
                        200,
                        JSON,
                        "{\"list\":\"ENTRIES_A\",\"entry\":0,\"live\":true,\"label\":\"case 9\",\"pdq\":\"" + PDQ
                                + "\",\"origins\":[]}\n"));

        assertThat(http.delete("/v1/lists/ENTRIES_A/entries/0"))
                .isEqualTo(new Http.Answer(200, JSON, "{\"list\":\"ENTRIES_A\",\"entry\":0,\"removed\":true}\n"));
        assertThat(matchedEntries(PDQ)).isEqualTo("[]");
        assertThat(matchedEntries(MD5)).isEqualTo("[{\"list\":\"ENTRIES_A\",\"entry\":1");
        Http.Answer again = http.delete("/v1/lists/ENTRIES_A/entries/0");
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.body()).contains(error("unknown_entry"));
        assertThat(http.get("/v1/lists/ENTRIES_A/entries/0").status()).isEqualTo(404);
        assertThat(http.get("/v1/lists/ENTRIES_A/entries/7").body()).contains(error("unknown_entry"));

        auditLog.flush();
        List<String> lines = Files.readAllLines(auditLog.file());
        assertThat(lines)
                .anyMatch(l -> l.contains("\"route\":\"POST /v1/lists/{name}/entries\",\"status\":201,"
                        + "\"subject\":\"list ENTRIES_A entry 0\""))
                .anyMatch(l -> l.contains("\"route\":\"DELETE /v1/lists/{name}/entries/{entry}\",\"status\":200,"
                        + "\"subject\":\"list ENTRIES_A entry 0\""))
                .noneMatch(l -> l.contains(PDQ));
    }

    /** The hits of one query as far as their first entry number: {@code [{"list":..,"entry":N} or []}. */
    private String matchedEntries(String hash) {
        String body = http.postJson("/v1/match/hashes", "{\"hashes\":[\"" + hash + "\"]}")
                .body();
        int hits = body.indexOf("\"hits\":") + "\"hits\":".length();
        if (body.startsWith("[]", hits)) {
            return "[]";
        }
        return body.substring(hits, body.indexOf(",\"distance\"", hits));
    }

    @Test
    void errorsAreTyped() {
        assertThat(http.postJson("/c/banks", "{\"name\":\"ENTRIES_B\"}").status())
                .isEqualTo(201);
        Http.Answer a = http.postJson("/v1/lists/ENTRIES_B/entries", "{\"kind\":\"pdq\",\"hash\":\"abc\"}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).contains(error("invalid_hash"), "64 hex digits, not 3 characters");
        a = http.postJson("/v1/lists/ENTRIES_B/entries", "{\"kind\":\"sha1\",\"hash\":\"" + "ab".repeat(20) + "\"}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).contains(error("invalid_request"), "kind must be pdq or md5");
        a = http.postJson("/v1/lists/ENTRIES_B/entries", "[1]");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).contains(error("invalid_request"));
        a = http.postJson("/v1/lists/NO_SUCH_LIST/entries", "{\"kind\":\"md5\",\"hash\":\"" + MD5 + "\"}");
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.body()).contains(error("unknown_list"));
        // the demo list is served from a configured file: it does not change live
        a = http.postJson("/v1/lists/demo/entries", "{\"kind\":\"md5\",\"hash\":\"" + MD5 + "\"}");
        assertThat(a.status()).isEqualTo(409);
        assertThat(a.body()).contains(error("list_not_live"));
        a = http.delete("/v1/lists/demo/entries/0");
        assertThat(a.status()).isEqualTo(409);
        a = http.delete("/v1/lists/ENTRIES_B/entries/x");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).contains(error("invalid_request"));
        // a snapshot entry: its category, no label
        assertThat(http.get("/v1/lists/demo/entries/5").body())
                .isEqualTo("{\"list\":\"demo\",\"entry\":5,\"live\":false,\"category\":\"POSITIVE_CLASS\","
                        + "\"origins\":[]}\n");
    }

    @Test
    void aMatchKeyIsRefusedAndACurateKeyMayChangeEntries() {
        assertThat(http.postJson("/c/banks", "{\"name\":\"ENTRIES_C\"}").status())
                .isEqualTo(201);
        Http match = new Http(server.getURL(), TestKeys.MATCH);
        String body = "{\"kind\":\"md5\",\"hash\":\"" + MD5 + "\"}";
        assertThat(match.postJson("/v1/lists/ENTRIES_C/entries", body).status()).isEqualTo(403);
        assertThat(match.get("/v1/lists/ENTRIES_C/entries/0").status()).isEqualTo(403);
        assertThat(match.delete("/v1/lists/ENTRIES_C/entries/0").status()).isEqualTo(403);
        Http curate = new Http(server.getURL(), TestKeys.CURATE);
        assertThat(curate.postJson("/v1/lists/ENTRIES_C/entries", body).status())
                .isEqualTo(201);
        assertThat(curate.delete("/v1/lists/ENTRIES_C/entries/0").status()).isEqualTo(200);
    }
}
