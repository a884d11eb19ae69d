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
import java.util.concurrent.TimeUnit;
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

        Process first = serve(dir, database);
        String receipt;
        try {
            receipt = new Reporter(awaitPort(first)).submit(body);
        } finally {
            first.destroyForcibly(); // SIGKILL, right after the 200
            first.waitFor(30, TimeUnit.SECONDS);
        }
        Process second = serve(dir, database);
        try {
            assertThat(new Reporter(awaitPort(second)).status(receipt))
                    .as("seed %d", SEED)
                    .isEqualTo("received");
        } finally {
            second.destroyForcibly();
            second.waitFor(30, TimeUnit.SECONDS);
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

    /** Starts {@code hashmatch serve} on a free port in a child JVM, configured by system properties. */
    private static Process serve(Path dir, Map<String, String> properties) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> options = new ArrayList<>(
                List.of("-Dhashmatch.audit.file=" + dir.resolve("audit.jsonl"), "-Dhashmatch.watch=false"));
        properties.forEach((k, v) -> options.add("-D" + k + "=" + v));
        List<String> command = ChildJvm.command(
                options, HashmatchApplication.class, List.of("serve", "--port", Integer.toString(port)));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("serve-" + port + ".log").toFile())
                .start();
        return withPort(p, port);
    }

    private static final Map<Process, Integer> PORTS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Process withPort(Process p, int port) {
        PORTS.put(p, port);
        return p;
    }

    /** Waits until the child answers on its port; returns its base URL. */
    private static String awaitPort(Process p) throws Exception {
        String base = "http://127.0.0.1:" + PORTS.get(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("serve exited with " + p.exitValue());
            }
            try {
                if (new Reporter(base).get("/v1/report/form").status() == 200) {
                    return base;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("serve did not answer within 120 s");
    }
}
