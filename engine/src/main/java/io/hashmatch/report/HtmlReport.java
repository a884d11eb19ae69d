package io.hashmatch.report;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.WriterOutput;
import io.hashmatch.match.MatchHit;
import io.hashmatch.match.VideoHit;
import io.hashmatch.scan.AcquisitionHash;
import io.hashmatch.scan.DiskImageSummary;
import io.hashmatch.scan.DiskOrigin;
import io.hashmatch.scan.MediaKind;
import io.hashmatch.scan.ScannedFile;
import io.hashmatch.video.VideoComparison;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * column and its {@code vpdq/} file in the PDQ column.
 *
 * <p>This class gathers the page's rows; the markup is the jte template {@code src/main/jte/report.jte},
 * compiled with the engine and escaping every value by its HTML context. Not thread-safe; one per report.
 */
final class HtmlReport {
    /** Rows of the long tables beyond which the page refers to the CSV files. */
    static final int MAX_ROWS = 5000;

    /** Templates compiled at build time (jte-maven-plugin), so nothing is compiled when a report is written. */
    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(
            null, ContentType.Html, HtmlReport.class.getClassLoader(), HtmlReport.class.getPackageName());

    /** A name and its value's lines (shown with line breaks). */
    record Field(String name, List<String> lines) {
        static Field of(String name, String value) {
            return new Field(name, List.of(value.split("\n", -1)));
        }
    }

    /** A count of records under one key, or two ({@code list}, {@code category}). */
    record Count(String key, @Nullable String subKey, long records) {}

    /** One hit row: an image or exact hit, or a video hit ({@link #video}). */
    record Hit(
            int record,
            String path,
            @Nullable String entry,
            String list,
            @Nullable String category,
            @Nullable String source,
            String kind,
            String distance,
            @Nullable String variant,
            @Nullable String md5,
            @Nullable String sha256,
            @Nullable String pdqOrVpdqFile,
            @Nullable String thumbnail,
            boolean video,
            String flags) {}

    /** A record of a near-duplicate group, or one that failed ({@code detail}: PDQ, or the error and reason). */
    record Line(
            int group,
            int record,
            String path,
            @Nullable String entry,
            @Nullable String code,
            @Nullable String detail) {}

