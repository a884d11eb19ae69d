package io.hashmatch.service.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ThreatExchange reactions below the HTTP layer, against a loopback {@link FakeThreatExchange}: the descriptors a sync
 * records survive a restart (a new {@link Exchanges} over the same work directory); a ledger written before
 * descriptors were recorded (version 1) keeps its entries, becomes version 2, and its source fetches everything once
 * more to record them; the fake refuses reactions outside the protocol.
 */
class ThreatExchangeReactionsTest {
    private static final String TOKEN = "123456789|abcdefghijklmnopqrstuvwxyz";
    private static final long GROUP = 1234567890L;
    private static final long SEED = 19L;
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);

    @TempDir
    Path dir;

    private static FakeThreatExchange fake(String pdq) throws IOException {
        FakeThreatExchange te = new FakeThreatExchange(TOKEN, GROUP);
        te.updates.add(new FakeThreatExchange.Update(
                "HASH_PDQ",
                pdq,
                NOW.getEpochSecond() - 100,
                false,
                List.of(
                        new FakeThreatExchange.Descriptor("1001", "777", List.of("csam")),
                        new FakeThreatExchange.Descriptor("1002", "123456789", List.of("csam")))));
        return te;
    }

    private static ExchangeConfiguration config(FakeThreatExchange te) {
        return SyncFixture.config("te", "fb_threatexchange", te.endpoint(), "TE_TEST", "TE");
    }

    @Test
    void descriptorsSurviveARestart() throws Exception {
        String pdq = SyncFixture.randomPdq(new Random(SEED));
        try (FakeThreatExchange te = fake(pdq);
                SyncFixture fx = new SyncFixture(dir, NOW)) {
            fx.env.put("TE_TEST", TOKEN);
            assertThat(fx.exchanges(config(te)).sync("te").added()).isEqualTo(1);

            Exchanges restarted = fx.exchanges(config(te));
            restarted.feedback("te", "HASH_PDQ:" + pdq, "pdq", false, null);
            assertThat(te.reactions).containsExactly("1001 DISAGREE_WITH_TAGS");
            assertThat(te.refused).isEmpty();
            assertThatThrownBy(() -> restarted.feedback("te", "HASH_PDQ:" + "1".repeat(64), null, true, null))
                    .isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.kind())
                            .isEqualTo(ExchangeException.Kind.UNKNOWN_ENTRY));
        }
    }

    @Test
    void aLedgerWithoutDescriptorsIsMigratedAndRefetchedOnce() throws Exception {
        Random random = new Random(SEED);
        String pdq = SyncFixture.randomPdq(random);
        String gone = SyncFixture.randomMd5(random);
        try (FakeThreatExchange te = fake(pdq);
                SyncFixture fx = new SyncFixture(dir, NOW)) {
            fx.env.put("TE_TEST", TOKEN);
            Path ledger = fx.registry.dataDirectory().resolve("exchanges").resolve("te.ledger");
            long t = NOW.getEpochSecond() - 100;
            writeVersion1(
                    ledger,
                    "{\"type\":\"state\",\"list\":\"TE\",\"checkpoint\":\"{\\\"update_time\\\":" + t
                            + ",\\\"last_fetch_time\\\":" + (t + 10) + "}\",\"added\":2,\"removed\":0,"
                            + "\"total_malformed\":0,\"last_applied\":null,\"entries\":["
                            + "[\"add\",\"HASH_PDQ:" + pdq + "\",\"" + pdq + "\",null,\"csam\",1593628275," + t + "],"
                            + "[\"add\",\"HASH_MD5:" + gone + "\",null,\"" + gone + "\",null,null," + t + "]]}");
            Exchanges ex = fx.exchanges(config(te));
            assertThatThrownBy(() -> ex.feedback("te", "HASH_PDQ:" + pdq, null, true, null))
                    .as("before the next sync, the migrated entry has no descriptor")
                    .isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.kind())
                            .isEqualTo(ExchangeException.Kind.NO_FEEDBACK_TARGET));
            assertThat(version(ledger)).isEqualTo(SyncLedger.VERSION_CURRENT);

            Exchanges.Report r = ex.sync("te");
            assertThat(te.updateRequests.getFirst())
                    .as("a checkpoint of a sync that kept no descriptor ids: everything fetched again")
                    .doesNotContain("start_time");
            assertThat(r.added()).isZero();
            try (SyncLedger l = SyncLedger.open(ledger, "TE")) {
                assertThat(l.entries().keySet())
                        .as("the version 1 entries are kept")
                        .containsExactlyInAnyOrder("HASH_PDQ:" + pdq, "HASH_MD5:" + gone);
                assertThat(l.entries().get("HASH_PDQ:" + pdq).descriptors())
                        .containsExactly(
                                new ExchangeEntry.Descriptor("1001", "777"),
                                new ExchangeEntry.Descriptor("1002", "123456789"));
                assertThat(l.checkpoint()).contains("\"descriptor_ids\":true");
            }
            ex.feedback("te", "HASH_PDQ:" + pdq, null, true, null);
            assertThat(te.reactions).containsExactly("1001 HELPFUL");

            ex.sync("te");
            assertThat(te.updateRequests.getLast()).as("then incremental again").contains("start_time=" + t);
        }
    }

    @Test
    void theFakeRefusesReactionsOutsideTheProtocol() throws Exception {
        String pdq = SyncFixture.randomPdq(new Random(SEED));
        HttpClient client = HttpClient.newHttpClient();
        try (FakeThreatExchange te = fake(pdq)) {
            String token = "access_token=" + TOKEN.replace("|", "%7C");
            List<String[]> refused = List.of(
                    new String[] {"/1001/?" + token, ""},
                    new String[] {"/1001/?" + token + "&reactions=LIKE", ""},
                    new String[] {"/1001/?" + token + "&reactions=HELPFUL", "reactions=DISAGREE_WITH_TAGS"},
                    new String[] {"/1001/?" + token + "&reactions=HELPFUL&extra=1", ""},
                    new String[] {"/4242/?" + token + "&reactions=HELPFUL", ""},
                    new String[] {"/1001/?access_token=123456789%7Cwrongwrongwrongwrongwrong&reactions=HELPFUL", ""});
            for (String[] request : refused) {
                HttpResponse<String> a = client.send(
                        HttpRequest.newBuilder(URI.create(te.endpoint() + request[0]))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(request[1]))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(a.statusCode()).as(request[0] + " " + request[1]).isEqualTo(400);
                assertThat(a.body()).startsWith("{\"error\":{\"message\":");
            }
            assertThat(te.refused).hasSize(refused.size());
            assertThat(te.reactions).isEmpty();
            HttpResponse<String> ok = client.send(
                    HttpRequest.newBuilder(URI.create(te.endpoint() + "/1001/?" + token + "&reactions=HELPFUL"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.body()).isEqualTo("{\"success\":true}");
            assertThat(te.reactions).containsExactly("1001 HELPFUL");
        }
    }

    /** Writes a version 1 ledger of one frame, as a build before descriptors wrote it. */
    private static void writeVersion1(Path path, String frameJson) throws IOException {
        Files.createDirectories(path.getParent());
        byte[] json = frameJson.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(16 + 8 + json.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x89, 'H', 'M', 'X', 'L', 'D', 'G', '\n'}).putInt(1);
        CRC32C header = new CRC32C();
        header.update(b.array(), 0, 12);
        b.putInt((int) header.getValue());
        b.putInt(json.length).put(json);
        CRC32C frame = new CRC32C();
        frame.update(b.array(), 16, 4 + json.length);
        b.putInt((int) frame.getValue());
        Files.write(path, b.array());
    }

    private static int version(Path ledger) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(ledger), 8, 4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getInt();
    }
}
