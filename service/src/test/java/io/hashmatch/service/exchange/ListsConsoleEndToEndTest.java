package io.hashmatch.service.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.audit.AuditLog;
import io.hashmatch.service.console.BrowserScript;
import io.hashmatch.service.lists.ListLease;
import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.security.TestKeys;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The console's live lists end to end, in headless Debian Chromium driven by {@code src/test/e2e/console-lists.e2e.mjs}
 * (playwright-core): with a loopback fake NCMEC ({@link FakeNcmec}) configured as exchange {@value #EXCHANGE}, the
 * Lists screen shows the source after a sync triggered from it; an admin adds a hash, which then matches through
 * {@code /v1/match/hashes}, removes it and it no longer matches; a hit on an exchange entry sends feedback that the
 * fake receives and the audit line names; a match key sees no admin buttons and the routes refuse it (403).
 *
 * <p>Fails, never skips, when Chromium, node or the script's node_modules are missing
 * ({@link ConsoleEndToEndTest#requireTools}). Screenshots go to {@code target/e2e-screenshots/}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListsConsoleEndToEndTest implements TestPropertyProvider {
    static final Path E2E = Path.of("src", "test", "e2e");
    static final String EXCHANGE = "ncmec-e2e";
    static final String BROKEN = "ncmec-refused";
    static final String LIST = "NCMEC_E2E";
    static final Duration RUN_LIMIT = Duration.ofMinutes(3);
    private static final long SEED = 1919L;

    private final FakeNcmec ncmec;
    private final String exchangePdq;
    private final String otherPdq;
    private final String addedPdq;

    @Inject
    EmbeddedServer server;

    @Inject
    ListRegistry registry;

    @Inject
    JsonMapper json;

    @Inject
    AuditLog auditLog;

    ListsConsoleEndToEndTest() {
        try {
            ncmec = new FakeNcmec();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Random random = new Random(SEED);
        exchangePdq = SyncFixture.randomPdq(random);
        otherPdq = SyncFixture.randomPdq(random);
        addedPdq = SyncFixture.randomPdq(random);
        long ts = Instant.now().getEpochSecond() - 3600;
        ncmec.events.add(new FakeNcmec.Event(42, "a", ts, exchangePdq, SyncFixture.randomMd5(random), false));
        ncmec.events.add(new FakeNcmec.Event(43, "b", ts + 1, otherPdq, null, false));
    }

    @Override
    public Map<String, String> getProperties() {
        return FakeExchangeProperties.of(EXCHANGE, "ncmec", ncmec.endpoint(), LIST, "e2e-lists", "user:secret")
                .and(FakeExchangeProperties.of(
                                BROKEN, "ncmec", ncmec.endpoint(), "NCMEC_REFUSED", "e2e-lists", "user:expired")
                        .and(Map.of("hashmatch.watch", "false")));
    }

    @AfterAll
    void stopFake() {
        ncmec.close();
    }

    @Test
    void liveListsAndExchangeFeedbackInHeadlessChromium() throws Exception {
        BrowserScript.requireTools();
        assertThat(registry.awaitReady(Duration.ofMinutes(2))).isTrue();
        Path work = Files.createDirectories(Path.of("target", "e2e-lists"));
        Path screenshots = Path.of("target", "e2e-screenshots").toAbsolutePath();

        Map<String, String> env = new HashMap<>();
        env.put("HASHMATCH_URL", "http://127.0.0.1:" + server.getPort());
        env.put("HASHMATCH_MATCH_KEY", TestKeys.MATCH);
        env.put("HASHMATCH_ADMIN_KEY", TestKeys.ADMIN);
        env.put("EXCHANGE", EXCHANGE);
        env.put("BROKEN_EXCHANGE", BROKEN);
        env.put("LIST", LIST);
        env.put("EXCHANGE_PDQ", exchangePdq);
        env.put("ADDED_PDQ", addedPdq);
        env.put("SCREENSHOTS_DIR", screenshots.toString());
        Map<String, Object> report = BrowserScript.runScenarios("console-lists.e2e.mjs", work, RUN_LIMIT, 8, json, env);
        checkShown(map(report.get("observed")));
        assertThat(screenshots.toFile().list())
                .contains(
                        "lists-01-sources-before-sync.png",
                        "lists-02-synced.png",
                        "lists-03-sync-failed.png",
                        "lists-04-hash-added.png",
                        "lists-05-entry-removed.png",
                        "lists-06-feedback-offered.png",
                        "lists-07-feedback-sent.png",
                        "lists-07b-feedback-reason.png",
                        "lists-08-match-key.png");
    }

    private void checkShown(Map<String, Object> o) throws IOException {
        List<String> before = list(o.get("sourceBefore"));
        assertThat(before)
                .containsExactly(
                        EXCHANGE, "ncmec", LIST, "never", "—", "—", "0 added, 0 removed", "0", "—", "Sync now");

        assertThat(o.get("syncReport"))
                .asString()
                .matches("Synced " + EXCHANGE + ": 1 page, 2 records, 2 added," + " 0 removed, in [0-9]+ ms\\.");
        List<String> after = list(o.get("sourceAfter"));
        Exchanges.Status status = exchangesStatus();
        assertThat(after.subList(0, 3)).containsExactly(EXCHANGE, "ncmec", LIST);
        assertThat(after.get(3)).isNotEqualTo("never");
        assertThat(after.get(4))
                .as("the checkpoint the ledger holds")
                .isEqualTo(status.checkpoint())
                .startsWith("{\"get_entries_max_ts\":");
        assertThat(after.subList(5, 10))
                .containsExactly("2 records, 2 added, 0 removed", "2 added, 0 removed", "2", "—", "Sync now");
        List<String> listAfterSync = list(o.get("listAfterSync"));
        assertThat(List.of(listAfterSync.get(0), listAfterSync.get(1), listAfterSync.get(3)))
                .containsExactly(LIST, "match list", "2 (+2 −0 since this version)");

        Map<String, Object> failed = map(o.get("failedSync"));
        assertThat((String) failed.get("report"))
                .startsWith("Sync of " + BROKEN + " failed: ")
                .endsWith("(exchange_credentials_refused)");
        assertThat(failed.get("reportClass")).isEqualTo("error");
        assertThat((String) failed.get("lastError")).endsWith("(credentials_refused)");

        assertThat(o.get("addRefused"))
                .isEqualTo("Not added: not a hash: a PDQ hash is 64 hex digits, not 3 characters (invalid_hash)");
        assertThat(o.get("addedBefore")).isEqualTo(List.of());
        assertThat(o.get("addReport")).isEqualTo("Added to " + LIST + " as entry 2 (pdq " + addedPdq + ").");
        assertThat(o.get("addedHits")).isEqualTo(List.of(LIST + "#2"));
        assertThat(list(o.get("listAfterAdd")).get(3)).isEqualTo("3 (+3 −0 since this version)");
        assertThat(o.get("removeReport")).isEqualTo("Removed entry 2 from " + LIST + ".");
        assertThat(o.get("removedHits")).isEqualTo(List.of());
        assertThat(o.get("removeAgain"))
                .isEqualTo("Not removed: list '" + LIST + "' has no entry 2 (now) (unknown_entry)");

        // entry 42-a is entry 0 or 1 of the list: the sync adds a batch's entries in no set order
        List<String> feedbackHit = list(o.get("feedbackHit"));
        assertThat(feedbackHit.get(0)).isEqualTo(LIST);
        String hitEntry = feedbackHit.get(1);
        assertThat(hitEntry).isIn("0", "1");
        try (ListLease lease = registry.acquire()) {
            assertThat(java.util.Objects.requireNonNull(lease.changes(LIST)).label(Integer.parseInt(hitEntry)))
                    .as("the hit's entry is the one the sync labelled with the exchange id")
                    .isEqualTo("42-a");
        }
        assertThat((String) o.get("disagreeWithoutReason"))
                .startsWith("Not sent to " + EXCHANGE + ": ")
                .contains("needs a reason")
                .endsWith("(exchange_configuration)");
        assertThat(o.get("confirmed")).isEqualTo("Confirmed: sent to " + EXCHANGE + " for its entry 42-a.");
        assertThat(list(o.get("reasons")))
                .as("NCMEC's reasons, offered by name, sent by GUID")
                .containsExactly(
                        List.of("", "Reason (to disagree)…"),
                        List.of("01234567-abcd-0123-4567-012345678900", "Example Reason 1"),
                        List.of("01234567-abcd-0123-4567-012345678901", "Not CSAM"));
        assertThat(o.get("disagreed"))
                .isEqualTo("Disagreed: sent to " + EXCHANGE + " for its entry 42-a (reason: Not CSAM).");
        String submission = "<feedbackSubmission xmlns=\"https://hashsharing.ncmec.org/hashsharing/v2\">";
        assertThat(ncmec.feedback)
                .as("what the fake exchange received")
                .containsExactly(
                        "/v2/entries/42/a/PDQ/feedback " + submission + "<affirmative/></feedbackSubmission>",
                        "/v2/entries/42/a/PDQ/feedback " + submission + "<negative><reasonIds>"
                                + "<guid>01234567-abcd-0123-4567-012345678901</guid></reasonIds></negative>"
                                + "</feedbackSubmission>");
        auditLog.flush();
        List<String> lines = Files.readAllLines(auditLog.file());
        assertThat(lines.stream()
                        .filter(l -> l.contains("\"route\":\"POST /v1/exchanges/{name}/feedback\",\"status\":200,"))
                        .toList())
                .hasSize(2)
                .allSatisfy(l -> assertThat(l)
                        .contains("\"key\":\"test-admin\"")
                        .contains("\"subject\":\"exchange " + EXCHANGE + " entry 42-a (list " + LIST + " entry "
                                + hitEntry + ")\""));
        assertThat(lines)
                .anyMatch(l -> l.contains("\"route\":\"POST /v1/lists/{name}/entries\",\"status\":201,"
                        + "\"subject\":\"list " + LIST + " entry 2\""))
                .anyMatch(l -> l.contains("\"route\":\"DELETE /v1/lists/{name}/entries/{entry}\",\"status\":200,"
                        + "\"subject\":\"list " + LIST + " entry 2\""));

        Map<String, Object> match = map(o.get("matchKey"));
        assertThat(match.get("verdict")).isEqualTo("Match");
        assertThat(match.get("buttons"))
                .as("no feedback button for a match key")
                .isEqualTo(0);
        for (String route : List.of("add", "remove", "entry", "sync", "exchanges", "feedback")) {
            assertThat(match.get(route)).as(route).isEqualTo(403);
        }
        assertThat(ncmec.feedback).as("a refused request sends nothing").hasSize(2);
        assertThat(o.get("requestsOutsideTheService")).isEqualTo(List.of());
        assertThat(o.get("pageErrors")).isEqualTo(List.of());
    }

    @Inject
    Exchanges exchanges;

    private Exchanges.Status exchangesStatus() {
        try {
            return exchanges.status(EXCHANGE);
        } catch (ExchangeException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object o) {
        return (List<T>) o;
    }
}
