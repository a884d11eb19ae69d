package io.hashmatch.service.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.security.TestKeys;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hotline list's exports ({@code GET /v1/hotline/list}): after two reports are confirmed, each format (VICS, CSV,
 * hash JSON Lines, NCMEC XML) holds
 * exactly their PDQ and MD5 hashes, one entry per file, in confirmation order, as the list exports write them; a
 * dismissed report adds nothing; before any confirmation there is no list.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
@Property(name = "hashmatch.intake.hotline-list", value = "HOTLINE-EXPORT")
@Property(name = "hashmatch.list-access.HOTLINE-EXPORT.live-changes", value = "false")
class HotlineListExportTest {
    private static final long SEED = 20261206L;

    @Inject
    EmbeddedServer server;

    @Inject
    Reports reports;

    private Reporter reporter() {
        return new Reporter(server.getURL());
    }

    private long submit(Random random, List<Reporter.Image> images) {
        return reporter().submitCase(reports, Reporter.body(Reporter.hex(random, 16), "en", images, "seen"));
    }

    private String export(String format) {
        Reporter.Answer a = reporter().get("/v1/hotline/list?format=" + format, TestKeys.HOTLINE);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.body();
    }

    @Test
    void confirmedReportsExportToVicsCsvJsonLinesAndNcmecXml() {
        assertThat(reporter().get("/v1/hotline/list", TestKeys.HOTLINE).status())
                .isEqualTo(404);
        Random random = new Random(SEED);
        List<Reporter.Image> first = Reporter.images(random, 2);
        List<Reporter.Image> dismissed = Reporter.images(random, 1);
        List<Reporter.Image> second = Reporter.images(random, 1);
        long a = submit(random, first);
        long d = submit(random, dismissed);
        long b = submit(random, second);
        reporter().confirm(a);
        assertThat(reporter()
                        .post("/v1/hotline/reports/" + d + "/dismiss", "{\"reason\":\"no\"}", TestKeys.HOTLINE)
                        .status())
                .isEqualTo(200);
        reporter().confirm(b);
        List<Reporter.Image> confirmed = new ArrayList<>(first);
        confirmed.addAll(second);

        StringBuilder vics = new StringBuilder("{\n \"@odata.context\": \"http://github.com/VICSDATAMODEL/ProjectVic/"
                + "DataModels/2.0.xml/Default/$metadata#Media\",\n \"value\": [\n");
        StringBuilder csv =
                new StringBuilder("signal_type,signal_str,collab,category,tags,external_id,date_added,entry\n");
        StringBuilder jsonl = new StringBuilder();
        StringBuilder ncmec = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<queryResult xmlns=\"https://hashsharing.ncmec.org/hashsharing/v2\">\n <images>");
        for (int e = 0; e < confirmed.size(); e++) {
            Reporter.Image i = confirmed.get(e);
            vics.append(e == 0 ? "" : ",\n")
                    .append("  {\n   \"MD5\": \"")
                    .append(i.md5().toUpperCase(Locale.ROOT))
                    .append(
                            "\",\n   \"Tags\": \"\",\n   \"AlternativeHashes\": [\n    {\n     \"HashName\": \"PDQ\",\n")
                    .append("     \"HashValue\": \"")
                    .append(i.pdq())
                    .append("\"\n    },\n    {\n     \"HashName\": \"SHA256\",\n     \"HashValue\": \"")
                    .append(i.sha256())
                    .append("\"\n    }\n   ]\n  }");
            csv.append("pdq,")
                    .append(i.pdq())
                    .append(",HOTLINE-EXPORT,,,,,")
                    .append(e)
                    .append('\n');
            csv.append("md5,")
                    .append(i.md5())
                    .append(",HOTLINE-EXPORT,,,,,")
                    .append(e)
                    .append('\n');
            csv.append("sha256,")
                    .append(i.sha256())
                    .append(",HOTLINE-EXPORT,,,,,")
                    .append(e)
                    .append('\n');
            jsonl.append("{\"md5\":\"")
                    .append(i.md5())
                    .append("\",\"sha256\":\"")
                    .append(i.sha256())
                    .append("\",\"pdq\":\"")
                    .append(i.pdq())
                    .append("\"}\n");
            ncmec.append("\n  <image>\n   <fingerprints>\n    <md5>")
                    .append(i.md5())
                    .append("</md5>\n    <sha256>")
                    .append(i.sha256())
                    .append("</sha256>\n    <pdq>")
                    .append(i.pdq())
                    .append("</pdq>\n   </fingerprints>\n  </image>");
        }
        ncmec.append("\n </images>\n</queryResult>\n");
        vics.append("\n ]\n}\n");
        assertThat(export("vics")).isEqualTo(vics.toString());
        assertThat(export("csv")).isEqualTo(csv.toString());
        assertThat(export("jsonl")).isEqualTo(jsonl.toString());
        assertThat(export("ncmec")).isEqualTo(ncmec.toString());
        assertThat(reporter()
                        .get("/v1/hotline/list?format=te-text", TestKeys.HOTLINE)
                        .status())
                .as("a format hashmatch does not write: refused, not guessed")
                .isEqualTo(400);
        assertThat(reporter()
                        .get("/v1/hotline/list?format=hex", TestKeys.HOTLINE)
                        .status())
                .as("a hex list needs its kind")
                .isEqualTo(400);
        assertThat(reporter().get("/v1/hotline/list", TestKeys.MATCH).status()).isEqualTo(403);
    }
}
