package io.hashmatch.report;

import io.hashmatch.match.MatchHit;
import io.hashmatch.match.VideoHit;
import io.hashmatch.scan.MediaKind;
import io.hashmatch.scan.ScannedFile;
import io.hashmatch.video.VideoComparison;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code report.html}: one self-contained page (inline CSS, no script, no external resource). No picture is
 * shown: with thumbnails, each hit has a {@code <details>} element whose blurred greyscale thumbnail appears
 * only when the analyst clicks it, one at a time. A video hit's row has hash {@code vpdq}, the reference
 * matcher's two percentages (scanned video's frames matched / listed video's frames matched) in the distance
 * column and its {@code vpdq/} file in the PDQ column. Not thread-safe; one per report.
 */
final class HtmlReport {
    /** Rows of the long tables beyond which the page refers to the CSV files. */
    static final int MAX_ROWS = 5000;

    private final Writer w;
    private final List<ScannedFile> records;
    private final int[] groups;
    private final Custody custody;
    private final ScanReport.Totals totals;

    HtmlReport(Writer w, List<ScannedFile> records, int[] groups, Custody custody, ScanReport.Totals totals) {
        this.w = w;
        this.records = records;
        this.groups = groups;
        this.custody = custody;
        this.totals = totals;
    }

    void write() throws IOException {
        w.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>hashmatch scan report");
        if (custody.caseNumber() != null) {
            w.write(" – case " + esc(custody.caseNumber()));
        }
        w.write(
                "</title>\n<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;margin:.5em 0}"
                        + "td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left;vertical-align:top}"
                        + ".h{font-family:monospace;font-size:85%;word-break:break-all}summary{cursor:pointer;color:#036}"
                        + "img.blur{filter:blur(2px)}</style></head><body>\n");
        w.write("<h1>hashmatch scan report</h1>\n");
        custody();
        summary();
        hits();
        nearGroups();
        failures();
        w.write("</body></html>\n");
    }

    private void custody() throws IOException {
        w.write("<h2>Chain of custody</h2>\n<table>\n");
        row("Tool", custody.toolVersion());
        row("Command line", String.join(" ", custody.commandLine()));
        row("Examiner", custody.examiner() == null ? "(not stated)" : custody.examiner());
        row("Case", custody.caseNumber() == null ? "(not stated)" : custody.caseNumber());
        row("Scanned paths", String.join("\n", custody.paths()));
        row("Started", custody.runs().get(0).toString());
        if (custody.runs().size() > 1) {
            List<String> resumes = new ArrayList<>();
            for (int i = 1; i < custody.runs().size(); i++) {
                resumes.add(custody.runs().get(i).toString());
            }
            row("Resumed", String.join("\n", resumes));
        }
        row("Ended", custody.ended().toString());
        w.write("</table>\n<h3>Lists</h3>\n<table><tr><th>Name</th><th>Version</th><th>Checksum</th><th>Entries</th>"
                + "<th>PDQ distance</th><th>Suppression</th></tr>\n");
        for (Custody.ListInfo l : custody.lists()) {
            w.write("<tr><td>" + esc(l.name()) + "</td><td>" + esc(l.version()) + "</td><td class=\"h\">"
                    + esc(l.checksum())
                    + "</td><td>" + l.entries() + "</td><td>" + l.maxDistance() + "</td><td>"
                    + (l.suppression() ? "yes" : "no")
                    + "</td></tr>\n");
        }
        w.write("</table>\n");
    }

    private void summary() throws IOException {
        w.write("<h2>Summary</h2>\n<table>\n");
        row("Records (files and archive entries)", Long.toString(totals.records()));
        for (MediaKind k : MediaKind.values()) {
            row("  " + k.label(), Long.toString(totals.byKind().getOrDefault(k, 0L)));
        }
        row("Records with an error", Long.toString(totals.failed()));
        row("Matched records", Long.toString(totals.matched()));
        row("Hits", Long.toString(totals.hits()));
        row("Near-duplicate groups among unmatched images", Integer.toString(totals.nearGroups()));
        w.write("</table>\n<h3>Matched records by list and category</h3>\n<table><tr><th>List</th><th>Category</th>"
                + "<th>Records</th></tr>\n");
        for (Map.Entry<String, Map<String, Long>> l :
                ScanReport.countsByListAndCategory(records).entrySet()) {
            for (Map.Entry<String, Long> c : l.getValue().entrySet()) {
                w.write("<tr><td>" + esc(l.getKey()) + "</td><td>" + esc(c.getKey()) + "</td><td>" + c.getValue()
                        + "</td></tr>\n");
            }
        }
        w.write("</table>\n<h3>Errors by code</h3>\n<table><tr><th>Error</th><th>Records</th></tr>\n");
        Map<String, Long> errors = new TreeMap<>();
        for (ScannedFile f : records) {
            if (f.error() != null) {
                errors.merge(f.error(), 1L, Long::sum);
            }
        }
        for (Map.Entry<String, Long> e : errors.entrySet()) {
            w.write("<tr><td>" + esc(e.getKey()) + "</td><td>" + e.getValue() + "</td></tr>\n");
        }
        w.write("</table>\n");
    }

