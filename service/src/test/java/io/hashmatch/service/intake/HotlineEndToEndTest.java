package io.hashmatch.service.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.service.console.BrowserScript;
import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.security.TestKeys;
import io.hashmatch.video.VideoHasher;
import io.hashmatch.video.VideoLimits;
import io.hashmatch.video.VpdqFrame;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The hotline's work end to end in headless Debian Chromium ({@code src/test/e2e/hotline.e2e.mjs}), in English and in
 * Khmer: a report made on {@code /report} is confirmed in the console's hotline screens by a hotline key; its MD5 and
 * PDQ then match the hotline list through {@code /v1/match/hashes} and HMA's {@code /m/lookup}; the reporter's status
 * page follows in their language; the English report is forwarded (JSON bundle, printable page), the Khmer one
 * dismissed. The notes hold markup that must stay text and run nothing, no image is requested, the Khmer text is drawn
 * by an installed Khmer font (Debian's fonts-khmeros, installed by {@code .ci/run}). Every message checked here is read
 * from the bundles, so a translation that is not shown fails. Screenshots go to {@code target/e2e-screenshots/}.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
class HotlineEndToEndTest {
    private static final Map<String, Path> IMAGES = Map.of(
            "en", IntakeEndToEndTest.IMAGES.resolve("disk__deps.png"),
            "km", IntakeEndToEndTest.IMAGES.resolve("disk__overview.png"));
    private static final Path SCREENSHOTS = Path.of("target", "e2e-screenshots");
    /** The video the English reporter sends with the image: 7 s at 29.97 frames a second, 8 frames of vPDQ. */
    private static final Path VIDEO =
            Path.of("src", "test", "resources", "intake", "videos", "v8_sierpinski_854x480_29.97fps_7s.mp4");

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Inject
    Reports reports;

    @Inject
    ListRegistry registry;

    @Test
    void aReportIsConfirmedInTheConsoleAndMatchesInBothLanguages() throws Exception {
        BrowserScript.requireTools();
        assertThat(registry.awaitReady(Duration.ofMinutes(2))).isTrue();
        Map<String, FileHashes> hashes = Map.of(
                "en", FileHasher.newBuilder().build().hash(IMAGES.get("en")),
                "km", FileHasher.newBuilder().build().hash(IMAGES.get("km")));
        PdqHash en = Objects.requireNonNull(hashes.get("en").pdq()).hash();
        PdqHash km = Objects.requireNonNull(hashes.get("km").pdq()).hash();
        assertThat(en.distance(km))
                .as("the two reports must not match each other")
                .isGreaterThan(31);

        Path work = Files.createDirectories(Path.of("target", "e2e-hotline"));
        Map<String, String> env = new HashMap<>();
        env.put("HASHMATCH_URL", "http://127.0.0.1:" + server.getPort());
        env.put("HASHMATCH_HOTLINE_KEY", TestKeys.HOTLINE);
        env.put("HASHMATCH_MATCH_KEY", TestKeys.MATCH);
        for (String lang : List.of("en", "km")) {
            env.put(
                    "IMAGE_" + lang,
                    IMAGES.get(lang).toAbsolutePath().normalize().toString());
            env.put("MD5_" + lang, hashes.get(lang).exact().md5());
            env.put(
                    "PDQ_" + lang,
                    Objects.requireNonNull(hashes.get(lang).pdq()).hash().toHex());
        }
        byte[] video = Files.readAllBytes(VIDEO);
        String videoMd5 =
                HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(video));
        env.put("VIDEO", VIDEO.toAbsolutePath().normalize().toString());
        env.put("VIDEO_MD5", videoMd5);
        env.put(
                "VIDEO_SHA256",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(video)));
        env.put("SCREENSHOTS_DIR", SCREENSHOTS.toAbsolutePath().toString());
        Map<String, Object> report =
                BrowserScript.runScenarios("hotline.e2e.mjs", work, Duration.ofMinutes(5), 14, json, env);

        Map<String, Object> runs = map(report.get("runs"));
        for (String lang : List.of("en", "km")) {
            Map<String, Object> run = map(runs.get(lang));
            Map<String, String> console = bundle("console/i18n/" + lang + ".json");
            Map<String, String> page = bundle("report/i18n/" + lang + ".json");
            Report r = reports.byReceipt(ReceiptCodes.normalize((String) run.get("receipt")))
                    .orElseThrow();
            long id = Reports.idOf(r);
            assertThat(((Number) run.get("caseId")).longValue()).isEqualTo(id);
            assertThat(r.lang()).isEqualTo(lang);

            assertThat(run.get("queueTitle")).isEqualTo(console.get("hotline.title"));
            assertThat(run.get("navLabel")).isEqualTo(console.get("hotline.nav"));
            assertThat(run.get("queueHeaders"))
                    .isEqualTo(List.of(
                            console.get("hotline.col.case"),
                            console.get("hotline.col.received"),
                            console.get("hotline.col.status"),
                            console.get("hotline.col.files"),
                            console.get("hotline.col.matches")));
            assertThat(run.get("caseTitle")).isEqualTo(fill(console.get("hotline.case.title"), id));
            assertThat(run.get("matchesBefore")).isEqualTo(console.get("hotline.none"));
            assertThat(run.get("confirmedNotice")).isEqualTo(fill(console.get("hotline.done.confirmed"), id));
            assertThat(run.get("statusShown")).isEqualTo(console.get("hotline.status.confirmed"));
            assertThat(run.get("matchesAfter")).isEqualTo("HOTLINE");
            assertThat(run.get("history")).isEqualTo(List.of("confirmed"));
            Map<String, Object> after = map(run.get("after"));
            assertThat(list(after.get("md5"))).contains("HOTLINE");
            assertThat(list(after.get("pdq"))).contains("HOTLINE");
            assertThat(list(after.get("hma"))).contains("HOTLINE");

            dated((String) run.get("statusReceived"), page.get("status.received"));
            dated((String) run.get("statusConfirmed"), page.get("status.confirmed"));
            String other = lang.equals("en") ? "km" : "en";
            Map<String, String> otherConsole = bundle("console/i18n/" + other + ".json");
            assertThat(run.get("switchedCaseTitle")).isEqualTo(fill(otherConsole.get("hotline.case.title"), id));
            assertThat(run.get("switchedNav")).isEqualTo(otherConsole.get("hotline.nav"));
        }

        Map<String, Object> enRun = map(runs.get("en"));
        Map<String, String> enConsole = bundle("console/i18n/en.json");
        long enId = ((Number) enRun.get("caseId")).longValue();
        Map<String, Object> bundle = map(enRun.get("bundle"));
        assertThat(((Number) bundle.get("id")).longValue()).isEqualTo(enId);
        assertThat(bundle.get("status")).isEqualTo("forwarded");
        assertThat(bundle.get("md5")).isEqualTo(List.of(hashes.get("en").exact().md5(), videoMd5));
        // the video: its frames read in the page at the engine's sampling, shown, sent, stored, and matched once
        // confirmed
        Map<String, String> enPage = bundle("report/i18n/en.json");
        List<Integer> engineFrames = new VideoHasher()
                .hash(VIDEO, VideoLimits.DEFAULT).frames().stream()
                        .map(VpdqFrame::frameIndex)
                        .toList();
        assertThat(list(enRun.get("videoFrames")).stream()
                        .map(f -> ((Number) f).intValue())
                        .toList())
                .isEqualTo(engineFrames);
        String count = Integer.toString(engineFrames.size());
        assertThat(enRun.get("framesShown"))
                .isEqualTo(enPage.get("pick.framesDone").replace("{count}", count));
        assertThat(enRun.get("videoSent"))
                .isEqualTo(enPage.get("preview.video")
                        .replace("{kind}", enPage.get("kind.video"))
                        .replace("{n}", "2")
                        .replace("{count}", count));
        assertThat(enRun.get("vpdqShown"))
                .isEqualTo(enConsole.get("hotline.vpdq.count").replace("{count}", count));
        assertThat(reports.frames(enId).get(1)).hasSize(engineFrames.size());
        Map<String, Object> videoAfter = map(enRun.get("videoAfter"));
        for (String by : List.of("md5", "sha256", "video")) {
            assertThat(list(videoAfter.get(by))).as("the video by its %s", by).contains("HOTLINE");
        }
        assertThat(videoAfter.get("matched")).isEqualTo(true);
        assertThat(bundle.get("history")).isEqualTo(List.of("confirmed", "forwarded"));
        assertThat((String) bundle.get("seenWhere")).startsWith("A Telegram group <img src=x onerror=");
        assertThat(enRun.get("printableTitle")).isEqualTo("Case " + enId);
        assertThat(enRun.get("printableSeen")).isEqualTo(bundle.get("seenWhere"));
        Map<String, Object> printable = map(enRun.get("printableElements"));
        assertThat(printable.get("xss")).isNull();
        assertThat(((Number) printable.get("img")).intValue()).isZero();
        assertThat(enRun.get("forwardedNotice")).isEqualTo(fill(enConsole.get("hotline.done.forwarded"), enId));
        dated(
                (String) enRun.get("statusForwarded"),
                bundle("report/i18n/en.json").get("status.forwarded"));

        Map<String, Object> kmRun = map(runs.get("km"));
        Map<String, String> kmConsole = bundle("console/i18n/km.json");
        long kmId = ((Number) kmRun.get("caseId")).longValue();
        assertThat(kmRun.get("needReason")).isEqualTo(kmConsole.get("hotline.dismiss.needReason"));
        assertThat(kmRun.get("dismissedNotice")).isEqualTo(fill(kmConsole.get("hotline.done.dismissed"), kmId));
        assertThat(list(kmRun.get("historyAfter"))).hasSize(2);
        assertThat(String.valueOf(list(kmRun.get("historyAfter")).get(1)))
                .contains(kmConsole.get("hotline.status.dismissed"))
                .endsWith(kmConsole.get("hotline.history.reason").replace("{reason}", "ស្ទួននឹងករណីមុន <b>1</b>"));
        dated(
                (String) kmRun.get("statusDismissed"),
                bundle("report/i18n/km.json").get("status.dismissed"));
        assertThat(reports.byId(kmId).orElseThrow().statusReason()).isEqualTo("ស្ទួននឹងករណីមុន <b>1</b>");

        assertThat(SCREENSHOTS.toFile().list())
                .contains(
                        "hotline-en-1-report-page.png",
                        "hotline-km-1-report-page.png",
                        "hotline-en-2-receipt.png",
                        "hotline-km-2-receipt.png",
                        "hotline-en-3-status-received.png",
                        "hotline-km-3-status-received.png",
                        "hotline-en-4-console-queue.png",
                        "hotline-km-4-console-queue.png",
                        "hotline-en-5-console-report.png",
                        "hotline-km-5-console-report.png",
                        "hotline-en-7-status-confirmed.png",
                        "hotline-km-7-status-confirmed.png",
                        "hotline-en-8-printable-bundle.png",
                        "hotline-km-9-status-dismissed.png");
    }

    /** Asserts that {@code text} is {@code template} with a date in place of {@code {date}}. */
    private static void dated(String text, String template) {
        int at = template.indexOf("{date}");
        assertThat(at).as(template).isNotNegative();
        assertThat(text)
                .startsWith(template.substring(0, at))
                .endsWith(template.substring(at + "{date}".length()))
                .hasSizeGreaterThan(template.length() - "{date}".length());
    }

    private static String fill(String template, long id) {
        return template.replace("{id}", Long.toString(id));
    }

    private Map<String, String> bundle(String resource) throws IOException {
        try (InputStream in =
                Objects.requireNonNull(getClass().getClassLoader().getResourceAsStream(resource), resource)) {
            return json.readValue(in.readAllBytes(), Argument.mapOf(String.class, String.class));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object o) {
        return (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }
}
