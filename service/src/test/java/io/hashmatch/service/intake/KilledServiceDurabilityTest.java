package io.hashmatch.service.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.ChildJvm;
import io.hashmatch.service.HashmatchApplication;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A report is durable before its receipt is shown: {@code hashmatch serve} runs in a child JVM, a report is submitted,
 * and right after the 200 the child is killed with SIGKILL (no shutdown hook, no close); a new {@code serve} on the
 * same database then knows the receipt, and the database holds every hash sent. On the default H2 file and on
 * PostgreSQL.
 */
class KilledServiceDurabilityTest {
    private static final long SEED = System.nanoTime();

    @Test
    void aReceiptedReportSurvivesKillOnH2() throws Exception {
        Path dir = Files.createTempDirectory("hashmatch-kill-");
        try {
            String url = H2Files.url(dir.resolve("intake"));
            check(dir, Map.of("hashmatch.intake.datasource.url", url), url, "sa");
        } finally {
            H2Files.delete(dir);
        }
    }

    @Test
    void aReceiptedReportSurvivesKillOnPostgres() throws Exception {
        Path dir = Files.createTempDirectory("hashmatch-kill-");
        try (TestPostgres pg = TestPostgres.start()) {
            check(
                    dir,
                    Map.of(
                            "hashmatch.intake.datasource.url",
                            pg.url(),
                            "hashmatch.intake.datasource.username",
                            TestPostgres.USER),
                    pg.url(),
                    TestPostgres.USER);
        } finally {
            H2Files.delete(dir);
        }
    }

    private static void check(Path dir, Map<String, String> database, String url, String user) throws Exception {
        Random random = new Random(SEED);
        List<Reporter.Image> images = Reporter.images(random, 5);
        String body = Reporter.body(Reporter.hex(random, 16), "km", images, "seen");

        String receipt;
        try (Serve first = Serve.start(dir, database)) {
            receipt = new Reporter(first.base()).submit(body);
            first.child().kill(); // SIGKILL, right after the 200
        }
        try (Serve second = Serve.start(dir, database)) {
            assertThat(new Reporter(second.base()).status(receipt))
                    .as(() -> "seed " + SEED + "\n" + second.child().transcript())
                    .isEqualTo("received");
        }
        List<String> stored = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, user, "");
                PreparedStatement s = c.prepareStatement("SELECT i.sha256 FROM intake_item i JOIN intake_report r"
                        + " ON r.id = i.report_id WHERE r.receipt = ? ORDER BY i.item_no")) {
            s.setString(1, ReceiptCodes.normalize(receipt));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    stored.add(r.getString(1));
                }
            }
        }
        assertThat(stored)
                .containsExactlyElementsOf(
                        images.stream().map(Reporter.Image::sha256).toList());
    }

    /** {@code hashmatch serve} in a child JVM, answering at {@code base}. */
    private record Serve(ChildJvm child, String base) implements AutoCloseable {
        /** Starts it on a free port, configured by system properties, and waits until it answers. */
        static Serve start(Path dir, Map<String, String> properties) throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> options = new ArrayList<>(
                    List.of("-Dhashmatch.audit.file=" + dir.resolve("audit.jsonl"), "-Dhashmatch.watch=false"));
            properties.forEach((k, v) -> options.add("-D" + k + "=" + v));
            ChildJvm child = ChildJvm.start(
                    dir,
                    ChildJvm.command(
                            options, HashmatchApplication.class, List.of("serve", "--port", Integer.toString(port))));
            String base = "http://127.0.0.1:" + port;
            try {
                child.await("an answer on port " + port, () -> answers(base));
            } catch (AssertionError | InterruptedException e) {
                child.close();
                throw e;
            }
            return new Serve(child, base);
        }

        private static boolean answers(String base) {
            try {
                return new Reporter(base).get("/v1/report/form").status() == 200;
            } catch (RuntimeException e) {
                return false; // not listening yet
            }
        }

        @Override
        public void close() throws InterruptedException {
            child.close();
        }
    }
}
