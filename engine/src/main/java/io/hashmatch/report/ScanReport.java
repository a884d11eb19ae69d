package io.hashmatch.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import de.siegmar.fastcsv.writer.CsvWriter;
import io.hashmatch.hash.HashKind;
import io.hashmatch.list.format.CsvField;
import io.hashmatch.list.format.HashVariant;
import io.hashmatch.list.format.ListEntry;
import io.hashmatch.list.format.ListWriter;
import io.hashmatch.list.format.StrictJson;
import io.hashmatch.list.format.VicsCategories;
import io.hashmatch.list.format.VicsMediaFile;
import io.hashmatch.list.format.VicsMediaWriter;
import io.hashmatch.list.format.VicsVersion;
import io.hashmatch.match.MatchHit;
import io.hashmatch.match.VideoHit;
import io.hashmatch.scan.DiskImageSummary;
import io.hashmatch.scan.DiskOrigin;
import io.hashmatch.scan.MediaKind;
import io.hashmatch.scan.ScanResult;
import io.hashmatch.scan.ScannedFile;
import io.hashmatch.scan.ScannedVideo;
import io.hashmatch.video.VideoComparison;
import io.hashmatch.video.VpdqFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes the reports of a scan into its output folder, then the {@link Manifest} over them. Everything is
 * derived from the {@link ScanResult}'s records in walk order, so a resumed scan's reports are byte-identical to
 * an uninterrupted one's, except the times and command line in {@code custody.json} and {@code report.html}.
 *
 * <ul>
 *   <li>{@code files.jsonl}: one {@link ScannedFile#toJson} record per line (no thumbnails), with
 *       {@code near_group} for images in a near-duplicate group.</li>
 *   <li>{@code files.csv}: the same, RFC 4180 as {@link CsvField#writer} writes it, header
 *       {@value #FILES_HEADER}; {@code hit_lists} is the
 *       space-separated names of the lists matched; for a hashed video, {@code width}/{@code height} are its
 *       frame size, {@code vpdq_frames} its number of hashed frames and {@code vpdq_file} its vPDQ file.</li>
 *   <li>{@code vpdq/<sha256>.vpdq}: the vPDQ of every hashed video (one file per distinct content), in the
 *       reference's format ({@code frameIndex,quality,hash,timestamp} lines, as {@code hashmatch video hash}
 *       writes it), so videos can be matched again ({@code hashmatch video match}, {@code list import}) without
 *       decoding them; the records name it in {@code vpdq_file}.</li>
 *   <li>{@code hits.csv}: one row per matching hit (suppressing and suppressed hits are only in
 *       {@code files.*}), header {@value #HITS_HEADER}; a video hit has {@code hash_kind} {@code vpdq}, no
 *       distance, and the reference matcher's two percentages ({@code query_matched_pct},
 *       {@code compared_matched_pct}, printed as the reference prints them) and {@code vpdq_file}. A PDQ hit between
 *       variants (a region or a transform of the image on either side: the photo inside a border, a collage's tile, a
 *       list item's crop) names them in {@code query_variant} and {@code entry_variant} as
 *       {@code kind/transform@[x,y,w,h]} ({@link #variantText}); both are empty for a hit of the whole images as they
 *       are.</li>
 *   <li>{@code hits.vics.json}: a VICS hash set (2.0 unless asked for 1.3, {@code Default} profile) of the
 *       matched contents, one Media record per distinct SHA-256 (copies of one file are one record, as in any hash
 *       set): {@code MediaID} is the line number in {@code files.jsonl} of its first copy, {@code Category} the VICS
 *       number of that record's first matching hit's category ({@link VicsCategories}), {@code Tags} the list it
 *       matched ({@value #LIST_TAG_PREFIX}{@code <list>}), {@code MediaSize}, MD5, SHA-1, SHA-256 and PDQ as hashes,
 *       and {@code MediaFiles} with the path ({@code FilePath}, {@code FileName}) of every matched copy. VICS has no vPDQ field: a matched video is a Media record with its
 *       exact hashes, its vPDQ is in {@code vpdq/}.</li>
 *   <li>{@code custody.json} and {@code report.html}: see {@link Custody}; the HTML holds summary counts by
 *       kind, error, list and category, the hits table with paths and hashes, and the near-duplicate groups,
 *       without pictures unless thumbnails were made (then blurred, revealed one by one by a click).</li>
 * </ul>
 *
 * <p>Stateless; thread-safe.
 */
public final class ScanReport {
    /** {@code files.csv} header. */
    public static final String FILES_HEADER = "path,entry,size,kind,format,md5,sha1,sha256,pdq,quality,width,height,"
            + "error_code,error_message,matched,hit_lists,near_group,vpdq_frames,vpdq_file,known_good,allocation,"
            + "partition,offset,created,modified,accessed,changed,extension_mismatch";
    /** {@code hits.csv} header. */
    public static final String HITS_HEADER = "path,entry,list,category,source,hash_kind,distance,md5,sha1,sha256,pdq,"
            + "query_matched_pct,compared_matched_pct,vpdq_file,query_variant,entry_variant";
    /** Folder of the vPDQ files, inside the report folder. */
    public static final String VPDQ_FOLDER = "vpdq";
    /** The file names written, in the order written (the manifest comes last), besides {@value #VPDQ_FOLDER}/. */
    public static final List<String> FILES = List.of(
            "files.jsonl",
            "files.csv",
            "hits.csv",
            "hits.vics.json",
            "custody.json",
            "report.html",
            Manifest.FILE_NAME);

    private ScanReport() {}

    /**
     * Totals of a report.
     *
     * @param records every record
     * @param byKind records per kind
     * @param failed records with an error
     * @param matched records with a match
     * @param hits matching hits
     * @param nearGroups near-duplicate groups
     * @param knownGood records a known-good list holds and that matched nothing: not reviewed
     */
    public record Totals(
            long records,
            Map<MediaKind, Long> byKind,
            long failed,
            long matched,
            long hits,
            int nearGroups,
            long knownGood) {
        /** Copies the map. */
        public Totals {
            byKind = Map.copyOf(byKind);
        }
    }

    /**
     * Writes every report into {@code dir} (which must exist; existing report files are replaced).
     *
     * @param nearRadius PDQ radius of near-duplicate groups ({@link NearDuplicateGroups})
     * @param nearMinQuality minimum PDQ quality of images grouped
     * @throws IOException if writing fails
     */
    public static Totals write(Path dir, ScanResult result, Custody custody, int nearRadius, int nearMinQuality)
            throws IOException {
        return write(dir, result, custody, nearRadius, nearMinQuality, VicsVersion.V2_0);
    }

    /**
     * Writes every report into {@code dir}, {@code hits.vics.json} in VICS {@code vicsVersion}.
     *
     * @param nearRadius PDQ radius of near-duplicate groups ({@link NearDuplicateGroups})
     * @param nearMinQuality minimum PDQ quality of images grouped
     * @throws IOException if writing fails
     */
    public static Totals write(
            Path dir, ScanResult result, Custody custody, int nearRadius, int nearMinQuality, VicsVersion vicsVersion)
            throws IOException {
        List<ScannedFile> records = result.records();
        int[] groups = NearDuplicateGroups.of(records, nearRadius, nearMinQuality);
        Totals totals = totals(records, groups);
        writeVpdqFiles(dir.resolve(VPDQ_FOLDER), records);
        writeFilesJsonl(dir.resolve("files.jsonl"), records, groups);
        try {
            writeFilesCsv(dir.resolve("files.csv"), records, groups);
            writeHitsCsv(dir.resolve("hits.csv"), records);
        } catch (UncheckedIOException e) {
            throw e.getCause(); // FastCSV's writer wraps the file's IOException
        }
        writeVics(dir.resolve("hits.vics.json"), records, vicsVersion);
        writeCustody(dir.resolve("custody.json"), custody, totals, records);
        try (Writer w = Files.newBufferedWriter(dir.resolve("report.html"), StandardCharsets.UTF_8)) {
            new HtmlReport(w, records, groups, custody, totals).write();
        }
        Manifest.write(dir);
        return totals;
    }

    static Totals totals(List<ScannedFile> records, int[] groups) {
        Map<MediaKind, Long> byKind = new EnumMap<>(MediaKind.class);
        long failed = 0;
        long matched = 0;
        long hits = 0;
        long knownGood = 0;
        int maxGroup = 0;
        for (int i = 0; i < records.size(); i++) {
            ScannedFile f = records.get(i);
            byKind.merge(f.kind(), 1L, Long::sum);
            failed += f.failed() ? 1 : 0;
            matched += f.matched() ? 1 : 0;
            knownGood += f.reviewed() ? 0 : 1;
            for (MatchHit h : f.hits()) {
                hits += h.isMatch() ? 1 : 0;
            }
            for (VideoHit h : f.videoHits()) {
                hits += h.isMatch() ? 1 : 0;
            }
            maxGroup = Math.max(maxGroup, groups[i]);
        }
        return new Totals(records.size(), byKind, failed, matched, hits, maxGroup, knownGood);
    }

    /** {@code dir/<sha256>.vpdq} for each distinct hashed video; the folder only when there is one. */
    private static void writeVpdqFiles(Path dir, List<ScannedFile> records) throws IOException {
        java.util.Set<String> written = new java.util.HashSet<>();
        for (ScannedFile f : records) {
            if (f.video() == null || f.sha256() == null || !written.add(f.sha256())) {
                continue;
            }
            Files.createDirectories(dir);
            Files.writeString(
                    dir.resolve(f.sha256() + VpdqFile.EXTENSION),
                    VpdqFile.format(f.video().frames()),
                    StandardCharsets.UTF_8);
        }
    }

    /** The vPDQ file of a record, relative to the report folder, or null when it has none. */
    static @org.jspecify.annotations.Nullable String vpdqFile(ScannedFile f) {
        return f.video() == null || f.sha256() == null ? null : ScannedVideo.reportFile(f.sha256());
    }

    private static void writeFilesJsonl(Path file, List<ScannedFile> records, int[] groups) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < records.size(); i++) {
                w.write(records.get(i).toJson(groups[i], false));
                w.write('\n');
            }
        }
    }

    private static void writeFilesCsv(Path file, List<ScannedFile> records, int[] groups) throws IOException {
        try (CsvWriter w = CsvField.writer(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            w.writeRecord(FILES_HEADER.split(","));
            for (int i = 0; i < records.size(); i++) {
                ScannedFile f = records.get(i);
                Map<String, Boolean> lists = new LinkedHashMap<>();
                for (MatchHit h : f.hits()) {
                    if (h.isMatch()) {
                        lists.put(h.list(), true);
                    }
                }
                for (VideoHit h : f.videoHits()) {
                    if (h.isMatch()) {
                        lists.put(h.list(), true);
                    }
                }
                ScannedVideo v = f.video();
                DiskOrigin o = f.origin();
                String width =
                        f.pdq() != null ? Integer.toString(f.width()) : v != null ? Integer.toString(v.width()) : null;
                String height = f.pdq() != null
                        ? Integer.toString(f.height())
                        : v != null ? Integer.toString(v.height()) : null;
                w.writeRecord(
                        f.path(),
                        f.entry(),
                        Long.toString(f.size()),
                        f.kind().label(),
                        f.format(),
                        f.md5(),
                        f.sha1(),
                        f.sha256(),
                        f.pdq(),
                        f.pdq() == null ? null : Integer.toString(f.quality()),
                        width,
                        height,
                        f.error(),
                        f.errorMessage(),
                        Boolean.toString(f.matched()),
                        String.join(" ", lists.keySet()),
                        groups[i] == 0 ? null : Integer.toString(groups[i]),
                        v == null ? null : Integer.toString(v.frames().size()),
                        vpdqFile(f),
                        f.knownGood(),
                        o == null ? null : o.allocation().label(),
                        o == null ? null : o.partition(),
                        o == null || o.offset() < 0 ? null : Long.toString(o.offset()),
                        o == null || o.created() == null ? null : o.created().toString(),
                        o == null || o.modified() == null ? null : o.modified().toString(),
                        o == null || o.accessed() == null ? null : o.accessed().toString(),
                        o == null || o.changed() == null ? null : o.changed().toString(),
                        Boolean.toString(f.extensionMismatch()));
            }
        }
    }

    private static void writeHitsCsv(Path file, List<ScannedFile> records) throws IOException {
        try (CsvWriter w = CsvField.writer(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            w.writeRecord(HITS_HEADER.split(","));
            for (ScannedFile f : records) {
                for (MatchHit h : f.hits()) {
                    if (h.isMatch()) {
                        w.writeRecord(
                                f.path(),
                                f.entry(),
                                h.list(),
                                h.category(),
                                h.sourceList(),
                                kindName(h.kind()),
                                Integer.toString(h.distance()),
                                f.md5(),
                                f.sha1(),
                                f.sha256(),
                                f.pdq(),
                                null,
                                null,
                                null,
                                variantText(h, h.queryVariant()),
                                variantText(h, h.entryVariant()));
                    }
                }
                for (VideoHit h : f.videoHits()) {
                    if (h.isMatch()) {
                        VideoComparison c = h.comparison();
                        w.writeRecord(
                                f.path(),
                                f.entry(),
                                h.list(),
                                h.category(),
                                h.sourceList(),
                                VPDQ_KIND,
                                null,
                                f.md5(),
                                f.sha1(),
                                f.sha256(),
                                null,
                                VideoComparison.formatPercent(c.queryMatchedPercent()),
                                VideoComparison.formatPercent(c.comparedMatchedPercent()),
                                vpdqFile(f),
                                null,
                                null);
                    }
                }
            }
        }
    }

    /**
     * How the reports name one side of a hit between variants: {@code kind/transform}, then {@code @[x,y,w,h]} when
     * the rectangle is stated ({@code trim/original@[24,24,320,240]}, {@code whole/original} for a list item's own
     * hash), as {@link HashVariant#toString()}; null when the hit names no variants (the whole images as they are, or
     * an exact hit).
     */
    static @org.jspecify.annotations.Nullable String variantText(
            MatchHit hit, @org.jspecify.annotations.Nullable HashVariant side) {
        HashVariant query = hit.queryVariant();
        HashVariant entry = hit.entryVariant();
        if (side == null || query == null || entry == null || (query.isOriginal() && entry.isOriginal())) {
            return null;
        }
        return side.toString();
    }

    /** The hash kind name of video hits in the reports. */
    static final String VPDQ_KIND = "vpdq";

    static String kindName(HashKind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static void writeVics(Path file, List<ScannedFile> records, VicsVersion version) throws IOException {
        // one Media record per distinct content, as hash sets hold them, listing every matched copy in MediaFiles
        Map<String, List<Integer>> copies = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            ScannedFile f = records.get(i);
            if (f.matched()) {
                copies.computeIfAbsent(Objects.requireNonNullElse(f.sha256(), f.location()), k -> new ArrayList<>())
                        .add(i);
            }
        }
        try (OutputStream out = Files.newOutputStream(file);
                VicsMediaWriter w = ListWriter.vics(out, version)) {
            for (List<Integer> same : copies.values()) {
                int i = same.get(0);
                ScannedFile f = records.get(i);
                Map<HashKind, String> hashes = new EnumMap<>(HashKind.class);
                put(hashes, HashKind.MD5, f.md5());
                put(hashes, HashKind.SHA1, f.sha1());
                put(hashes, HashKind.SHA256, f.sha256());
                put(hashes, HashKind.PDQ, f.pdq());
                String category = null;
                String list = null;
                for (MatchHit h : f.hits()) {
                    if (h.isMatch() && list == null) {
                        list = h.list();
                    }
                    if (h.isMatch() && h.category() != null) {
                        category = h.category();
                        list = h.list();
                        break;
                    }
                }
                for (VideoHit h : f.videoHits()) {
                    if (category == null && h.isMatch()) {
                        category = h.category();
                        list = h.list();
                    }
                }
                List<String> tags = list == null ? List.of() : List.of(LIST_TAG_PREFIX + VicsCategories.tagSafe(list));
                List<VicsMediaFile> files = new ArrayList<>(same.size());
                for (int copy : same) {
                    files.add(mediaFile(records.get(copy)));
                }
                w.write(
                        new ListEntry(hashes, Integer.toString(i + 1), category, tags, "hashmatch scan", null, 0),
                        f.size(),
                        files);
            }
        }
    }

    /**
     * Where {@code f} was found, as a VICS {@code MediaFiles} element: its location, and for a file out of a disk image
     * the file system's creation, modification and access times, whether it was deleted or carved, and its offset.
     */
    static VicsMediaFile mediaFile(ScannedFile f) {
        VicsMediaFile at = VicsMediaFile.at(f.location());
        DiskOrigin o = f.origin();
        if (o == null) {
            return at;
        }
        return new VicsMediaFile(
                at.fileName(),
                at.filePath(),
                o.created(),
                o.modified(),
                o.accessed(),
                o.allocation() != DiskOrigin.Allocation.ALLOCATED,
                o.offset());
    }

    /** Tag of a VICS Media record naming the list it matched (so that a suite keeps it even without a category). */
    public static final String LIST_TAG_PREFIX = "hashmatch-list:";

    private static void put(Map<HashKind, String> hashes, HashKind kind, @org.jspecify.annotations.Nullable String v) {
        if (v != null) {
            hashes.put(kind, v);
        }
    }

    private static void writeCustody(Path file, Custody c, Totals t, List<ScannedFile> records) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                JsonGenerator g = StrictJson.FACTORY.createGenerator(out)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            g.writeStartObject();
            g.writeStringField("tool", c.toolVersion());
            g.writeArrayFieldStart("command_line");
            for (String a : c.commandLine()) {
                g.writeString(a);
            }
            g.writeEndArray();
            g.writeStringField("examiner", c.examiner());
            g.writeStringField("case", c.caseNumber());
            g.writeArrayFieldStart("paths");
            for (String p : c.paths()) {
                g.writeString(p);
            }
            g.writeEndArray();
            g.writeStringField("started", c.runs().get(0).toString());
            g.writeArrayFieldStart("runs");
            for (var r : c.runs()) {
                g.writeString(r.toString());
            }
            g.writeEndArray();
            g.writeStringField("ended", c.ended().toString());
            g.writeArrayFieldStart("lists");
            for (Custody.ListInfo l : c.lists()) {
                g.writeStartObject();
                g.writeStringField("name", l.name());
                g.writeStringField("version", l.version());
                g.writeStringField("checksum", l.checksum());
                g.writeNumberField("entries", l.entries());
                g.writeNumberField("max_distance", l.maxDistance());
                g.writeBooleanField("suppression", l.suppression());
                g.writeBooleanField("known_good", l.knownGood());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("totals");
            g.writeNumberField("records", t.records());
            for (MediaKind k : MediaKind.values()) {
                g.writeNumberField(k.label(), t.byKind().getOrDefault(k, 0L));
            }
            g.writeNumberField("failed", t.failed());
            g.writeNumberField("matched", t.matched());
            g.writeNumberField("hits", t.hits());
            g.writeNumberField("near_duplicate_groups", t.nearGroups());
            g.writeNumberField("known_good", t.knownGood());
            g.writeEndObject();
            writeDiskImages(g, records);
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    /**
     * The {@code disk_images} array: each disk image scanned, with its own hashes before and after the scan, its
     * acquisition metadata and its partitions (written only when a disk image was scanned).
     */
    private static void writeDiskImages(JsonGenerator g, List<ScannedFile> records) throws IOException {
        List<ScannedFile> images = diskImages(records);
        if (images.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("disk_images");
        for (ScannedFile f : images) {
            DiskImageSummary d = Objects.requireNonNull(f.diskImage());
            g.writeStartObject();
            g.writeStringField("path", f.path());
            d.writeFields(g, true);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** The records of disk images (those with a {@link ScannedFile#diskImage()}), in record order. */
    static List<ScannedFile> diskImages(List<ScannedFile> records) {
        List<ScannedFile> images = new ArrayList<>();
        for (ScannedFile f : records) {
            if (f.diskImage() != null) {
                images.add(f);
            }
        }
        return images;
    }

    /** Counts of matched records per list and category, sorted; a record counts once per list and category. */
    static Map<String, Map<String, Long>> countsByListAndCategory(List<ScannedFile> records) {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        for (ScannedFile f : records) {
            Map<String, Boolean> seen = new LinkedHashMap<>();
            for (MatchHit h : f.hits()) {
                String category = Objects.requireNonNullElse(h.category(), "(none)");
                if (h.isMatch() && seen.put(h.list() + "\n" + category, true) == null) {
                    counts.computeIfAbsent(h.list(), k -> new TreeMap<>()).merge(category, 1L, Long::sum);
                }
            }
            for (VideoHit h : f.videoHits()) {
                String category = Objects.requireNonNullElse(h.category(), "(none)");
                if (h.isMatch() && seen.put(h.list() + "\n" + category, true) == null) {
                    counts.computeIfAbsent(h.list(), k -> new TreeMap<>()).merge(category, 1L, Long::sum);
                }
            }
        }
        return counts;
    }
}
