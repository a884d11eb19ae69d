package io.hashmatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report template on hostile values: every value escaped for its context, line breaks kept. */
class HtmlReportTest {
    private static final String HOSTILE = "a<script>alert(1)</script>&\"'b";

    @Test
    void escapesEveryValueAndKeepsLineBreaks() throws Exception {
        HtmlReport.Hit hit = new HtmlReport.Hit(
                3,
                HOSTILE,
                HOSTILE,
                HOSTILE,
                HOSTILE,
                "<source list>.txt",
                "pdq",
                "7",
                "tile/rot90@[0,0,64,64] \u2192 " + HOSTILE,
                "md5",
                "sha",
                "pdq",
                "data:x\" onload=\"x",
                false,
                HOSTILE);
        HtmlReport.Page page = new HtmlReport.Page(
                HOSTILE,
                List.of(new HtmlReport.Field("Scanned paths", List.of("/a<b", "/c"))),
                List.of(new Custody.ListInfo(HOSTILE, "1", "abc", 2, 31, true)),
                List.of(HtmlReport.Field.of("Hits", "1")),
                List.of(new HtmlReport.Count(HOSTILE, HOSTILE, 1)),
                List.of(new HtmlReport.Count("decode_failed", null, 2)),
                true,
                List.of(hit),
                true,
                1,
                List.of(new HtmlReport.Line(1, 2, HOSTILE, null, null, "ff")),
                List.of(new HtmlReport.Line(0, 4, "p", null, "E1", HOSTILE)));
        StringWriter out = new StringWriter();
        HtmlReport.render(page, out);
        String html = out.toString();

        assertThat(html).doesNotContain("<script>").doesNotContain("onload=\"x");
        assertThat(html)
                .contains(
                        "<title>hashmatch scan report – case a&lt;script&gt;",
                        "<tr><th>Scanned paths</th><td>/a&lt;b<br>/c</td></tr>\n",
                        "<td class=\"h\">abc</td><td>2</td><td>31</td><td>yes</td><td>no</td></tr>",
                        "<tr><td>decode_failed</td><td>2</td></tr>",
                        "<td>3</td><td>a&lt;script&gt;alert(1)&lt;/script&gt;&amp;\"'b</td>",
                        "<th>List</th><th>Category</th><th>Source</th><th>Hash</th>",
                        "&amp;\"'b</td><td>&lt;source list&gt;.txt</td><td>pdq</td><td>7</td>",
                        "<td>7</td><td>tile/rot90@[0,0,64,64] \u2192 a&lt;script&gt;",
                        "<tr><th>Hits</th><td>1</td></tr>\n</table>",
                        "<details><summary>reveal blurred thumbnail</summary><img class=\"blur\"",
                        "<p>Only the first 1 hits are shown: every hit is in hits.csv.</p>",
                        "<tr><td>4</td><td>p</td><td></td><td>E1</td><td>a&lt;script&gt;");
        assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"en\">").endsWith("</table>\n</body></html>\n");
    }

    /** A disk image's custody lines: the acquisition hash check, each partition, the space outside them. */
    @Test
    void diskImageLinesStateTheAcquisitionHashAndTheSpaceOutsidePartitions() {
        io.hashmatch.scan.DiskImageSummary d = new io.hashmatch.scan.DiskImageSummary(
                "e01",
                List.of("c.E01"),
                4096,
                "m0",
                "s0",
                "m0",
                "s0",
                java.util.Map.of("acquired_md5", "a0"),
                new io.hashmatch.scan.AcquisitionHash(
                        io.hashmatch.scan.AcquisitionHash.Outcome.MISMATCH, "m1", null, "MD5 differs"),
                List.of(new io.hashmatch.scan.DiskImageSummary.Partition(
                        "p1", 1024, 2048, "Linux (0x83)", "ext4", null, 3, 1, 2)),
                null,
                new io.hashmatch.scan.DiskImageSummary.OutsidePartitions(2048, 5));
        io.hashmatch.scan.ScannedFile image = io.hashmatch.scan.ScannedFile.unreadable(
                        "c.E01", null, io.hashmatch.scan.ScanError.IO_ERROR, "x")
                .withDiskImage(d);
        assertThat(HtmlReport.diskImageLines(image))
                .containsExactly(
                        "format e01, 4096 bytes of medium, segments [c.E01]",
                        "before the scan: MD5 m0, SHA-256 s0",
                        "after the scan: MD5 m0, SHA-256 s0 (unchanged)",
                        "acquired_md5: a0",
                        "acquisition hash: MISMATCH: MD5 differs",
                        "p1 at byte 1024, 2048 bytes, Linux (0x83), file system ext4: 3 files, 1 deleted, 2 carved",
                        "outside every partition: 2048 bytes, 5 carved");
    }
}
