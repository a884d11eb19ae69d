package io.hashmatch.service.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.hash.PdqHash;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * StopNCII, ThreatExchange, Tech Against Terrorism and plain-URL sources, each against a local fake of its protocol:
 * paging, incremental fetch from the checkpoint, deletions, a malformed record, refused credentials.
 */
class JsonExchangesSyncTest {
    private static final String P1 = "f".repeat(64);
    private static final String P2 = "0123456789abcdef".repeat(4);
    private static final String P3 = "fedcba9876543210".repeat(4);
    private static final String M1 = "a".repeat(32);
    private static final String M2 = "b".repeat(32);

    @TempDir
    Path dir;

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static EntryKey pdq(String hex) {
        return new EntryKey(PdqHash.fromHex(hex), null);
    }

    private static EntryKey md5(String hex) {
        return new EntryKey(null, hex);
    }

    @Test
    void stopNcii() throws Exception {
        AtomicInteger phase = new AtomicInteger();
        try (JsonFake fake = new JsonFake((x, body) -> {
                    String functionKey =
                            x.getRequestURI().getPath().equals("/SubmitFeedback") ? "feedbackkey" : "fetchkey";
                    if (!functionKey.equals(x.getRequestHeaders().getFirst("x-functions-key"))
                            || !"subkey".equals(x.getRequestHeaders().getFirst("Ocp-Apim-Subscription-Key"))) {
                        return new JsonFake.Answer(401, "{}");
                    }
                    if (functionKey.equals("feedbackkey")) {
                        return new JsonFake.Answer(200, "{}");
                    }
                    Map<String, String> q = query(x.getRequestURI().getRawQuery());
                    if (phase.get() == 0 && !q.containsKey("nextPageToken")) {
                        return new JsonFake.Answer(
                                200,
                                "{\"count\":2,\"nextPageToken\":\"t1\",\"nextSetTimestamp\":100,"
                                        + "\"hasMoreRecords\":true,\"hashRecords\":["
                                        + "{\"lastModtimestamp\":90,\"signalType\":\"ImagePDQ\",\"hashValue\":\"" + P1
                                        + "\",\"hashStatus\":\"Active\",\"caseNumbers\":{},\"CSPFeedbacks\":[]},"
                                        + "{\"lastModtimestamp\":91,\"signalType\":\"VideoMD5\",\"hashValue\":\"" + M1
                                        + "\",\"hashStatus\":\"Received\",\"caseNumbers\":{}}]}");
                    }
                    if (phase.get() == 0) {
                        return new JsonFake.Answer(
                                200,
                                "{\"count\":2,\"nextPageToken\":null,\"nextSetTimestamp\":200,"
                                        + "\"hasMoreRecords\":false,\"hashRecords\":["
                                        + "{\"lastModtimestamp\":95,\"signalType\":\"ImagePDQ\",\"hashValue\":\"" + P2
                                        + "\",\"hashStatus\":\"Active\",\"caseNumbers\":{}},"
                                        + "{\"lastModtimestamp\":\"bad\",\"signalType\":\"ImagePDQ\",\"hashValue\":\""
                                        + P3
                                        + "\",\"hashStatus\":\"Active\"}]}");
                    }
                    assertThat(q).containsEntry("startTimestamp", "200");
                    return new JsonFake.Answer(
                            200,
                            "{\"count\":1,\"nextSetTimestamp\":300,\"hasMoreRecords\":false,"
                                    + "\"hashRecords\":[{\"lastModtimestamp\":250,\"signalType\":\"ImagePDQ\",\"hashValue\":\""
                                    + P1 + "\",\"hashStatus\":\"Withdrawn\",\"caseNumbers\":{}}]}");
                });
                SyncFixture fx = new SyncFixture(dir, Instant.ofEpochSecond(1000))) {
            fx.env.put("STOPNCII_TEST", "fetchkey,subkey,,feedbackkey");
            Exchanges ex = fx.exchanges(SyncFixture.config("sn", "stopncii", fake.endpoint(), "STOPNCII_TEST", "SN"));
            Exchanges.Report r = ex.sync("sn");
            assertThat(r.pages()).isEqualTo(2);
            assertThat(r.malformed()).isEqualTo(1);
            assertThat(fx.counts("SN")).isEqualTo(Map.of(pdq(P1), 1, md5(M1), 1, pdq(P2), 1));
            assertThat(fake.requests.get(0)).contains("/FetchHashes?startTimestamp=10&pageSize=800");
            assertThat(fake.requests.get(1)).contains("nextPageToken=t1");

            phase.set(1);
            Exchanges.Report inc = ex.sync("sn");
            assertThat(inc.removed()).isEqualTo(1);
            assertThat(fx.counts("SN")).isEqualTo(Map.of(md5(M1), 1, pdq(P2), 1));

            ex.feedback("sn", "ImagePDQ:" + P2, null, false, null);
            assertThat(fake.requests.get(fake.requests.size() - 1))
                    .isEqualTo("POST /SubmitFeedback {\"count\":1,\"hashFeedbacks\":[{\"tags\":[],"
                            + "\"feedbackValue\":\"NotBlocked\",\"hashValue\":\"" + P2 + "\"}]}");

            fx.env.put("STOPNCII_TEST", "expired,subkey");
            assertThatThrownBy(() -> ex.sync("sn"))
                    .isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.kind())
                            .isEqualTo(ExchangeException.Kind.CREDENTIALS_REFUSED));
            assertThat(fx.counts("SN")).isEqualTo(Map.of(md5(M1), 1, pdq(P2), 1));
        }
    }

    @Test
    void threatExchange() throws Exception {
        AtomicInteger phase = new AtomicInteger();
        String token = "123456789|abcdefghijklmnopqrstuvwxyz";
        try (JsonFake fake = new JsonFake((x, body) -> {
                    Map<String, String> q = query(x.getRequestURI().getRawQuery());
                    if (!token.equals(q.get("access_token"))) {
                        return new JsonFake.Answer(
                                400, "{\"error\":{\"message\":\"Invalid OAuth access token\",\"code\":190}}");
                    }
                    String self = "http://127.0.0.1:" + x.getLocalAddress().getPort();
                    if (phase.get() == 0 && !q.containsKey("after")) {
                        assertThat(q).doesNotContainKey("start_time").containsEntry("limit", "100");
                        assertThat(q.get("fields")).isEqualTo(ThreatExchangeClient.FIELDS);
                        return new JsonFake.Answer(
                                200,
                                "{\"data\":[{\"id\":\"1\",\"indicator\":\"" + P1
                                        + "\",\"type\":\"HASH_PDQ\",\"last_updated\":1600000000,\"should_delete\":false,"
                                        + "\"descriptors\":{\"data\":[{\"added_on\":\"2020-07-01T18:31:15+0000\","
                                        + "\"tags\":[\"b\",\"a\"],\"owner\":{\"id\":\"6\"},\"status\":\"MALICIOUS\"}]}}],"
                                        + "\"paging\":{\"next\":\"" + self + "/1234567890/threat_updates/?access_token="
                                        + token.replace("|", "%7C") + "&after=c1\"}}");
                    }
                    if (phase.get() == 0) {
                        return new JsonFake.Answer(
                                200,
                                "{\"data\":[{\"id\":\"2\",\"indicator\":\"" + M1
                                        + "\",\"type\":\"HASH_VIDEO_MD5\",\"last_updated\":1600000100,\"should_delete\":false,"
                                        + "\"descriptors\":{\"data\":[]}},{\"id\":\"3\",\"type\":\"HASH_PDQ\"}]}");
                    }
                    assertThat(q).containsEntry("start_time", "1600000100");
                    return new JsonFake.Answer(
                            200,
                            "{\"data\":[{\"id\":\"1\",\"indicator\":\"" + P1
                                    + "\",\"type\":\"HASH_PDQ\",\"last_updated\":1600000200,\"should_delete\":true}]}");
                });
                SyncFixture fx = new SyncFixture(dir, Instant.ofEpochSecond(1_600_001_000L))) {
            fx.env.put("TE_TEST", token);
            Exchanges ex =
                    fx.exchanges(SyncFixture.config("te", "fb_threatexchange", fake.endpoint(), "TE_TEST", "TE"));
            Exchanges.Report r = ex.sync("te");
            assertThat(r.pages()).isEqualTo(2);
            assertThat(r.malformed()).isEqualTo(1);
            assertThat(fx.counts("TE")).isEqualTo(Map.of(pdq(P1), 1, md5(M1), 1));
            phase.set(1);
            assertThat(ex.sync("te").removed()).isEqualTo(1);
            assertThat(fx.counts("TE")).isEqualTo(Map.of(md5(M1), 1));
            assertThatThrownBy(() -> ex.feedback("te", "HASH_PDQ:" + P1, null, true, null))
                    .as("a deleted entry has no descriptors to react to")
                    .isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.kind())
                            .isEqualTo(ExchangeException.Kind.UNKNOWN_ENTRY));
        }
    }

    @Test
    void techAgainstTerrorism() throws Exception {
        AtomicInteger phase = new AtomicInteger();
        try (JsonFake fake = new JsonFake((x, body) -> {
                    String path = x.getRequestURI().getPath();
                    if (path.equals("/token-auth/tcap/")) {
                        return body.equals("username=tat&password=pw&resend=False")
                                ? new JsonFake.Answer(200, "{\"token\":\"jwt\",\"user\":{}}")
                                : new JsonFake.Answer(400, "{\"non_field_errors\":[\"bad\"]}");
                    }
                    if (!"Bearer jwt".equals(x.getRequestHeaders().getFirst("Authorization"))) {
                        return new JsonFake.Answer(401, "{}");
                    }
                    Map<String, String> q = query(x.getRequestURI().getRawQuery());
                    String self = "http://127.0.0.1:" + x.getLocalAddress().getPort();
                    if (phase.get() == 0 && !q.containsKey("offset")) {
                        assertThat(q).containsEntry("order", "asc").containsEntry("after", "");
                        return new JsonFake.Answer(
                                200,
                                "{\"count\":3,\"next\":\"" + self
                                        + "/api/hash-list/v2/all?limit=2&offset=2\",\"previous\":null,"
                                        + "\"checkpoint\":\"1704901040.2,2820\",\"results\":["
                                        + "{\"hash_digest\":\"" + M1
                                        + "\",\"algorithm\":\"MD5\",\"ideology\":\"islamist\","
                                        + "\"file_type\":\"mp4\",\"deleted\":false,\"updated_on\":1704901040.222779,"
                                        + "\"created_on\":\"2025-03-03T23:05:22.587000\",\"id\":2819},"
                                        + "{\"hash_digest\":\"" + P1
                                        + "\",\"algorithm\":\"PDQ\",\"ideology\":\"far-right\","
                                        + "\"file_type\":\"gif\",\"deleted\":false,\"updated_on\":1704901040.24,"
                                        + "\"created_on\":\"2025-03-03T23:05:22\",\"id\":2820}]}");
                    }
                    if (phase.get() == 0) {
                        return new JsonFake.Answer(
                                200,
                                "{\"count\":3,\"next\":null,\"previous\":null,"
                                        + "\"checkpoint\":\"1704901041.0,2821\",\"results\":[{\"hash_digest\":\"xyz\"}]}");
                    }
                    assertThat(q).containsEntry("after", "1704901041.0,2821");
                    return new JsonFake.Answer(
                            200,
                            "{\"count\":1,\"next\":null,\"previous\":null,"
                                    + "\"checkpoint\":\"1704901050.0,2822\",\"results\":[{\"hash_digest\":\"" + M1
                                    + "\",\"algorithm\":\"MD5\",\"ideology\":\"islamist\",\"file_type\":\"mp4\","
                                    + "\"deleted\":true,\"updated_on\":1704901050.0,\"created_on\":\"2025-03-03T23:05:22\","
                                    + "\"id\":2822}]}");
                });
                SyncFixture fx = new SyncFixture(dir, Instant.ofEpochSecond(1_704_902_000L))) {
            fx.env.put("TAT_TEST", "tat:pw");
            Exchanges ex = fx.exchanges(SyncFixture.config("tat", "tat", fake.endpoint() + "/", "TAT_TEST", "TAT"));
            Exchanges.Report r = ex.sync("tat");
            assertThat(r.pages()).isEqualTo(2);
            assertThat(r.malformed()).isEqualTo(1);
            assertThat(fx.counts("TAT")).isEqualTo(Map.of(md5(M1), 1, pdq(P1), 1));
            assertThat(ex.status("tat").checkpoint()).isEqualTo("{\"checkpoint\":\"1704901041.0,2821\"}");
            phase.set(1);
            assertThat(ex.sync("tat").removed()).isEqualTo(1);
            assertThat(fx.counts("TAT")).isEqualTo(Map.of(pdq(P1), 1));
        }
    }

    @Test
    void plainUrlWithEtagAndChecksum() throws Exception {
        String[] file = {"MD5\n" + M1 + "\n" + M2 + "\n"};
        String[] etag = {"\"v1\""};
        try (JsonFake fake = new JsonFake((x, body) -> {
                    if (etag[0].equals(x.getRequestHeaders().getFirst("If-None-Match"))) {
                        return new JsonFake.Answer(304, "");
                    }
                    return new JsonFake.Answer(200, file[0], "ETag", etag[0]);
                });
                SyncFixture fx = new SyncFixture(dir, Instant.ofEpochSecond(1000))) {
            Exchanges ex = fx.exchanges(SyncFixture.config("u", "url", fake.endpoint() + "/list.txt", "U", "U"));
            assertThat(ex.sync("u").added()).isEqualTo(2);
            assertThat(fx.counts("U")).isEqualTo(Map.of(md5(M1), 1, md5(M2), 1));
            Exchanges.Report unchanged = ex.sync("u");
            assertThat(unchanged.pages()).isZero(); // 304
            assertThat(fake.requests).hasSize(2);

            file[0] = "MD5\n" + M2 + "\n" + "c".repeat(32) + "\n";
            etag[0] = "\"v2\"";
            Exchanges.Report changed = ex.sync("u");
            assertThat(changed.added()).isEqualTo(1);
            assertThat(changed.removed()).isEqualTo(1);
            assertThat(fx.counts("U")).isEqualTo(Map.of(md5(M2), 1, md5("c".repeat(32)), 1));

            etag[0] = "\"v3\""; // same bytes, new ETag: the checksum says nothing changed
            Exchanges.Report same = ex.sync("u");
            assertThat(same.added() + same.removed()).isZero();
            assertThat(List.copyOf(fake.requests)).hasSize(4);
        }
    }
}
