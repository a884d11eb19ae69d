package io.hashmatch.service.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.audit.AuditLog;
import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.lists.TestRegistries;
import io.hashmatch.service.security.TestKeys;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Feedback from a hit to the ThreatExchange privacy group its entry came from, against a loopback
 * {@link FakeThreatExchange}: the sync records each indicator's descriptors in the source's ledger; after a
 * compaction folded the sync's additions into a new snapshot, a hit's entry still names its exchange
 * ({@code GET /v1/lists/{name}/entries/{entry}}) and {@code POST /v1/exchanges/{name}/feedback} reacts to the
 * descriptors of other apps ({@code HELPFUL} to confirm, {@code DISAGREE_WITH_TAGS} to disagree); an entry with no
 * descriptor of another app is a 409, an id the source does not hold a 404, a key below admin a 403, none of which
 * reaches the exchange; every request is audited.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreatExchangeFeedbackTest implements TestPropertyProvider {
    private static final String EXCHANGE = "te-feedback";
    private static final String LIST = "TE_FEEDBACK";
    private static final String TOKEN = "123456789|abcdefghijklmnopqrstuvwxyz";
    private static final String MY_APP = "123456789";
    private static final long GROUP = 1234567890L;
    private static final long SEED = 1919L;
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final FakeThreatExchange te;
    /** Indicators: another app's and ours; another app's only; ours only; none. */
    private final String both;

    private final String othersOnly;
    private final String oursOnly;
    private final String noDescriptor;

    @Inject
    EmbeddedServer server;

    @Inject
    ListRegistry registry;

    @Inject
    Exchanges exchanges;

    @Inject
    AuditLog auditLog;

    ThreatExchangeFeedbackTest() {
        try {
            te = new FakeThreatExchange(TOKEN, GROUP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Random random = new Random(SEED);
        both = SyncFixture.randomPdq(random);
        othersOnly = SyncFixture.randomMd5(random);
        oursOnly = SyncFixture.randomPdq(random);
        noDescriptor = SyncFixture.randomPdq(random);
        long t = Instant.now().getEpochSecond() - 3600;
        te.updates.add(new FakeThreatExchange.Update(
                "HASH_PDQ",
                both,
                t,
                false,
                List.of(
                        new FakeThreatExchange.Descriptor("1001", "777", List.of("csam")),
                        new FakeThreatExchange.Descriptor("1002", MY_APP, List.of("csam")),
                        new FakeThreatExchange.Descriptor("1003", "778", List.of()))));
        te.updates.add(new FakeThreatExchange.Update(
                "HASH_MD5",
                othersOnly,
                t + 1,
                false,
                List.of(new FakeThreatExchange.Descriptor("2001", "779", List.of("terror")))));
        te.updates.add(new FakeThreatExchange.Update(
                "HASH_PDQ",
                oursOnly,
                t + 2,
                false,
                List.of(new FakeThreatExchange.Descriptor("3001", MY_APP, List.of()))));
        te.updates.add(new FakeThreatExchange.Update("HASH_PDQ", noDescriptor, t + 3, false, List.of()));
    }

    @Override
    public Map<String, String> getProperties() {
        return FakeExchangeProperties.of(
                        EXCHANGE, "fb_threatexchange", te.endpoint(), LIST, "threatexchange-feedback", TOKEN)
                .with("privacy-group", Long.toString(GROUP))
                .and(Map.of("hashmatch.watch", "false", "hashmatch.compaction.after-changes", "1"));
    }

    @AfterAll
    void stopFake() {
        te.close();
    }

    @Test
    void reactionsGoToTheHitEntrysDescriptors() throws Exception {
        assertThat(registry.awaitReady(Duration.ofMinutes(2))).isTrue();
        assertThat(exchanges.sync(EXCHANGE).added()).isEqualTo(4);
        assertThat(te.updateRequests.getFirst())
                .contains("fields=" + java.net.URLEncoder.encode(ThreatExchangeClient.FIELDS, StandardCharsets.UTF_8));
        TestRegistries.awaitCompacted(registry, LIST);
        String feedback = "/v1/exchanges/" + EXCHANGE + "/feedback";

        int hit = hitEntry(both);
        String entry = get("/v1/lists/" + LIST + "/entries/" + hit);
        assertThat(entry)
                .contains("\"origins\":[{\"exchange\":\"" + EXCHANGE + "\",\"type\":\"fb_threatexchange\",\"id\":\""
                        + "HASH_PDQ:" + both + "\",\"feedback\":true,\"verified\":true}]");
        HttpResponse<String> confirmed = post(
                feedback,
                "{\"id\":\"HASH_PDQ:" + both + "\",\"positive\":true,\"kind\":\"pdq\",\"list\":\"" + LIST
                        + "\",\"entry\":" + hit + "}",
                TestKeys.ADMIN);
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(te.reactions)
                .as("other apps' descriptors only, not ours (1002)")
                .containsExactly("1001 HELPFUL", "1003 HELPFUL");
        assertThat(te.refused).isEmpty();

        int md5Hit = hitEntry(othersOnly);
        HttpResponse<String> disagreed = post(
                feedback,
                "{\"id\":\"HASH_MD5:" + othersOnly + "\",\"positive\":false,\"kind\":\"md5\",\"list\":\"" + LIST
                        + "\",\"entry\":" + md5Hit + "}",
                TestKeys.ADMIN);
        assertThat(disagreed.statusCode()).as(disagreed.body()).isEqualTo(200);
        assertThat(te.reactions).containsExactly("1001 HELPFUL", "1003 HELPFUL", "2001 DISAGREE_WITH_TAGS");

        HttpResponse<String> ours =
                post(feedback, "{\"id\":\"HASH_PDQ:" + oursOnly + "\",\"positive\":true}", TestKeys.ADMIN);
        assertThat(ours.statusCode()).isEqualTo(409);
        assertThat(ours.body())
                .startsWith("{\"error\":{\"code\":\"feedback_target_missing\",\"message\":\"ThreatExchange entry"
                        + " HASH_PDQ:" + oursOnly + " has only this app's own descriptors (3001)");
        HttpResponse<String> none =
                post(feedback, "{\"id\":\"HASH_PDQ:" + noDescriptor + "\",\"positive\":false}", TestKeys.ADMIN);
        assertThat(none.statusCode()).isEqualTo(409);
        assertThat(none.body())
                .startsWith("{\"error\":{\"code\":\"feedback_target_missing\",\"message\":\"ThreatExchange entry"
                        + " HASH_PDQ:" + noDescriptor + " has no descriptor id recorded");
        HttpResponse<String> unknown =
                post(feedback, "{\"id\":\"HASH_PDQ:" + "0".repeat(64) + "\",\"positive\":true}", TestKeys.ADMIN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).startsWith("{\"error\":{\"code\":\"unknown_exchange_entry\",");
        for (String key : List.of(TestKeys.CURATE, TestKeys.MATCH)) {
            assertThat(post(feedback, "{\"id\":\"HASH_PDQ:" + both + "\",\"positive\":false}", key)
                            .statusCode())
                    .isEqualTo(403);
        }
        assertThat(te.reactions)
                .as("nothing more reached the exchange")
                .containsExactly("1001 HELPFUL", "1003 HELPFUL", "2001 DISAGREE_WITH_TAGS");
        assertThat(te.refused).isEmpty();

        auditLog.flush();
        List<String> lines = Files.readAllLines(auditLog.file()).stream()
                .filter(l -> l.contains("\"route\":\"POST /v1/exchanges/{name}/feedback\""))
                .toList();
        assertThat(lines)
                .anyMatch(l -> l.contains("\"key\":\"test-admin\"")
                        && l.contains("\"status\":200,\"subject\":\"exchange " + EXCHANGE + " entry HASH_PDQ:" + both
                                + " (list " + LIST + " entry " + hit + ")\""))
                .anyMatch(l -> l.contains("\"status\":200,\"subject\":\"exchange " + EXCHANGE + " entry HASH_MD5:"
                        + othersOnly + " (list " + LIST + " entry " + md5Hit + ")\""))
                .anyMatch(l -> l.contains(
                        "\"status\":409,\"subject\":\"exchange " + EXCHANGE + " entry HASH_PDQ:" + oursOnly + "\""))
                .anyMatch(l -> l.contains("\"key\":\"test-match\"") && l.contains("\"status\":403"));
    }

    /** The entry of list {@link #LIST} that {@code hash} hits. */
    private int hitEntry(String hash) throws IOException, InterruptedException {
        HttpResponse<String> r = post("/v1/match/hashes", "{\"hashes\":[\"" + hash + "\"]}", TestKeys.ADMIN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Matcher m =
                Pattern.compile("\"list\":\"" + LIST + "\",\"entry\":([0-9]+)").matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.getURL() + path))
                        .header("X-API-Key", TestKeys.ADMIN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private HttpResponse<String> post(String path, String json, String key) throws IOException, InterruptedException {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.getURL() + path))
                        .header("X-API-Key", key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
