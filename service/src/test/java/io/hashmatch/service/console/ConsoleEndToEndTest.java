package io.hashmatch.service.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.hash.EditedDemoImage;
import io.hashmatch.hash.FileHasher;
import io.hashmatch.list.format.HashVariant;
import io.hashmatch.service.audit.AuditLog;
import io.hashmatch.service.lists.ListInfo;
import io.hashmatch.service.lists.ListLease;
import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.security.TestKeys;
import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The web console end to end: the service on a random port with the demo list and the test keys, driven in headless
 * Debian Chromium by {@code src/test/e2e/console.e2e.mjs} (playwright-core). The script runs the scenarios and writes
 * what each screen showed to a JSON file; this test requires every scenario to pass and checks what was shown against
 * oracles: the engine's own hashes of the images, the registry's lists, the hashlists/README.md table.
 *
 * <p>It fails, never skips, when the browser tools are missing ({@link BrowserScript}). Screenshots of each screen go to {@code target/e2e-screenshots/}.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
public class ConsoleEndToEndTest {
    static final Path IMAGES = Path.of("..", "engine", "src", "test", "resources", "pdq", "images");
    /** In the demo list's te-dataset.csv: entry 5 of the merged demo list, category POSITIVE_CLASS (hashlists/README.md). */
    static final Path HIT_IMAGE = IMAGES.resolve("syn_text_256x256.png");
    /** Not a demo image: farther than any default distance from every demo hash (checked below with the engine). */
    static final Path MISS_IMAGE = IMAGES.resolve("disk__printer.png");
    /** Uploaded as the new version of "demo": 4 entries. */
    static final Path REPLACEMENT_LIST = Path.of("..", "hashlists", "demo", "te-dataset.csv");

    static final Duration RUN_LIMIT = Duration.ofMinutes(2);

    @Inject
    EmbeddedServer server;

    @Inject
    ListRegistry registry;

    @Inject
    JsonMapper json;

    @Inject
    AuditLog auditLog;

    /** The demo list's checksum before the console replaces it. */
    String checksumBefore;

    @Test
    void everyConsoleScenarioPassesInHeadlessChromium() throws Exception {
        BrowserScript.requireTools();
        assertThat(registry.awaitReady(Duration.ofMinutes(2))).isTrue();
        try (ListLease lease = registry.acquire()) {
            checksumBefore = lease.list("demo").checksum();
        }
        Path work = Files.createDirectories(Path.of("target", "e2e"));
        Path screenshots = Path.of("target", "e2e-screenshots").toAbsolutePath();
        Path badList = work.resolve("bad-list.txt").toAbsolutePath();
        Files.writeString(badList, "pdq " + "f".repeat(64) + "\npdq not-a-hash\n", StandardCharsets.UTF_8);
        String hitPdq = pdq(HIT_IMAGE);
        List<Path> variantImages = new java.util.ArrayList<>();
        for (EditedDemoImage copy : EditedDemoImage.values()) {
            variantImages.add(copy.write(work).toAbsolutePath());
        }

        Map<String, String> env = new HashMap<>();
        env.put("HASHMATCH_URL", "http://127.0.0.1:" + server.getPort());
        env.put("HASHMATCH_MATCH_KEY", TestKeys.MATCH);
        env.put("HASHMATCH_ADMIN_KEY", TestKeys.ADMIN);
        env.put("LIST_NAME", "demo");
        env.put("HIT_IMAGE", HIT_IMAGE.toAbsolutePath().toString());
        env.put("HIT_PDQ", hitPdq);
        env.put("MISS_IMAGE", MISS_IMAGE.toAbsolutePath().toString());
        env.put(
                "VARIANT_IMAGES",
                String.join(
                        java.io.File.pathSeparator,
                        variantImages.stream().map(Path::toString).toList()));
        env.put("NOT_IMAGE", REPLACEMENT_LIST.toAbsolutePath().toString());
        env.put("REPLACEMENT_LIST", REPLACEMENT_LIST.toAbsolutePath().toString());
        env.put("BAD_LIST", badList.toString());
        env.put("SCREENSHOTS_DIR", screenshots.toString());
        Map<String, Object> report = BrowserScript.runScenarios("console.e2e.mjs", work, RUN_LIMIT, 14, json, env);
        checkShown(map(report.get("observed")), hitPdq, variantImages);
        assertThat(screenshots.toFile().list())
                .contains(
                        "01-sign-in-refused.png",
                        "02-match-key-check.png",
                        "04-check-hit-blurred.png",
                        "05-check-hit-revealed.png",
                        "06-check-miss.png",
                        "06b-check-not-an-image.png",
                        "06c-check-variant.png",
                        "07b-check-hashes-line-by-line.png",
                        "08-lists.png",
                        "09-lists-replaced.png",
                        "10-lists-bad-upload.png",
                        "11-activity.png");
    }

