package io.hashmatch.service.exchange;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Feedback from a hit to the exchange its entry came from, against a loopback fake NCMEC ({@link FakeNcmec}):
 *
 * <ul>
 *   <li>the entry still names its exchange once a background compaction has folded the sync's additions into a new
 *       snapshot (their labels, the exchange's ids, move to the snapshot's metadata store), so the console's feedback
 *       on a hit ({@code GET /v1/lists/{name}/entries/{entry}}, then {@code POST /v1/exchanges/{name}/feedback}) works
 *       the same before and after. Compaction runs after every change here ({@code after-changes: 1});</li>
 *   <li>NCMEC's reasons for negative feedback are fetched as python-threatexchange's {@code feedback_reasons} fetches
 *       them, offered by {@code GET /v1/exchanges/{name}/feedback/reasons}, and sent as the chosen reason's GUID; with
 *       no reason given, NCMEC's only reason is taken and a choice among several is refused.</li>
 * </ul>
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExchangeFeedbackTest implements TestPropertyProvider {
    private static final String EXCHANGE = "ncmec-compacted";
    private static final String LIST = "NCMEC_COMPACTED";
    private static final long SEED = 2019L;
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final FakeNcmec ncmec;

    @Inject
    EmbeddedServer server;

    @Inject
    ListRegistry registry;

    @Inject
    Exchanges exchanges;

    ExchangeFeedbackTest() {
        try {
            ncmec = new FakeNcmec();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Random random = new Random(SEED);
        long ts = Instant.now().getEpochSecond() - 3600;
        ncmec.events.add(new FakeNcmec.Event(42, "a", ts, SyncFixture.randomPdq(random), null, false));
        ncmec.events.add(new FakeNcmec.Event(43, "b", ts + 1, SyncFixture.randomPdq(random), null, false));
    }

    @Override
    public Map<String, String> getProperties() {
        return FakeExchangeProperties.of(
                        EXCHANGE, "ncmec", ncmec.endpoint(), LIST, "origin-after-compaction", "user:secret")
                .and(Map.of("hashmatch.watch", "false", "hashmatch.compaction.after-changes", "1"));
    }

    @AfterAll
    void stopFake() {
        ncmec.close();
    }

    @Test
    void feedbackFindsTheOriginAfterACompaction() throws Exception {
        assertThat(registry.awaitReady(Duration.ofMinutes(2))).isTrue();
        assertThat(exchanges.sync(EXCHANGE).added()).isEqualTo(2);
        TestRegistries.awaitCompacted(registry, LIST);

        for (int entry = 0; entry < 2; entry++) {
            String answer = get("/v1/lists/" + LIST + "/entries/" + entry);
            assertThat(answer)
                    .as("entry %d after the compaction", entry)
                    .contains("\"live\":false")
                    .contains("\"origins\":[{\"exchange\":\"" + EXCHANGE + "\",\"type\":\"ncmec\",\"id\":\"");
            String id = answer.replaceFirst("(?s).*\"origins\":\\[\\{[^}]*\"id\":\"([^\"]+)\".*", "$1");
            assertThat(answer).contains("\"label\":\"" + id + "\"").contains("\"verified\":true");
            HttpResponse<String> sent = post(
                    "/v1/exchanges/" + EXCHANGE + "/feedback",
                    "{\"id\":\"" + id + "\",\"positive\":true,\"kind\":\"pdq\",\"list\":\"" + LIST + "\",\"entry\":"
                            + entry + "}");
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
            assertThat(ncmec.feedback)
                    .last()
                    .isEqualTo("/v2/entries/" + id.replace('-', '/') + "/PDQ/feedback <feedbackSubmission"
                            + " xmlns=\"https://hashsharing.ncmec.org/hashsharing/v2\"><affirmative/>"
                            + "</feedbackSubmission>");
        }
    }

    @Test
    void ncmecsReasonsAreOfferedAndSent() throws Exception {
        assertThat(registry.awaitReady(Duration.ofMinutes(2))).isTrue();
        assertThat(get("/v1/exchanges/" + EXCHANGE + "/feedback/reasons?kind=md5"))
                .isEqualTo("{\"exchange\":\"" + EXCHANGE + "\",\"kind\":\"md5\",\"reasons\":["
                        + "{\"id\":\"01234567-abcd-0123-4567-012345678900\",\"name\":\"Example Reason 1\"},"
                        + "{\"id\":\"01234567-abcd-0123-4567-012345678901\",\"name\":\"Not CSAM\"}]}\n");
        String feedback = "/v1/exchanges/" + EXCHANGE + "/feedback";
        HttpResponse<String> chosen = post(
                feedback,
                "{\"id\":\"42-a\",\"positive\":false,\"kind\":\"md5\","
                        + "\"reason\":\"01234567-abcd-0123-4567-012345678901\"}");
        assertThat(chosen.statusCode()).as(chosen.body()).isEqualTo(200);
        assertThat(ncmec.feedback)
                .last()
                .isEqualTo("/v2/entries/42/a/MD5/feedback <feedbackSubmission"
                        + " xmlns=\"https://hashsharing.ncmec.org/hashsharing/v2\"><negative><reasonIds>"
                        + "<guid>01234567-abcd-0123-4567-012345678901</guid></reasonIds></negative>"
                        + "</feedbackSubmission>");
        int sent = ncmec.feedback.size();
        HttpResponse<String> unchosen = post(feedback, "{\"id\":\"42-a\",\"positive\":false,\"kind\":\"md5\"}");
        assertThat(unchosen.statusCode()).isEqualTo(422);
        assertThat(unchosen.body())
                .contains("exchange_configuration")
                .contains("01234567-abcd-0123-4567-012345678900, 01234567-abcd-0123-4567-012345678901");
        assertThat(ncmec.feedback).hasSize(sent);

        ncmec.reasons.remove("01234567-abcd-0123-4567-012345678901");
        try {
            HttpResponse<String> only = post(feedback, "{\"id\":\"42-a\",\"positive\":false,\"kind\":\"pdq\"}");
            assertThat(only.statusCode()).as(only.body()).isEqualTo(200);
            assertThat(ncmec.feedback)
                    .last()
                    .asString()
                    .endsWith("<guid>01234567-abcd-0123-4567-012345678900</guid></reasonIds></negative>"
                            + "</feedbackSubmission>");
        } finally {
            ncmec.reasons.put("01234567-abcd-0123-4567-012345678901", "Not CSAM");
        }
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

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.getURL() + path))
                        .header("X-API-Key", TestKeys.ADMIN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
