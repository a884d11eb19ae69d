package io.hashmatch.service.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the intake's storage must do on every database it supports: the schema made from empty by the migrations,
 * reports read back exactly as sent, a retried submission stored once, and concurrent submissions (a bounded pool,
 * each sent twice at once) neither lost nor doubled. A subclass supplies the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IntakeStoreContract {
    private static final long SEED = System.nanoTime();

    private ApplicationContext ctx;
    private Reporter reporter;

    /** The {@code hashmatch.intake.datasource.*} properties of the database under test. */
    abstract Map<String, Object> database() throws Exception;

    /** Releases the database (after the application context is closed). */
    void release() throws Exception {}

    @BeforeAll
    void start() throws Exception {
        Map<String, Object> props = new HashMap<>(database());
        ctx = ApplicationContext.run(props, "test");
        ctx.getBean(EmbeddedServer.class).start();
        reporter = new Reporter(ctx.getBean(EmbeddedServer.class).getURL());
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (ctx != null) {
                ctx.close();
            }
        } finally {
            release();
        }
    }

    private List<List<Object>> query(String sql) throws Exception {
        @SuppressWarnings("unchecked")
        TransactionOperations<Connection> tx =
                ctx.getBean(TransactionOperations.class, Qualifiers.byName(IntakeDatabase.NAME));
        return tx.executeRead(status -> {
            List<List<Object>> rows = new ArrayList<>();
            try (Statement s = status.getConnection().createStatement();
                    ResultSet r = s.executeQuery(sql)) {
                int columns = r.getMetaData().getColumnCount();
                while (r.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(r.getObject(i));
                    }
                    rows.add(row);
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            return rows;
        });
    }

    private long reports() throws Exception {
        return ((Number) query("SELECT COUNT(*) FROM intake_report").get(0).get(0)).longValue();
    }

    @Test
    void migrationsMakeTheSchemaFromEmpty() throws Exception {
        assertThat(
                        query(
                                "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank"))
                .containsExactly(List.of("1", true), List.of("2", true), List.of("3", true));
        assertThat(query("SELECT COUNT(*) FROM intake_item").get(0).get(0)).isNotNull();
        assertThat(query("SELECT COUNT(*) FROM intake_frame").get(0).get(0)).isNotNull();
        assertThat(query("SELECT COUNT(*) FROM intake_event").get(0).get(0)).isNotNull();
    }

    @Test
    void anActionChangesTheStatusAndIsKeptInTheHistory() {
        Random random = new Random(SEED + 7);
        String receipt =
                reporter.submit(Reporter.body(Reporter.hex(random, 16), "en", Reporter.images(random, 1), "x"));
        Reports store = ctx.getBean(Reports.class);
        long id = Reporter.caseOf(store, receipt);
        assertThat(store.act(id, ReportStatus.CONFIRMED, "", "key-a")).isTrue();
        assertThat(store.act(id, ReportStatus.DISMISSED, "not ours", "key-b")).isTrue();
        assertThat(store.act(Long.MAX_VALUE, ReportStatus.CONFIRMED, "", "key-a"))
                .isFalse();
        assertThat(reporter.status(receipt)).isEqualTo("dismissed");
        assertThat(store.byId(id).orElseThrow().statusReason()).isEqualTo("not ours");
        assertThat(store.history(id))
                .extracting(ReportEvent::action, ReportEvent::keyId, ReportEvent::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("confirmed", "key-a", ""),
                        org.assertj.core.groups.Tuple.tuple("dismissed", "key-b", "not ours"));
        assertThat(store.history(id).get(1).at())
                .isAfterOrEqualTo(store.history(id).get(0).at());
    }

    @Test
    void aReportIsReadBackExactlyAsSent() throws Exception {
        Random random = new Random(SEED);
        List<Reporter.Image> images = Reporter.images(random, 3);
        String submission = Reporter.hex(random, 16);
        String receipt = reporter.submit(Reporter.body(submission, "km", images, "តេឡេក្រាម group \\\"x\\\""));
        assertThat(receipt).as("seed %d", SEED).matches("[0-9A-Z]{4}(-[0-9A-Z]{4}){3}");
        assertThat(reporter.status(receipt)).isEqualTo("received");
        assertThat(reporter.status(receipt.toLowerCase(java.util.Locale.ROOT).replace("-", " ")))
                .isEqualTo("received");

        Reports store = ctx.getBean(Reports.class);
        Report r = store.byReceipt(ReceiptCodes.normalize(receipt)).orElseThrow();
        assertThat(r.lang()).isEqualTo("km");
        assertThat(r.categories()).isEqualTo("other");
        assertThat(r.seenWhere()).isEqualTo("តេឡេក្រាម group \"x\"");
        assertThat(r.contact()).isEmpty();
        assertThat(r.status()).isEqualTo("received");
        List<ReportItem> items = store.items(Reports.idOf(r));
        assertThat(items).hasSize(3);
        for (int i = 0; i < 3; i++) {
            Reporter.Image sent = images.get(i);
            ReportItem got = items.get(i);
            assertThat(got.itemNo()).isEqualTo(i);
            assertThat(List.of(got.kind(), got.md5(), got.sha256(), String.valueOf(got.pdq())))
                    .as("seed %d", SEED)
                    .containsExactly("image", sent.md5(), sent.sha256(), sent.pdq());
            assertThat(List.of(got.quality(), got.width(), got.height()))
                    .containsExactly(sent.quality(), sent.width(), sent.height());
        }
    }

    @Test
    void aVideosFramesAreReadBackExactly() {
        Random random = new Random(SEED + 3);
        List<io.hashmatch.video.VpdqFrame> frames = new ArrayList<>();
        StringBuilder json = new StringBuilder("[");
        for (int k = 0; k < 5; k++) {
            int index = k * 30 + random.nextInt(30);
            float seconds = Math.abs(random.nextFloat()) * 1000;
            io.hashmatch.hash.PdqHash pdq = io.hashmatch.hash.PdqHash.fromHex(Reporter.hex(random, 32));
            int quality = random.nextInt(101);
            frames.add(new io.hashmatch.video.VpdqFrame(index, quality, pdq, seconds));
            json.append(k > 0 ? "," : "")
                    .append("{\"frame\":" + index + ",\"timestamp\":" + seconds + ",\"pdq\":\"" + pdq.toHex()
                            + "\",\"quality\":" + quality + "}");
        }
        json.append(']');
        String body = "{\"submission\":\"" + Reporter.hex(random, 16)
                + "\",\"lang\":\"en\",\"categories\":[],\"seenWhere\":\"\",\"contact\":\"\",\"items\":["
                + Reporter.images(random, 1).get(0).json() + ",{\"kind\":\"video\",\"md5\":\""
                + Reporter.hex(random, 16)
                + "\",\"sha256\":\"" + Reporter.hex(random, 32) + "\",\"vpdq\":" + json + "}]}";
        String receipt = reporter.submit(body);
        Reports store = ctx.getBean(Reports.class);
        long id = Reporter.caseOf(store, receipt);
        assertThat(store.frames(id)).as("seed %d", SEED).isEqualTo(Map.of(1, frames));
    }

    @Test
    void aRetriedSubmissionIsStoredOnce() throws Exception {
        Random random = new Random(SEED + 1);
        String body = Reporter.body(Reporter.hex(random, 16), "en", Reporter.images(random, 1), "");
        long before = reports();
        String first = reporter.submit(body);
        String second = reporter.submit(body);
        assertThat(second).isEqualTo(first);
        assertThat(reports()).isEqualTo(before + 1);
    }

    @Test
    void unknownReceiptsAndMalformedCodesAre404() {
        assertThat(reporter.status("0000-0000-0000-0000")).isEqualTo("unknown");
        assertThat(reporter.status("not a code")).isEqualTo("unknown");
    }

    /**
     * 120 submissions from 8 threads, each submission sent twice at the same time by two threads: 120 reports, each
     * with its own receipt, both sends answered with it, every hash stored.
     */
    @Test
    void concurrentSubmissionsAreNeitherLostNorDoubled() throws Exception {
        Random random = new Random(SEED + 2);
        int n = 120;
        List<String> bodies = new ArrayList<>();
        List<List<Reporter.Image>> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Reporter.Image> images = Reporter.images(random, 1 + random.nextInt(4));
            sent.add(images);
            bodies.add(Reporter.body(Reporter.hex(random, 16), "en", images, "case " + i));
        }
        long before = reports();
        Map<Integer, Set<String>> receipts = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int copy = 0; copy < 2; copy++) {
                for (int i = 0; i < n; i++) {
                    int index = i;
                    done.add(pool.submit(() -> receipts.computeIfAbsent(index, k -> ConcurrentHashMap.newKeySet())
                            .add(reporter.submit(bodies.get(index)))));
                }
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(reports()).as("seed %d", SEED).isEqualTo(before + n);
        Set<String> distinct = new HashSet<>();
        Reports store = ctx.getBean(Reports.class);
        for (int i = 0; i < n; i++) {
            assertThat(receipts.get(i))
                    .as("both sends of submission %d, seed %d", i, SEED)
                    .hasSize(1);
            String receipt = receipts.get(i).iterator().next();
            distinct.add(receipt);
            Report r = store.byReceipt(ReceiptCodes.normalize(receipt)).orElseThrow();
            assertThat(r.seenWhere()).isEqualTo("case " + i);
            assertThat(store.items(Reports.idOf(r)).stream().map(ReportItem::sha256))
                    .containsExactlyElementsOf(
                            sent.get(i).stream().map(Reporter.Image::sha256).toList());
        }
        assertThat(distinct).hasSize(n);
    }
}