    private void checkShown(Map<String, Object> o, String hitPdq, List<Path> variantImages) throws IOException {
        assertThat(o.get("wrongKeyMessage")).isEqualTo("This key is not valid.");
        assertThat(o.get("matchWho")).isEqualTo("Signed in as test-match (match)");
        assertThat(o.get("adminWho")).isEqualTo("Signed in as test-admin (admin)");
        assertThat(o.get("matchKeyActivityStatus")).isEqualTo(403);
        assertThat(o.get("matchKeyListPutStatus")).isEqualTo(403);

        Map<String, Object> hit = map(o.get("hit"));
        assertThat(hit.get("verdict")).isEqualTo("Match");
        assertThat(hit.get("pdq")).isEqualTo(hitPdq);
        assertThat(hit.get("md5"))
                .isEqualTo(
                        FileHasher.newBuilder().build().hash(HIT_IMAGE).exact().md5());
        assertThat(hit.get("hits"))
                .isEqualTo(List.of(List.of("demo", "5", "0", "\u2014", "pdq", "POSITIVE_CLASS", "hashmatch demo", "")));
        assertThat(hit.get("imagesBeforeAsking"))
                .as("no image before the user asks")
                .isEqualTo(0);
        assertThat(hit.get("previewFilter")).isEqualTo("grayscale(1) blur(24px)");
        assertThat(hit.get("previewSrcIsObjectUrl")).isEqualTo(true);
        assertThat(hit.get("revealedFilter")).isEqualTo("none");

        Map<String, Object> miss = map(o.get("miss"));
        assertThat(miss.get("verdict")).isEqualTo("No match");
        assertThat(miss.get("pdq")).isEqualTo(pdq(MISS_IMAGE));
        assertThat(miss.get("hitRows")).isEqualTo(0);
        assertThat(miss.get("imagesBeforeAsking")).isEqualTo(0);
        Map<String, Object> mixed = map(o.get("mixed"));
        assertThat(mixed.get("status"))
                .as("only images are counted as images")
                .isEqualTo("Checked 1 image. 1 file was not checked (see below).");
        assertThat(mixed.get("titles")).isEqualTo(List.of("syn_text_256x256.png", "te-dataset.csv"));
        assertThat(mixed.get("previewButtons"))
                .as("a preview control for the image only")
                .isEqualTo(List.of(1, 0));
        assertThat((String) mixed.get("notImageError")).endsWith("(unsupported_format)");

        // the edited copies: the same item, variant (kind and rectangle) and distance as the CLI, scan and the
        // routes (ScanVariantsCommandTest, VariantRoutesTest)
        assertThat(o.get("variantsCheckedByDefault")).isEqualTo(true);
        List<Map<String, Object>> shown = list(o.get("variants"));
        EditedDemoImage[] copies = EditedDemoImage.values();
        assertThat(shown).hasSize(copies.length);
        for (int i = 0; i < copies.length; i++) {
            Map<String, Object> variant = shown.get(i);
            assertThat(variant.get("title")).isEqualTo(copies[i].fileName());
            assertThat(variant.get("verdict")).as(copies[i].fileName()).isEqualTo("Match");
            assertThat(variant.get("pdq")).isEqualTo(pdq(variantImages.get(i)));
            assertThat(variant.get("hits"))
                    .as(copies[i].fileName())
                    .isEqualTo(List.of(List.of(
                            "demo",
                            "6",
                            Integer.toString(EditedDemoImage.DISTANCE),
                            copies[i].variant().toString() + " \u2192 " + HashVariant.WHOLE.toString(),
                            "pdq",
                            "INVESTIGATION_SEED",
                            "hashmatch demo",
                            "")));
        }
        assertThat(o.get("variantOff")).isEqualTo(Collections.nCopies(copies.length, "No match"));

        assertThat(o.get("pasted")).isEqualTo(List.of("Match", "No match"));
        Map<String, Object> invalid = map(o.get("pastedInvalid"));
        assertThat(invalid.get("status"))
                .as("answered line by line, as the command line does")
                .isEqualTo("Checked 2 hashes. 1 line is not a hash (marked below).");
        assertThat(invalid.get("titles"))
                .isEqualTo(List.of("Line 2: " + hitPdq, "Line 3: not-a-hash", "Line 5: " + "0".repeat(32)));
        assertThat(invalid.get("verdicts"))
                .isEqualTo(List.of(
                        "Match",
                        "not a hash: 10 characters (32 hex = MD5, 40 = SHA-1, 64 = PDQ, sha256:<64 hex> = SHA-256)",
                        "No match"));

        ListInfo demo;
        try (ListLease lease = registry.acquire()) {
            demo = lease.list("demo");
        }
        assertThat(demo.version()).isEqualTo("e2e-2");
        assertThat(demo.entries()).isEqualTo(4);
        List<List<Object>> before = list(o.get("listsBefore"));
        assertThat(before).hasSize(1);
        // the demo list: 19 entries, one of them a suppression entry (te-dataset.csv's NEGATIVE_CLASS,
        // hashlists/README.md)
        assertThat(before.get(0)).startsWith("demo", "match list, 1 suppression entry", "1", "19");
        List<List<Object>> after = list(o.get("listsAfter"));
        assertThat(after).hasSize(1);
        assertThat(after.get(0)).startsWith("demo", "match list, 1 suppression entry", "e2e-2", "4", demo.checksum());
        assertThat(after.get(0).get(6)).isEqualTo("31");
        assertThat(o.get("uploadReport"))
                .isEqualTo("List demo is now version e2e-2: 4 entries, checksum " + demo.checksum() + ".");
        assertThat(o.get("uploadProgress")).isEqualTo(100);

        Map<String, Object> first = map(o.get("badFirstUpload"));
        assertThat(first.get("message"))
                .as("a failed first upload says so, and names the rejected line once")
                .isEqualTo("Not uploaded: list fresh was not created. The file has an invalid line:");
        assertThat(first.get("rejected")).isEqualTo(List.of("line 2, column 5: not a hex digit in the PDQ hash: 'n'"));
        assertThat((String) first.get("report")).doesNotContain("unchanged");
        assertThat(((String) first.get("report")).split("not a hex digit", -1)).hasSize(2);
        assertThat(first.get("lists")).isEqualTo(List.of("demo"));

        Map<String, Object> bad = map(o.get("badUpload"));
        assertThat(bad.get("message"))
                .isEqualTo("Not uploaded: list demo is unchanged (version e2e-2). The file has an invalid line:");
        assertThat(bad.get("versionAfter"))
                .as("a rejected upload changes nothing")
                .isEqualTo("e2e-2");
        assertThat(bad.get("rejected")).isEqualTo(List.of("line 2, column 5: not a hex digit in the PDQ hash: 'n'"));

        Map<String, Object> activity = map(o.get("activity"));
        assertThat((String) activity.get("chain")).matches("Audit chain intact: [0-9]+ lines verified\\.");
        assertThat(((Number) activity.get("requests")).longValue()).isPositive();
        assertThat(((Number) activity.get("hits")).longValue()).isGreaterThanOrEqualTo(2);
        List<String> routes = list(activity.get("routes"));
        assertThat(routes).contains("POST /v1/match/image", "GET /v1/console/lists");
        assertThat(routes).contains("PUT /v1/lists/{name}");
        auditLog.flush();
        assertThat(Files.readAllLines(auditLog.file()).stream()
                        .filter(l -> l.contains("\"route\":\"PUT /v1/lists/{name}\"")))
                .as("one PUT per upload: the match key's (refused), the replacement, the bad first list, the bad list")
                .hasSize(4);
        assertThat(activity.get("hitCounts"))
                .as("the audit line of the image that hit")
                .isEqualTo("1 queries, 1 hits on demo@1#" + checksumBefore);
        assertThat(o.get("keyboard")).isEqualTo(Map.of("focused", "Lists", "outline", "solid"));
        assertThat(o.get("requestsOutsideTheService")).isEqualTo(List.of());
        assertThat(o.get("pageErrors")).isEqualTo(List.of());
    }

    private static String pdq(Path image) {
        return FileHasher.newBuilder().build().hash(image).pdq().hash().toHex();
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
