package io.hashmatch.service.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.hash.FileHasher;
import io.hashmatch.service.console.BrowserScript;
import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
        BrowserScript.requireTools();
        Path work = Files.createDirectories(Path.of("target", "e2e-report"));
        Map<String, String> env = new HashMap<>();
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
        Map<String, Object> report =
                BrowserScript.runScenarios("report.e2e.mjs", work, Duration.ofMinutes(4), 12, json, env);

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
