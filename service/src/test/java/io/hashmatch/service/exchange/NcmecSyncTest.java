package io.hashmatch.service.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NCMEC's client and the sync against a local fake of the v2 XML API. */
class NcmecSyncTest {
    private static final long T0 = 1_700_000_000L;
    private static final long SEED = 19L;

    @TempDir
    Path dir;

    FakeNcmec ncmec;
    SyncFixture fx;
    Exchanges exchanges;
    final Random random = new Random(SEED);

    @BeforeEach
    void setUp() throws Exception {
        ncmec = new FakeNcmec();
        fx = new SyncFixture(dir, Instant.ofEpochSecond(T0 + 2000));
        fx.env.put("NCMEC_TEST", "user:secret");
        exchanges = fx.exchanges(SyncFixture.config("ncmec", "ncmec", ncmec.endpoint(), "NCMEC_TEST", "NCMEC"));
    }

    @AfterEach
    void tearDown() {
        exchanges.close();
        fx.close();
        ncmec.close();
    }

    private List<FakeNcmec.Event> add(int n, long from, long span) {
        List<FakeNcmec.Event> added = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean image = random.nextInt(4) != 0;
            FakeNcmec.Event e = new FakeNcmec.Event(
                    42 + random.nextInt(3),
                    "e" + ncmec.events.size(),
                    from + random.nextInt((int) span),
                    image ? SyncFixture.randomPdq(random) : null,
                    SyncFixture.randomMd5(random),
                    false);
            ncmec.events.add(e);
            added.add(e);
        }
        return added;
    }

    private void assertListIsExchange() throws Exception {
        assertThat(fx.counts("NCMEC"))
                .as("seed %d", SEED)
                .isEqualTo(SyncFixture.multiset(ncmec.live().values()));
    }

    @Test
    void fullThenIncrementalSyncAppliesAdditionsUpdatesAndDeletionsAcrossPages() throws Exception {
        List<FakeNcmec.Event> first = add(2500, T0, 1000);
        Exchanges.Report full = exchanges.sync("ncmec");
        assertThat(full.pages()).isEqualTo(3); // 1000 + 1000 + 500, paged by <next>
        assertThat(full.added()).isEqualTo(2500);
        assertThat(ncmec.entryRequests.get()).isEqualTo(3);
        assertListIsExchange();

        // later: 300 new entries, 100 updated hashes, 150 deletions
        fx.clock.now = Instant.ofEpochSecond(T0 + 3000);
        add(300, T0 + 2000, 900);
        for (int i = 0; i < 100; i++) {
            FakeNcmec.Event old = first.get(i);
            ncmec.events.add(new FakeNcmec.Event(
                    old.member(), old.id(), T0 + 2100 + i, SyncFixture.randomPdq(random), old.md5(), false));
        }
        for (int i = 100; i < 250; i++) {
            FakeNcmec.Event old = first.get(i);
            ncmec.events.add(new FakeNcmec.Event(old.member(), old.id(), T0 + 2500 + i, null, null, true));
        }
        ncmec.entryRequests.set(0);
        Exchanges.Report inc = exchanges.sync("ncmec");
        assertThat(ncmec.entryRequests.get())
                .as("only the new window is fetched")
                .isEqualTo(1);
        assertThat(inc.fetched()).isEqualTo(550);
        assertThat(inc.added()).isEqualTo(400);
        assertThat(inc.removed()).isEqualTo(250);
        assertListIsExchange();

        // nothing new: one request, no change
        fx.clock.now = Instant.ofEpochSecond(T0 + 4000);
        Exchanges.Report none = exchanges.sync("ncmec");
        assertThat(none.added() + none.removed()).isZero();
        assertListIsExchange();
        Exchanges.Status status = exchanges.status("ncmec");
        assertThat(status.entries()).isEqualTo(2500 + 300 - 150);
        assertThat(status.checkpoint()).isEqualTo("{\"get_entries_max_ts\":" + (T0 + 4000 - 5) + "}");
    }

    @Test
    void expiredCredentialsAreAClearErrorAndLeaveTheListUnchanged() throws Exception {
        add(300, T0, 1000);
        exchanges.sync("ncmec");
        Map<EntryKey, Integer> before = fx.counts("NCMEC");
        String checkpoint = exchanges.status("ncmec").checkpoint();

        fx.clock.now = Instant.ofEpochSecond(T0 + 3000);
        add(50, T0 + 2000, 500);
        ncmec.password = "rotated";
        int requests = ncmec.requests.get();
        assertThatThrownBy(() -> exchanges.sync("ncmec"))
                .isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.kind())
                        .isEqualTo(ExchangeException.Kind.CREDENTIALS_REFUSED))
                .hasMessageContaining("refused the credentials (HTTP 401)");
        assertThat(ncmec.requests.get() - requests).as("401 is not retried").isEqualTo(1);
        assertThat(fx.counts("NCMEC")).isEqualTo(before);
        Exchanges.Status s = exchanges.status("ncmec");
        assertThat(s.checkpoint()).isEqualTo(checkpoint);
        assertThat(s.lastErrorKind()).isEqualTo(ExchangeException.Kind.CREDENTIALS_REFUSED);

        fx.env.remove("NCMEC_TEST");
        assertThatThrownBy(() -> exchanges.sync("ncmec"))
                .isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.kind())
                        .isEqualTo(ExchangeException.Kind.CREDENTIALS_MISSING))
                .hasMessageContaining("set $NCMEC_TEST");
    }

    @Test
    void serverErrorsAreRetriedWithBackoffAndBounded() throws Exception {
        add(1500, T0, 1000);
        ncmec.fail500 = 2;
        Exchanges.Report r = exchanges.sync("ncmec");
        assertThat(r.added()).isEqualTo(1500);
        assertThat(ncmec.requests.get()).as("2 pages + 2 retried failures").isEqualTo(4);
        assertListIsExchange();

        fx.clock.now = Instant.ofEpochSecond(T0 + 3000);
        add(10, T0 + 2000, 500);
        ncmec.fail500 = 100;
        int requests = ncmec.requests.get();
        assertThatThrownBy(() -> exchanges.sync("ncmec"))
                .isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.kind())
                        .isEqualTo(ExchangeException.Kind.UNAVAILABLE))
                .hasMessageContaining("HTTP 500 (after 4 tries)");
        assertThat(ncmec.requests.get() - requests).as("1 try + 3 retries").isEqualTo(4);
        ncmec.fail500 = 0;
        exchanges.sync("ncmec");
        assertListIsExchange();
    }

    /**
     * A request without an answer times out and is retried, then the sync fails naming the timeout and the tries. The
     * fake holds its answers until the failed sync is over, so every try times out however slow the machine; the sync
     * after it, at the fixture's long timeout, gets every answer.
     */
    @Test
    void timeoutsAreRetriedThenReported() throws Exception {
        add(10, T0, 1000);
        ncmec.holdAnswers();
        try (Exchanges impatient = fx.exchanges(SyncFixture.config(
                "ncmec", "ncmec", ncmec.endpoint(), "NCMEC_TEST", "NCMEC", Duration.ofMillis(200)))) {
            assertThatThrownBy(() -> impatient.sync("ncmec"))
                    .isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.kind())
                            .isEqualTo(ExchangeException.Kind.UNAVAILABLE))
                    .hasMessageContaining("no answer within 200 ms (after 4 tries)");
        } finally {
            ncmec.releaseAnswers();
        }
        assertThat(fx.counts("NCMEC")).isEmpty();
        exchanges.sync("ncmec");
        assertListIsExchange();
    }

    @Test
    void aMalformedEntryIsSkippedAndCounted() throws Exception {
        List<FakeNcmec.Event> added = add(200, T0, 1000);
        String bad = added.stream()
                .filter(e -> e.pdq() != null)
                .findFirst()
                .orElseThrow()
                .id();
        ncmec.malformedIds.add(bad);
        Exchanges.Report r = exchanges.sync("ncmec");
        assertThat(r.malformed()).isEqualTo(1);
        assertThat(r.added()).isEqualTo(199);
        assertListIsExchange();
        assertThat(exchanges.status("ncmec").malformed()).isEqualTo(1);
    }

    @Test
    void feedbackIsPutAsNcmecXml() throws Exception {
        exchanges.feedback("ncmec", "42-image1", "pdq", true, null);
        exchanges.feedback("ncmec", "43-image4", "md5", false, "01234567-abcd-0123-4567-012345678900");
        assertThat(ncmec.feedback)
                .containsExactly(
                        "/v2/entries/42/image1/PDQ/feedback <feedbackSubmission"
                                + " xmlns=\"https://hashsharing.ncmec.org/hashsharing/v2\"><affirmative/></feedbackSubmission>",
                        "/v2/entries/43/image4/MD5/feedback <feedbackSubmission"
                                + " xmlns=\"https://hashsharing.ncmec.org/hashsharing/v2\"><negative><reasonIds><guid>"
                                + "01234567-abcd-0123-4567-012345678900</guid></reasonIds></negative></feedbackSubmission>");
    }

    @Test
    void theOriginOfAnEntryIsTheSourceWhoseLedgerHoldsItsId() throws Exception {
        FakeNcmec.Event e = add(3, T0, 100).get(1);
        exchanges.sync("ncmec");
        String id = e.member() + "-" + e.id();
        assertThat(exchanges.origins("NCMEC", id))
                .containsExactly(new Exchanges.Origin("ncmec", ExchangeType.NCMEC, id, true));
        assertThat(exchanges.origins("NCMEC", "42-not-synced")).isEmpty();
        assertThat(exchanges.origins("OTHER", id)).as("another list").isEmpty();
        assertThat(ExchangeType.NCMEC.takesFeedback()).isTrue();
        assertThat(ExchangeType.TAT.takesFeedback()).isFalse();
    }
}
