package io.hashmatch.list;

import io.hashmatch.hash.HashKind;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.format.HashVariant;
import io.hashmatch.list.format.ListEntry;
import io.hashmatch.list.format.ListFormat;
import io.hashmatch.list.format.ListFormatException;
import io.hashmatch.list.format.ListImport;
import io.hashmatch.list.format.ListWriter;
import io.hashmatch.list.format.PdqRows;
import io.hashmatch.list.metadata.EncodedMetadata;
import io.hashmatch.list.metadata.EntryMetadata;
import io.hashmatch.list.metadata.EntryMetadataStore;
import io.hashmatch.video.VpdqFile;
import io.hashmatch.video.VpdqFormatException;
import io.hashmatch.video.VpdqFrame;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns list files into a snapshot plus its metadata file, and a snapshot back into a list file.
 *
 * <pre>{@code
 * ImportReport r = ListImporter.importLists(
 *     List.of(ListImport.Source.of(Path.of("vics.json")), ListImport.Source.of(Path.of("te.csv"))),
 *     "demo", "2026-11-29", Path.of("demo.hmsnap"));
 * try (HashListSnapshot s = HashListSnapshot.open(r.snapshot())) { ... }
 * }</pre>
 *
 * <p><b>Import.</b> Every source is read completely, in one pass ({@link ListImport#readInto}, staging the hashes
 * and the encoded metadata on the heap; a ThreatExchange CSV export of the common shape in bulk, by column, see
 * {@link ListImport.Sink#acceptPdqRows}), before anything is written: a bad line anywhere gives a
 * {@link ListImportException} naming file and line, and no file is written or changed. Then the snapshot is
 * built on this thread (and one more for its BK-tree) while the metadata file is written on another. Entries are numbered in input order (sources in the order given, records in file order); each
 * entry keeps every hash of its record, its category, its source list and its suppression flag
 * ({@link ListEntry#isSuppression()}) in the snapshot, and external id, tags, date added and PhotoDNA
 * (never matched) in the metadata file; an entry with none of these four gets no record there (see
 * {@link EntryMetadataStore}).
 *
 * <p><b>Snapshot and metadata never mismatch.</b> The snapshot's random file id is drawn first; the metadata is
 * written to {@code <snapshot file name>.<id>.meta} (atomically), and the snapshot (atomically) is renamed into
 * place only after that. A crash before
 * the snapshot's rename leaves the previous snapshot, which still names its own, untouched metadata file; the new
 * metadata file is an orphan, deleted by the next import. After a successful import, metadata files of the same
 * snapshot name other than the new one and the one of the snapshot just replaced (processes may still use it)
 * are deleted.
 *
 * <p><b>Memory.</b> Until the files are written the heap holds, per entry, its hashes (32 bytes per PDQ, the digest
 * bytes of each exact hash), 13 bytes of entry data and its encoded metadata (12 bytes of index plus the value, about
 * 70 bytes, shared by the rows of one group on the bulk path, none for an entry without a record), and during the
 * parse the duplicate check's 20-40 bytes per hash (general path) or the bulk rows' 36 bytes plus 8 for the
 * duplicate check (bulk path, {@link PdqRows}, freed once staged); the snapshot build then adds its index scratch
 * (see {@link SnapshotWriter}). Measured at 10 M PDQ entries: see
 * {@code bench/INDEX-RESULTS.md}, "Snapshot import and open".
 *
 * <p>Stateless; the methods are thread-safe, but two imports to the same target at once are not supported.
 */
public final class ListImporter {
    private static final Pattern METADATA_NAME =
            Pattern.compile("\\.[0-9a-f]{32}" + Pattern.quote(HashListSnapshot.METADATA_SUFFIX));

    private ListImporter() {}

    /**
     * Imports {@code sources} (merged, in order) as list {@code name} at {@code version} into {@code target}
     * and its metadata file beside it.
     *
     * @throws ListImportException if a source is invalid (nothing written)
     * @throws IOException if a source cannot be read or a file cannot be written (nothing left half-written:
     *     the target is the previous snapshot or the new one)
     * @throws IllegalArgumentException if {@code sources} is empty
     */
    public static ImportReport importLists(List<ListImport.Source> sources, String name, String version, Path target)
            throws IOException, ListImportException {
        return importLists(sources, name, version, target, new long[PHASES]);
    }

    /** Number of {@code phaseNanos} slots of {@link #importLists(List, String, String, Path, long[])}. */
    static final int PHASES = 4 + 7;

    /**
     * Same, recording nanoseconds in {@code phaseNanos}: [0] reading every source (parse, snapshot adds, metadata
     * encoding), [1] the snapshot write (index builds and file, including [3]), [2] the metadata store write (on
     * its own thread, in parallel with [1]), [3] the snapshot's wait for it before its rename, [4..10] the
     * snapshot writer's own phases ({@code SnapshotWriter.phaseNanos}). For the scale harness.
     */
    static ImportReport importLists(
            List<ListImport.Source> sources, String name, String version, Path target, long[] phaseNanos)
            throws IOException, ListImportException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("nothing to import: no source lists");
        }
        long start = System.nanoTime();
        // Chronicle Map compiles classes at first use: done on the spare core while this one parses.
        Thread.ofPlatform().daemon().name("metadata-store-warm-up").start(EntryMetadataStore::warmUp);
        SnapshotWriter writer = SnapshotWriter.create(name, version);
        EncodedMetadata metadata = new EncodedMetadata();
        EnumMap<HashKind, Long> perKind = new EnumMap<>(HashKind.class);
        for (HashKind k : HashKind.values()) {
            perKind.put(k, 0L);
        }
        // vPDQ files (one video each) are read and checked first; the other lists then go through ListImport
        List<ListImport.Source> lists = new ArrayList<>();
        List<@Nullable List<VpdqFrame>> videos = new ArrayList<>();
        for (ListImport.Source source : sources) {
            List<VpdqFrame> frames = readIfVpdq(source);
            videos.add(frames);
            if (frames == null) {
                lists.add(source);
            }
        }
        ListImport.Sink stage = new ListImport.Sink() {
            @Override
            public void accept(ListEntry entry) {
                int e = writer.addEntry(entry.category(), entry.sourceList(), entry.isSuppression());
                for (Map.Entry<HashKind, String> h : entry.hashes().entrySet()) {
                    perKind.merge(h.getKey(), 1L, Long::sum);
                    switch (h.getKey()) {
                        case PDQ -> {
                            // the whole image first, then its variants: the entry is their item
                            writer.addPdq(e, PdqHash.fromHex(h.getValue()), HashVariant.WHOLE, entry.pdqQuality());
                            for (ListEntry.VariantHash v : entry.variants()) {
                                writer.addPdq(e, PdqHash.fromHex(v.pdq()), v.variant(), v.quality());
                            }
                            perKind.merge(HashKind.PDQ, (long) entry.variants().size(), Long::sum);
                        }
                        case MD5 -> writer.addMd5(e, h.getValue());
                        case SHA1 -> writer.addSha1(e, h.getValue());
                        case SHA256 -> writer.addSha256(e, h.getValue());
                        case PHOTODNA -> {} // kept in the metadata only
                    }
                }
                String photoDna = entry.hash(HashKind.PHOTODNA);
                if (entry.externalId() == null
                        && entry.dateAdded() == null
                        && entry.tags().isEmpty()
                        && photoDna == null) {
                    metadata.addNone(); // category and source list are in the snapshot: no record (EntryMetadataStore)
                } else {
                    metadata.add(
                            entry.externalId(),
                            entry.category(),
                            entry.sourceList(),
                            entry.dateAdded(),
                            entry.tags(),
                            photoDna);
                }
            }

            // By column: the snapshot in bulk, and each group's metadata encoded once, shared by its rows.
            @Override
            public void acceptPdqRows(PdqRows rows) {
                writer.addPdqRows(rows);
                perKind.merge(HashKind.PDQ, (long) rows.size(), Long::sum);
                int[] firstValue = new int[rows.groupCount()];
                Arrays.fill(firstValue, -1);
                for (int i = 0; i < rows.size(); i++) {
                    int g = rows.group(i);
                    if (rows.tags(g).isEmpty()) {
                        metadata.addNone(); // category and source list are in the snapshot: no record
                        // (EntryMetadataStore)
                    } else if (firstValue[g] >= 0) {
                        metadata.addCopyOf(firstValue[g]);
                    } else {
                        firstValue[g] = metadata.size();
                        metadata.add(null, rows.category(g), rows.sourceList(g), null, rows.tags(g), null);
                    }
                }
            }
        };
        ListImport.Summary listSummary;
        try {
            // One pass: the sink only stages (snapshot hashes and encoded metadata on the heap) and nothing is
            // written before every source has been read to its end, so a bad line anywhere still leaves no file.
            listSummary =
                    lists.isEmpty() ? new ListImport.Summary(List.of(), List.of()) : ListImport.readInto(lists, stage);
        } catch (ListFormatException e) {
            throw new ListImportException(e);
        }
        // video entries after the list entries; entriesPerSource back in the order of the sources
        List<Long> perSource = new ArrayList<>();
        int nextList = 0;
        for (int i = 0; i < sources.size(); i++) {
            List<VpdqFrame> frames = videos.get(i);
            if (frames == null) {
                perSource.add(listSummary.entriesPerSource().get(nextList++));
                continue;
            }
            String sourceList = sources.get(i).file().getFileName().toString();
            int e = writer.addEntry(null, sourceList, false);
            writer.addVideo(e, frames);
            metadata.add(sourceList, null, sourceList, null, List.of(), null);
            perSource.add(1L);
        }
        ListImport.Summary summary = new ListImport.Summary(perSource, listSummary.warnings());
        phaseNanos[0] = System.nanoTime() - start;

        byte[] id = FramedFile.newId();
        byte @Nullable [] previousId = fileId(target);
        Path metadataFile = HashListSnapshot.metadataPath(target, id);
        // The metadata store is written on a second thread while this one builds the snapshot; the snapshot waits
        // for it before its rename, so the metadata file is in place before any snapshot names it.
        ExecutorService metadataThread = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("metadata-store-write").factory());
        Future<Void> metadataWrite = metadataThread.submit(() -> {
            long t = System.nanoTime();
            EntryMetadataStore.write(metadataFile, metadata);
            phaseNanos[2] = System.nanoTime() - t;
            return null;
        });
        boolean written = false;
        try {
            long t = System.nanoTime();
            writer.write(target, id, () -> {
                long waited = System.nanoTime();
                awaitMetadata(metadataWrite);
                phaseNanos[3] = System.nanoTime() - waited;
            });
            phaseNanos[1] = System.nanoTime() - t;
            System.arraycopy(writer.phaseNanos, 0, phaseNanos, 4, writer.phaseNanos.length);
            written = true;
        } finally {
            if (!written) {
                metadataThread.shutdownNow(); // interrupts the write
            }
            metadataThread.close(); // waits for the thread to end, even when interrupted
            if (!written) {
                Files.deleteIfExists(metadataFile);
            }
        }
        deleteOtherMetadata(target, id, previousId);

        return new ImportReport(
                target,
                metadataFile,
                HexFormat.of().formatHex(id),
                writer.entryCount(),
                summary.entriesPerSource(),
                perKind,
                summary.warnings(),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** Waits for the metadata write; its IOException or unchecked exception rethrown as is. */
    private static void awaitMetadata(Future<Void> task) throws IOException {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the metadata store");
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                case null, default -> throw new IllegalStateException("metadata store write failed", e.getCause());
            }
        }
    }

    /**
     * The frames of a vPDQ source: one with format {@link ListFormat#VPDQ}, or with format auto whose first line
     * has the shape of a vPDQ line; null for any other list.
     */
    private static @Nullable List<VpdqFrame> readIfVpdq(ListImport.Source source)
            throws IOException, ListImportException {
        ListFormat format = source.options().format();
        Path file = source.file();
        if (format == null) {
            try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String first = reader.readLine();
                if (first == null || !VpdqFile.looksLikeVpdq(first)) {
                    return null;
                }
            } catch (java.nio.charset.CharacterCodingException e) {
                return null; // not UTF-8 text: certainly not vPDQ; the list readers report what it is
            }
        } else if (format != ListFormat.VPDQ) {
            return null;
        }
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return VpdqFile.read(reader, file.toString());
        } catch (VpdqFormatException e) {
            String prefix = file + ":" + e.line() + ": ";
            String message = Objects.requireNonNull(e.getMessage()); // VpdqFormatException always has one
            String reason = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
            throw new ListImportException(new ListFormatException(file.toString(), e.line(), 0, reason));
        }
    }

    /**
     * Writes the entries of {@code snapshot} as a list file of {@code format} ({@link ListWriter#WRITTEN}: VICS 2.0
     * JSON, CSV, hash JSON Lines, ICSE CSV, NCMEC XML, checksum lines) to {@code out}, in entry order; the same as
     * {@link #export(HashListSnapshot, EntryMetadataStore, ListFormat, HashKind, OutputStream)} without a kind.
     *
     * @throws IllegalArgumentException if hashmatch does not write {@code format}, or it is a hex list (needs a kind)
     * @throws IOException if writing fails
     */
    public static int export(
            HashListSnapshot snapshot, @Nullable EntryMetadataStore metadata, ListFormat format, OutputStream out)
            throws IOException {
        return export(snapshot, metadata, format, null, out);
    }

    /**
     * Writes the entries of {@code snapshot} as a list file of {@code format} (see {@link ListWriter}) to
     * {@code out}, in entry order. Each entry gets every hash of the snapshot, its category and source list; with
     * {@code metadata} also its external id, tags, date added and PhotoDNA; the writer keeps what its format holds.
     * Entries with no hash left (a PhotoDNA-only record exported without metadata), or none the format holds, are
     * skipped. Re-importing the file gives the same entries, up to what the format holds. {@code out} is flushed,
     * not closed.
     *
     * <p>Memory: the hashes of all entries are gathered first (about 200 bytes per entry).
     *
     * @param metadata the snapshot's metadata ({@link HashListSnapshot#metadata()}), or null to export without it
     * @param kind the one hash kind of a hex list (required) or of checksum lines (optional), else null
     * @return the number of entries written
     * @throws IllegalArgumentException if the writer refuses {@code format} and {@code kind}
     *     ({@link ListWriter#open(OutputStream, ListFormat, HashKind)})
     * @throws IOException if writing fails
     */
    public static int export(
            HashListSnapshot snapshot,
            @Nullable EntryMetadataStore metadata,
            ListFormat format,
            @Nullable HashKind kind,
            OutputStream out)
            throws IOException {
        return export(snapshot, metadata, format, kind, null, out);
    }

    /**
     * As {@link #export(HashListSnapshot, EntryMetadataStore, ListFormat, HashKind, OutputStream)}, with the NCMEC
     * member id of the entries that have none of their own ({@link ListWriter#ncmec}).
     *
     * @param ncmecMember the member id for {@link ListFormat#NCMEC_XML}, or null; must be null for other formats
     * @throws IllegalArgumentException as the other export, or if a member id is given for another format or is not
     *     positive
     */
    public static int export(
            HashListSnapshot snapshot,
            @Nullable EntryMetadataStore metadata,
            ListFormat format,
            @Nullable HashKind kind,
            @Nullable Long ncmecMember,
            OutputStream out)
            throws IOException {
        if (ncmecMember != null && format != ListFormat.NCMEC_XML) {
            throw new IllegalArgumentException(
                    "an NCMEC member id is written in NCMEC XML only, not in " + format.cliName());
        }
        int n = snapshot.entryCount();
        @SuppressWarnings("unchecked")
        EnumMap<HashKind, String>[] hashes = (EnumMap<HashKind, String>[]) new EnumMap<?, ?>[n];
        @SuppressWarnings("unchecked")
        List<ListEntry.VariantHash>[] variants = (List<ListEntry.VariantHash>[]) new List<?>[n];
        int[] quality = new int[n];
        Arrays.fill(quality, ListEntry.QUALITY_UNKNOWN);
        for (int i = 0; i < snapshot.pdqCount(); i++) {
            int e = snapshot.pdqEntry(i);
            HashVariant variant = snapshot.pdqVariant(i);
            if (variant.isOriginal()) {
                hashesOf(hashes, e).put(HashKind.PDQ, snapshot.pdqHash(i).toHex());
                quality[e] = snapshot.pdqQuality(i);
            } else {
                if (variants[e] == null) {
                    variants[e] = new ArrayList<>();
                }
                int q = snapshot.pdqQuality(i);
                variants[e].add(
                        new ListEntry.VariantHash(variant, snapshot.pdqHash(i).toHex(), Math.max(0, q)));
            }
        }
        for (HashKind exact : List.of(HashKind.MD5, HashKind.SHA1, HashKind.SHA256)) {
            ExactHashTable table = snapshot.exactTable(exact);
            for (long i = 0; i < table.size(); i++) {
                hashesOf(hashes, table.entryAt(i)).put(exact, table.digestHex(i));
            }
        }
        int written = 0;
        try (ListWriter w = ncmecMember != null
                ? ListWriter.ncmec(new UnclosedStream(out), ncmecMember)
                : ListWriter.open(new UnclosedStream(out), format, kind)) {
            for (int e = 0; e < n; e++) {
                EntryMetadata m = metadata == null ? null : metadata.get(e).orElse(null);
                EnumMap<HashKind, String> h = hashes[e] == null ? new EnumMap<>(HashKind.class) : hashes[e];
                if (m != null && m.photoDna() != null) {
                    h.put(HashKind.PHOTODNA, m.photoDna());
                }
                if (h.isEmpty()) {
                    continue;
                }
                String source = snapshot.sourceList(e);
                boolean pdq = h.containsKey(HashKind.PDQ); // variants are written with their whole image only
                boolean kept = w.write(new ListEntry(
                        h,
                        m == null ? null : m.externalId(),
                        snapshot.category(e),
                        m == null ? List.of() : m.tags(),
                        source == null ? snapshot.name() : source,
                        m == null ? null : m.dateAdded(),
                        0,
                        pdq && variants[e] != null ? variants[e] : List.of(),
                        pdq ? quality[e] : ListEntry.QUALITY_UNKNOWN));
                hashes[e] = null;
                variants[e] = null;
                if (kept) {
                    written++;
                }
            }
        }
        return written;
    }

    private static EnumMap<HashKind, String> hashesOf(EnumMap<HashKind, String>[] hashes, int entry) {
        if (hashes[entry] == null) {
            hashes[entry] = new EnumMap<>(HashKind.class);
        }
        return hashes[entry];
    }

    /** The file id of an existing snapshot at {@code path}, or null when there is none (or it is not one). */
    private static byte @Nullable [] fileId(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(32);
            long magic = java.nio.ByteBuffer.wrap(head)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .getLong(0);
            return head.length == 32 && magic == FramedFile.MAGIC ? Arrays.copyOfRange(head, 16, 32) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Deletes {@code <target name>.<id>.meta} files of ids other than {@code keep} and {@code previous}. */
    private static void deleteOtherMetadata(Path target, byte[] keep, byte @Nullable [] previous) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String prefix = target.getFileName().toString();
        Path keepName = HashListSnapshot.metadataPath(target, keep).getFileName();
        Path previousName = previous == null
                ? null
                : HashListSnapshot.metadataPath(target, previous).getFileName();
        // Not a glob: the snapshot's name may hold glob characters.
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                boolean ours = name.startsWith(prefix)
                        && METADATA_NAME
                                .matcher(name.substring(prefix.length()))
                                .matches();
                if (ours
                        && !f.getFileName().equals(keepName)
                        && !f.getFileName().equals(previousName)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** Lets a {@link ListWriter} close its stream without closing the caller's. */
    private static final class UnclosedStream extends FilterOutputStream {
        UnclosedStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