    /** Everything the template shows. */
    record Page(
            @Nullable String caseNumber,
            List<Field> custody,
            List<Custody.ListInfo> lists,
            List<Field> summary,
            List<Count> byListAndCategory,
            List<Count> errorsByCode,
            boolean anyThumbnail,
            List<Hit> hits,
            boolean hitsCut,
            int maxRows,
            List<Line> nearGroups,
            List<Line> failures) {}

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
        render(page(), w);
    }

    /** Writes {@code page} as HTML to {@code w}. */
    static void render(Page page, Writer w) throws IOException {
        try {
            TEMPLATES.render("report.jte", page, new WriterOutput(w));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    Page page() {
        boolean anyThumb = records.stream().anyMatch(f -> f.thumbnail() != null);
        List<Hit> hits = hits();
        boolean cut = hits.size() > MAX_ROWS;
        return new Page(
                custody.caseNumber(),
                custodyFields(),
                custody.lists(),
                summaryFields(),
                byListAndCategory(),
                errorsByCode(),
                anyThumb,
                cut ? hits.subList(0, MAX_ROWS) : hits,
                cut,
                MAX_ROWS,
                nearGroups(),
                failures());
    }

    private List<Field> custodyFields() {
        List<Field> f = new ArrayList<>();
        f.add(Field.of("Tool", custody.toolVersion()));
        f.add(Field.of("Command line", custody.shellCommandLine()));
        f.add(Field.of("Examiner", custody.examiner() == null ? "(not stated)" : custody.examiner()));
        f.add(Field.of("Case", custody.caseNumber() == null ? "(not stated)" : custody.caseNumber()));
        f.add(new Field("Scanned paths", custody.paths()));
        f.add(Field.of("Started", custody.runs().get(0).toString()));
        if (custody.runs().size() > 1) {
            List<String> resumes = new ArrayList<>();
            for (int i = 1; i < custody.runs().size(); i++) {
                resumes.add(custody.runs().get(i).toString());
            }
            f.add(new Field("Resumed", resumes));
        }
        f.add(Field.of("Ended", custody.ended().toString()));
        for (ScannedFile image : ScanReport.diskImages(records)) {
            f.add(new Field("Disk image " + image.path(), diskImageLines(image)));
        }
        return f;
    }

    /**
     * The chain-of-custody lines of a disk image: format, own hashes before and after, metadata, the acquisition hash
     * check, partitions, the space outside them.
     */
    static List<String> diskImageLines(ScannedFile image) {
        DiskImageSummary d = java.util.Objects.requireNonNull(image.diskImage());
        List<String> lines = new ArrayList<>();
        lines.add("format " + d.format() + ", " + d.mediaSize() + " bytes of medium, segments " + d.segments());
        lines.add("before the scan: MD5 " + d.md5Before() + ", SHA-256 " + d.sha256Before());
        lines.add("after the scan: MD5 " + d.md5After() + ", SHA-256 " + d.sha256After()
                + (d.unchanged() ? " (unchanged)" : " (CHANGED or unreadable)"));
        new TreeMap<>(d.metadata()).forEach((k, v) -> lines.add(k + ": " + v));
        AcquisitionHash a = d.acquisitionHash();
        if (a != null) {
            lines.add("acquisition hash: "
                    + switch (a.outcome()) {
                        case VERIFIED ->
                            "verified, the medium as read has the hashes stored at acquisition (MD5 " + a.md5()
                                    + (a.sha1() == null ? "" : ", SHA-1 " + a.sha1()) + ")";
                        case MISMATCH -> "MISMATCH: " + a.detail();
                        case ABSENT -> "absent (" + a.detail() + ")";
                        case UNREADABLE -> "not verified, the medium cannot be read to its end: " + a.detail();
                    });
        }
        if (d.volumeError() != null) {
            lines.add("partition table: " + d.volumeError());
        }
        for (DiskImageSummary.Partition p : d.partitions()) {
            lines.add((p.name().isEmpty() ? "whole medium" : p.name()) + " at byte " + p.offset() + ", " + p.length()
                    + " bytes, " + p.description() + ", file system "
                    + (p.fileSystem() == null ? "none read" : p.fileSystem())
                    + (p.error() == null ? "" : " (" + p.error() + ")") + ": " + p.files() + " files, " + p.deleted()
                    + " deleted, " + p.carved() + " carved");
        }
        DiskImageSummary.OutsidePartitions o = d.outsidePartitions();
        if (o != null && o.bytes() > 0) {
            lines.add("outside every partition: " + o.bytes() + " bytes, " + o.carved() + " carved");
        }
        return lines;
    }

    /** What an analyst needs to know of where a hit lay: allocation, partition and offset, times, naming. */
    static String flags(ScannedFile f) {
        List<String> out = new ArrayList<>();
        DiskOrigin o = f.origin();
        if (o != null) {
            out.add(o.allocation().label());
            if (o.partition() != null) {
                out.add("partition " + o.partition());
            }
            if (o.offset() >= 0) {
                out.add("offset 0x" + Long.toHexString(o.offset()));
            }
            if (o.created() != null) {
                out.add("created " + o.created());
            }
            if (o.modified() != null) {
                out.add("modified " + o.modified());
            }
            if (o.accessed() != null) {
                out.add("accessed " + o.accessed());
            }
            if (o.changed() != null) {
                out.add("changed " + o.changed());
            }
        }
        if (f.extensionMismatch()) {
            out.add("extension does not fit the " + f.format() + " bytes");
        }
        if (f.knownGood() != null) {
            out.add("also on known-good list " + f.knownGood());
        }
        return String.join("; ", out);
    }

    private List<Field> summaryFields() {
        List<Field> f = new ArrayList<>();
        f.add(Field.of("Records (files and archive entries)", Long.toString(totals.records())));
        for (MediaKind k : MediaKind.values()) {
            f.add(Field.of("  " + k.label(), Long.toString(totals.byKind().getOrDefault(k, 0L))));
        }
        f.add(Field.of("Records with an error", Long.toString(totals.failed())));
        f.add(Field.of("Matched records", Long.toString(totals.matched())));
        f.add(Field.of("Hits", Long.toString(totals.hits())));
        f.add(Field.of("Near-duplicate groups among unmatched images", Integer.toString(totals.nearGroups())));
        f.add(Field.of(
                "Known-good records (on a known-good list, no hit: not reviewed)", Long.toString(totals.knownGood())));
        long mismatched =
                records.stream().filter(ScannedFile::extensionMismatch).count();
        f.add(Field.of("Records whose name's extension does not fit their bytes", Long.toString(mismatched)));
        return f;
    }

    private List<Count> byListAndCategory() {
        List<Count> counts = new ArrayList<>();
        for (Map.Entry<String, Map<String, Long>> l :
                ScanReport.countsByListAndCategory(records).entrySet()) {
            for (Map.Entry<String, Long> c : l.getValue().entrySet()) {
                counts.add(new Count(l.getKey(), c.getKey(), c.getValue()));
            }
        }
        return counts;
    }

    private List<Count> errorsByCode() {
        Map<String, Long> errors = new TreeMap<>();
        for (ScannedFile f : records) {
            if (f.error() != null) {
                errors.merge(f.error(), 1L, Long::sum);
            }
        }
        List<Count> counts = new ArrayList<>();
        errors.forEach((code, n) -> counts.add(new Count(code, null, n)));
        return counts;
    }

    /** Every hit, in record order; one more than {@link #MAX_ROWS} at most, to tell that the table was cut. */
    private List<Hit> hits() {
        List<Hit> rows = new ArrayList<>();
        for (int i = 0; i < records.size() && rows.size() <= MAX_ROWS; i++) {
            ScannedFile f = records.get(i);
            for (MatchHit h : f.hits()) {
                if (h.isMatch()) {
                    rows.add(new Hit(
                            i + 1,
                            f.path(),
                            f.entry(),
                            h.list(),
                            h.category(),
                            h.sourceList(),
                            ScanReport.kindName(h.kind()),
                            Integer.toString(h.distance()),
                            variant(h),
                            f.md5(),
                            f.sha256(),
                            f.pdq(),
                            f.thumbnail(),
                            false,
                            flags(f)));
                }
            }
            for (VideoHit h : f.videoHits()) {
                if (h.isMatch()) {
                    VideoComparison c = h.comparison();
                    // the reference matcher's query / compared frame percentages
                    String distance = VideoComparison.formatPercent(c.queryMatchedPercent()) + "% / "
                            + VideoComparison.formatPercent(c.comparedMatchedPercent()) + "%";
                    rows.add(new Hit(
                            i + 1,
                            f.path(),
                            f.entry(),
                            h.list(),
                            h.category(),
                            h.sourceList(),
                            ScanReport.VPDQ_KIND,
                            distance,
                            null,
                            f.md5(),
                            f.sha256(),
                            ScanReport.vpdqFile(f),
                            null,
                            true,
                            flags(f)));
                }
            }
        }
        return rows;
    }

    /**
     * The variants a hit names, {@code query → entry} as in {@code hits.csv} ({@code trim/original@[24,24,320,240] →
     * whole/original}); null for a hit of the whole images as they are.
     */
    private static @Nullable String variant(MatchHit h) {
        String query = ScanReport.variantText(h, h.queryVariant());
        String entry = ScanReport.variantText(h, h.entryVariant());
        return query == null || entry == null ? null : query + " → " + entry;
    }

    private List<Line> nearGroups() {
        List<List<Integer>> members = new ArrayList<>();
        for (int g = 0; g < totals.nearGroups(); g++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < records.size(); i++) {
            if (groups[i] > 0) {
                members.get(groups[i] - 1).add(i);
            }
        }
        List<Line> lines = new ArrayList<>();
        for (int g = 0; g < members.size() && lines.size() < MAX_ROWS; g++) {
            for (int i : members.get(g)) {
                ScannedFile f = records.get(i);
                lines.add(new Line(g + 1, i + 1, f.path(), f.entry(), null, f.pdq()));
            }
        }
        return lines;
    }

    private List<Line> failures() {
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < records.size() && lines.size() < MAX_ROWS; i++) {
            ScannedFile f = records.get(i);
            if (f.error() != null) {
                lines.add(new Line(0, i + 1, f.path(), f.entry(), f.error(), f.errorMessage()));
            }
        }
        return lines;
    }
}
