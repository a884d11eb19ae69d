package io.hashmatch.service.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.security.TestKeys;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hotline's NCMEC member id ({@code hashmatch.intake.hotline-ncmec-member-id}) on the NCMEC XML export of its
 * list: every entry carries {@code <member id="..."/>}, which NCMEC's clients need; the other formats are unchanged.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
@Property(name = "hashmatch.intake.hotline-list", value = "HOTLINE-NCMEC")
@Property(name = "hashmatch.list-access.HOTLINE-NCMEC.live-changes", value = "false")
@Property(name = "hashmatch.intake.hotline-ncmec-member-id", value = "4711")
class HotlineNcmecMemberTest {
    private static final long SEED = 20261207L;

    @Inject
    EmbeddedServer server;

    @Inject
    Reports reports;

    @Test
    void theNcmecExportCarriesTheConfiguredMemberOnEveryEntry() {
        Reporter reporter = new Reporter(server.getURL());
        Random random = new Random(SEED);
        List<Reporter.Image> images = Reporter.images(random, 2);
        reporter.confirm(reporter.submitCase(reports, Reporter.body(Reporter.hex(random, 16), "en", images, "seen")));

        StringBuilder expected = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<queryResult xmlns=\"https://hashsharing.ncmec.org/hashsharing/v2\">\n <images>");
        for (Reporter.Image i : images) {
            expected.append("\n  <image>\n   <member id=\"4711\"/>\n   <fingerprints>\n    <md5>")
                    .append(i.md5())
                    .append("</md5>\n    <sha256>")
                    .append(i.sha256())
                    .append("</sha256>\n    <pdq>")
                    .append(i.pdq())
                    .append("</pdq>\n   </fingerprints>\n  </image>");
        }
        expected.append("\n </images>\n</queryResult>\n");
        Reporter.Answer ncmec = reporter.get("/v1/hotline/list?format=ncmec", TestKeys.HOTLINE);
        assertThat(ncmec.status()).as(ncmec.body()).isEqualTo(200);
        assertThat(ncmec.body()).isEqualTo(expected.toString());

        Reporter.Answer jsonl = reporter.get("/v1/hotline/list?format=jsonl", TestKeys.HOTLINE);
        assertThat(jsonl.status()).as("the member goes into NCMEC XML only").isEqualTo(200);
        assertThat(jsonl.body()).doesNotContain("4711").contains(images.get(0).md5());
    }
}
