package io.hashmatch.service.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.audit.AuditLog;
import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.security.TestKeys;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hotline's side over HTTP: the queue shows a report's hashes and which served lists they match; confirming puts
 * them in the hotline list, which {@code /v1/match/hashes} matches at once; the receipt's status follows; a dismissal
 * needs a reason; what reporters wrote is carried as text, never markup; only hotline and admin keys get in; each
 * action is audited with the report's case number (never its receipt code) and kept in the report's history.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
class HotlineRoutesTest {
    private static final long SEED = System.nanoTime();
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+),\"lang\"");

    @Inject
    EmbeddedServer server;

    @Inject
    Reports reports;

    private Reporter reporter() {
        return new Reporter(server.getURL());
    }

    private long caseOf(String receipt) {
        return Reporter.caseOf(reports, receipt);
    }

    @Inject
    ListRegistry registry;

    private boolean matches(String md5) throws InterruptedException {
        assertThat(registry.awaitReady(Duration.ofMinutes(2))).isTrue();
        Reporter.Answer a = reporter().post("/v1/match/hashes", "{\"hashes\":[\"" + md5 + "\"]}", TestKeys.MATCH);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.body().contains("\"list\":\"HOTLINE\"");
    }

    @Test
    void aConfirmedReportsHashesMatchAtOnce() throws InterruptedException {
        Random random = new Random(SEED);
        List<Reporter.Image> images = Reporter.images(random, 2);
        String receipt = reporter().submit(Reporter.body(Reporter.hex(random, 16), "km", images, "group"));
        long id = caseOf(receipt);
        assertThat(matches(images.get(0).md5())).as("seed %d", SEED).isFalse();

        Reporter.Answer queue = reporter().get("/v1/hotline/reports", TestKeys.HOTLINE);
        assertThat(queue.status()).isEqualTo(200);
        assertThat(queue.body())
                .contains("\"id\":" + id + ",\"lang\":\"km\"")
                .contains("\"md5\":\"" + images.get(1).md5() + "\"")
                .contains("\"pdq\":\"" + images.get(1).pdq() + "\"")
                .doesNotContain(ReceiptCodes.normalize(receipt));

        Reporter.Answer confirmed = reporter().confirm(id);
        assertThat(confirmed.body()).contains("\"status\":\"confirmed\"").contains("\"matches\":[\"HOTLINE\"]");
        assertThat(matches(images.get(0).md5())).isTrue();
        assertThat(matches(images.get(1).md5())).isTrue();
        assertThat(reporter().status(receipt)).isEqualTo("confirmed");
        // PDQ too: the exact hash at distance 0
        Reporter.Answer pdq = reporter()
                .post("/v1/match/hashes", "{\"hashes\":[\"" + images.get(0).pdq() + "\"]}", TestKeys.MATCH);
        assertThat(pdq.body()).contains("\"list\":\"HOTLINE\"");
    }

    @Test
    void aDismissalNeedsAReasonAndNotesStayText() {
        Random random = new Random(SEED + 1);
        String note = "<script>alert(1)</script> & <img src=x onerror=alert(2)>";
        String receipt = reporter()
                .submit(Reporter.body(
                        Reporter.hex(random, 16), "en", Reporter.images(random, 1), note.replace("\"", "\\\"")));
        long id = caseOf(receipt);
        assertThat(reporter()
                        .post("/v1/hotline/reports/" + id + "/dismiss", "{\"reason\":\"\"}", TestKeys.HOTLINE)
                        .status())
                .isEqualTo(422);
        Reporter.Answer dismissed = reporter()
                .post(
                        "/v1/hotline/reports/" + id + "/dismiss",
                        "{\"reason\":\"not abuse material\"}",
                        TestKeys.HOTLINE);
        assertThat(dismissed.status()).as(dismissed.body()).isEqualTo(200);
        assertThat(dismissed.body()).contains("\"status\":\"dismissed\",\"statusReason\":\"not abuse material\"");
        assertThat(reporter().status(receipt)).isEqualTo("dismissed");

        Reporter.Answer bundle = reporter().get("/v1/hotline/reports/" + id + "/bundle.html", TestKeys.HOTLINE);
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.body())
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;")
                .doesNotContain("<script")
                .doesNotContain("<img");
        Reporter.Answer forwarded = reporter().post("/v1/hotline/reports/" + id + "/forward", "", TestKeys.HOTLINE);
        assertThat(forwarded.body()).contains("\"status\":\"forwarded\"");
        Matcher m = ID.matcher(forwarded.body());
        assertThat(m.find()).isTrue();
        assertThat(Long.parseLong(m.group(1))).isEqualTo(id);
    }

    @Test
    void onlyHotlineAndAdminKeysReadReports() {
        assertThat(reporter().get("/v1/hotline/reports").status()).isEqualTo(401);
        assertThat(reporter().get("/v1/hotline/reports", TestKeys.MATCH).status())
                .isEqualTo(403);
        assertThat(reporter().get("/v1/hotline/reports", TestKeys.CURATE).status())
                .isEqualTo(403);
        assertThat(reporter()
                        .get("/v1/hotline/reports?status=all", TestKeys.ADMIN)
                        .status())
                .isEqualTo(200);
        assertThat(reporter()
                        .post("/v1/hotline/reports/999999/confirm", "", TestKeys.HOTLINE)
                        .status())
                .isEqualTo(404);
    }

    @Inject
    AuditLog audit;

    @Test
    void everyActionIsAuditedWithTheCaseNumberAndKeptInTheHistory() throws IOException {
        Random random = new Random(SEED + 2);
        String receipt =
                reporter().submit(Reporter.body(Reporter.hex(random, 16), "en", Reporter.images(random, 1), "a group"));
        long id = caseOf(receipt);
        String base = "/v1/hotline/reports/" + id;
        reporter().confirm(id);
        assertThat(reporter().post(base + "/forward", "", TestKeys.ADMIN).status())
                .isEqualTo(200);
        Reporter.Answer dismissed =
                reporter().post(base + "/dismiss", "{\"reason\":\"duplicate of an older case\"}", TestKeys.HOTLINE);
        assertThat(dismissed.status()).isEqualTo(200);
        assertThat(reporter().get(base + "/bundle.html", TestKeys.HOTLINE).status())
                .isEqualTo(200);

        assertThat(dismissed.body())
                .containsPattern(
                        "\"history\":\\[\\{\"action\":\"confirmed\",\"key\":\"test-hotline\",\"at\":\"[^\"]+\"}"
                                + ",\\{\"action\":\"forwarded\",\"key\":\"test-admin\",\"at\":\"[^\"]+\"}"
                                + ",\\{\"action\":\"dismissed\",\"key\":\"test-hotline\",\"reason\":\"duplicate of an older case\",\"at\":\"[^\"]+\"}]");
        assertThat(reports.history(id))
                .extracting(ReportEvent::action)
                .containsExactly("confirmed", "forwarded", "dismissed");

        audit.flush();
        List<String> lines = Files.readAllLines(audit.file(), StandardCharsets.UTF_8);
        for (String route : List.of(
                "POST /v1/hotline/reports/{id}/confirm",
                "POST /v1/hotline/reports/{id}/forward",
                "POST /v1/hotline/reports/{id}/dismiss",
                "GET /v1/hotline/reports/{id}/bundle.html")) {
            assertThat(lines)
                    .as("audit line of %s", route)
                    .anyMatch(l -> l.contains(
                            "\"route\":\"" + route + "\",\"status\":200,\"subject\":\"report " + id + "\","));
        }
        String code = ReceiptCodes.normalize(receipt);
        assertThat(lines).noneMatch(l -> l.contains(code) || l.contains(receipt));
        assertThat(lines)
                .filteredOn(l -> l.contains("\"route\":\"") && l.contains("/report"))
                .isNotEmpty()
                .noneMatch(l -> l.contains("127.0.0.1") || l.contains("\"client\""));
    }
}