    private void hits() throws IOException {
        w.write("<h2>Hits</h2>\n<p>No pictures are shown.");
        boolean anyThumb = records.stream().anyMatch(f -> f.thumbnail() != null);
        if (anyThumb) {
            w.write(" Blurred greyscale thumbnails open one at a time on a click.");
        }
        w.write("</p>\n<table><tr><th>#</th><th>Path</th><th>Inside archive</th><th>List</th><th>Category</th>"
                + "<th>Hash</th><th>Distance</th><th>MD5</th><th>SHA-256</th><th>PDQ</th>"
                + (anyThumb ? "<th>Thumbnail</th>" : "") + "</tr>\n");
        int rows = 0;
        for (int i = 0; i < records.size(); i++) {
            ScannedFile f = records.get(i);
            for (MatchHit h : f.hits()) {
                if (!h.isMatch()) {
                    continue;
                }
                if (++rows > MAX_ROWS) {
                    break;
                }
                w.write("<tr><td>" + (i + 1) + "</td><td>" + esc(f.path()) + "</td><td>" + esc(f.entry()) + "</td><td>"
                        + esc(h.list()) + "</td><td>" + esc(h.category()) + "</td><td>" + ScanReport.kindName(h.kind())
                        + "</td><td>" + h.distance() + "</td><td class=\"h\">" + esc(f.md5()) + "</td><td class=\"h\">"
                        + esc(f.sha256()) + "</td><td class=\"h\">" + esc(f.pdq()) + "</td>");
                if (anyThumb) {
                    w.write("<td>");
                    if (f.thumbnail() != null) {
                        w.write(
                                "<details><summary>reveal blurred thumbnail</summary><img class=\"blur\" alt=\"blurred thumbnail\""
                                        + " src=\"" + esc(f.thumbnail()) + "\"></details>");
                    }
                    w.write("</td>");
                }
                w.write("</tr>\n");
            }
            for (VideoHit h : f.videoHits()) {
                if (!h.isMatch()) {
                    continue;
                }
                if (++rows > MAX_ROWS) {
                    break;
                }
                VideoComparison c = h.comparison();
                // Distance column: the reference matcher's query / compared frame percentages; PDQ column: the vPDQ
                // file
                w.write("<tr><td>" + (i + 1) + "</td><td>" + esc(f.path()) + "</td><td>" + esc(f.entry()) + "</td><td>"
                        + esc(h.list()) + "</td><td>" + esc(h.category()) + "</td><td>" + ScanReport.VPDQ_KIND
                        + "</td><td>"
                        + VideoComparison.formatPercent(c.queryMatchedPercent()) + "% / "
                        + VideoComparison.formatPercent(c.comparedMatchedPercent()) + "%</td><td class=\"h\">"
                        + esc(f.md5())
                        + "</td><td class=\"h\">" + esc(f.sha256()) + "</td><td class=\"h\">"
                        + esc(ScanReport.vpdqFile(f))
                        + "</td>" + (anyThumb ? "<td></td>" : "") + "</tr>\n");
            }
        }
        w.write("</table>\n");
        if (rows > MAX_ROWS) {
            w.write("<p>Only the first " + MAX_ROWS + " hits are shown: every hit is in hits.csv.</p>\n");
        }
    }

    private void nearGroups() throws IOException {
        w.write(
                "<h2>Near-duplicate groups among unmatched images</h2>\n<table><tr><th>Group</th><th>#</th><th>Path</th>"
                        + "<th>Inside archive</th><th>PDQ</th></tr>\n");
        List<List<Integer>> members = new ArrayList<>();
        for (int g = 0; g < totals.nearGroups(); g++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < records.size(); i++) {
            if (groups[i] > 0) {
                members.get(groups[i] - 1).add(i);
            }
        }
        int rows = 0;
        for (int g = 0; g < members.size() && rows < MAX_ROWS; g++) {
            for (int i : members.get(g)) {
                rows++;
                ScannedFile f = records.get(i);
                w.write("<tr><td>" + (g + 1) + "</td><td>" + (i + 1) + "</td><td>" + esc(f.path()) + "</td><td>"
                        + esc(f.entry()) + "</td><td class=\"h\">" + esc(f.pdq()) + "</td></tr>\n");
            }
        }
        w.write("</table>\n");
    }

    private void failures() throws IOException {
        w.write("<h2>Files with an error</h2>\n<table><tr><th>#</th><th>Path</th><th>Inside archive</th><th>Error</th>"
                + "<th>Reason</th></tr>\n");
        int rows = 0;
        for (int i = 0; i < records.size() && rows < MAX_ROWS; i++) {
            ScannedFile f = records.get(i);
            if (f.error() != null) {
                rows++;
                w.write("<tr><td>" + (i + 1) + "</td><td>" + esc(f.path()) + "</td><td>" + esc(f.entry()) + "</td><td>"
                        + esc(f.error()) + "</td><td>" + esc(f.errorMessage()) + "</td></tr>\n");
            }
        }
        w.write("</table>\n");
    }

    private void row(String name, String value) throws IOException {
        w.write("<tr><th>" + esc(name) + "</th><td>" + esc(value).replace("\n", "<br>") + "</td></tr>\n");
    }

    /** HTML-escaped text; empty for null. */
    static String esc(@Nullable String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
