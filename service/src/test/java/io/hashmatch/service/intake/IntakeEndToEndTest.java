package io.hashmatch.service.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hashmatch.hash.FileHasher;
import io.hashmatch.service.console.ConsoleEndToEndTest;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The public report page end to end in headless Debian Chromium ({@code src/test/e2e/report.e2e.mjs}), in English and
 * in Khmer: the page loads in the browser's language under 300 KB, files picked are hashed in the browser, the report
 * is submitted, the receipt's status is shown; every request the pages made is checked by the script (same origin,
 * only hashes and the form's fields). Here the stored reports are checked against the engine's own hashes of the same
 * lossless images: MD5, SHA-256 and PDQ bit for bit. Screenshots go to {@code target/e2e-screenshots/}.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
class IntakeEndToEndTest {
    static final Path IMAGES = Path.of("..", "engine", "src", "test", "resources", "pdq", "images");
    static final List<Path> REPORTED =
            List.of(IMAGES.resolve("syn_text_256x256.png"), IMAGES.resolve("disk__printer.png"));

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Inject
    Reports reports;

    @Test
    void reportPageScenariosPassInBothLanguages() throws Exception {
        ConsoleEndToEndTest.requireTools();
        Path work = Files.createDirectories(Path.of("target", "e2e-report"));
        Path results = work.resolve("results.json").toAbsolutePath();
        Path output = work.resolve("node-output.txt").toAbsolutePath();
        Files.deleteIfExists(results);
        ProcessBuilder pb = new ProcessBuilder("node", "report.e2e.mjs")
                .directory(Path.of("src", "test", "e2e").toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = pb.environment();
        env.put("HASHMATCH_URL", "http://127.0.0.1:" + server.getPort());
        env.put(
                "IMAGES",
                String.join(
                        ":",
                        REPORTED.stream()
                                .map(p -> p.toAbsolutePath().normalize().toString())
                                .toList()));
        env.put(
                "SCREENSHOTS_DIR",
                Path.of("target", "e2e-screenshots").toAbsolutePath().toString());
        env.put("RESULTS_FILE", results.toString());
        env.put("CHROMIUM", ConsoleEndToEndTest.CHROMIUM.toString());
        Process node = pb.start();
        if (!node.waitFor(4, TimeUnit.MINUTES)) {
            node.destroyForcibly().waitFor();
            fail("the report e2e run took more than 4 minutes: " + Files.readString(output));
        }
        String log = Files.readString(output);
        assertThat(results).as("results of the e2e run; its output:\n%s", log).exists();
        Map<String, Object> report =
                json.readValue(Files.readString(results), Argument.mapOf(String.class, Object.class));
        List<Map<String, Object>> scenarios = list(report.get("scenarios"));
        assertThat(scenarios).as("output:\n%s", log).hasSize(12);
        for (Map<String, Object> s : scenarios) {
            assertThat(s.get("passed"))
                    .as("scenario '%s': %s", s.get("name"), s.get("error"))
                    .isEqualTo(true);
        }
        assertThat(node.exitValue()).as(log).isZero();

        Map<String, Object> runs = map(report.get("runs"));
        Map<String, Object> en = map(runs.get("en"));
        Map<String, Object> km = map(runs.get("km"));
        assertThat(en.get("title")).isEqualTo("Report images");
        assertThat(km.get("title")).isEqualTo("រាយការណ៍រូបភាព");
        assertThat(en.get("switchedTitle")).isEqualTo("ស្ថានភាពរបាយការណ៍");
        assertThat(km.get("switchedTitle")).isEqualTo("Status of a report");
        assertThat((String) km.get("statusText")).startsWith("យើងបានទទួលរបាយការណ៍របស់អ្នកនៅថ្ងៃ");
        assertThat((String) en.get("statusText")).startsWith("Your report was received on ");
        for (Map<String, Object> run : List.of(en, km)) {
            String receipt = (String) run.get("receipt");
            Report r = reports.byReceipt(ReceiptCodes.normalize(receipt)).orElseThrow();
            List<ReportItem> items = reports.items(Reports.idOf(r));
            assertThat(items).hasSize(REPORTED.size());
            for (int i = 0; i < REPORTED.size(); i++) {
                Path image = REPORTED.get(i);
                byte[] bytes = Files.readAllBytes(image);
                ReportItem item = items.get(i);
                assertThat(item.md5()).isEqualTo(hex("MD5", bytes));
                assertThat(item.sha256()).isEqualTo(hex("SHA-256", bytes));
                assertThat(item.pdq())
                        .as("PDQ of %s hashed in the browser", image)
                        .isEqualTo(FileHasher.newBuilder()
                                .build()
                                .hash(image)
                                .pdq()
                                .hash()
                                .toHex());
            }
            assertThat(r.seenWhere()).contains("<b>x</b>");
            assertThat(r.contact()).isEmpty();
            assertThat(r.categories()).isEqualTo("child-sexual-images");
        }
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }
}
