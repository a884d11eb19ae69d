package io.hashmatch.list;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.index.IndexPlanner;
import io.hashmatch.index.IndexStrategy;
import io.hashmatch.list.format.HashVariant;
import io.hashmatch.list.format.ListEntry;
import io.hashmatch.list.format.PdqRows;
import io.hashmatch.video.VpdqFrame;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * Collects the hashes of a list's entries and writes them as one {@link HashListSnapshot} file,
 * atomically: the target is replaced only once the new file is complete and on disk.
 *
 * <pre>{@code
 * SnapshotWriter w = SnapshotWriter.create("demo", "2026-11-29");
 * int e = w.addEntry("POSITIVE_CLASS", "vendor-a", false);
 * w.addPdq(e, PdqHash.fromHex(hex));
 * w.addMd5(e, md5Hex);
 * w.write(Path.of("demo.hmsnap"));
 * }</pre>
 *
 * <p>Not thread-safe. Holds the hashes on the heap until {@link #write(Path)}, which builds the BK-tree index on a
 * second thread of its own, in parallel with the other sections.
 */
public final class SnapshotWriter {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final String name;
    private final String version;
    private final Instant created;
    private int entries;
    private long[] pdq = new long[64];
    private int[] pdqEntries = new int[16];
    private int pdqCount;
    // PDQ records that are a variant or carry a quality (pdq.variants, sparse): record number, then the packed
    // kind | transform << 8 | quality << 16 (quality 255 = unknown), then the rectangle's four ints.
    private int[] variantRecords = new int[0];
    private int[] variantCodes = new int[0];
    private int[] variantRects = new int[0];
    private int variantCount;
    private final List<VpdqFrame> videoFrames = new ArrayList<>();
    private final List<Integer> videoEntries = new ArrayList<>();
    private final List<Integer> videoFirstFrames = new ArrayList<>();
    private final Digests md5 = new Digests(16);
    private final Digests sha1 = new Digests(20);
    private final Digests sha256 = new Digests(32);
    // Per entry, indexed by entry number: category and source-list codes into the string tables, and flags.
    private int[] entryCategory = new int[16];
    private int[] entrySource = new int[16];
    private byte[] entryFlags = new byte[16];
    private final StringTable categories = new StringTable();
    private final StringTable sources = new StringTable();
    /**
     * Nanoseconds spent by the last {@link #write}: [0] exact-digest tables, [{@link #indexPhase}] each index
     * build (1-3), [4] writing the file (CRCs, copy, force, rename), [5] before the BK-tree thread starts (hash
     * section), [6] waiting for the BK-tree. Read by {@code SnapshotScaleExperiment}; a few {@code nanoTime}
     * calls per write.
     */
    final long[] phaseNanos = new long[7];

    /** The {@link #phaseNanos} slot of an index strategy's build. */
    static int indexPhase(IndexStrategy strategy) {
        return switch (strategy) {
            case BRUTE_FORCE -> 1;
            case BK_TREE -> 2;
            case MULTI_INDEX -> 3;
        };
    }

    private SnapshotWriter(String name, String version, Instant created) {
        this.name = name;
        this.version = version;
        this.created = created;
    }

    /** A writer for list {@code name} at {@code version} (free-form labels kept in the header). */
    public static SnapshotWriter create(String name, String version) {
        return new SnapshotWriter(Objects.requireNonNull(name), Objects.requireNonNull(version), Instant.now());
    }

    /** Same, with a fixed creation time (reproducible files in tests). */
    public static SnapshotWriter create(String name, String version, Instant created) {
        return new SnapshotWriter(Objects.requireNonNull(name), Objects.requireNonNull(version), created);
    }

    /** Starts a new entry without category or source list, not a suppression entry; returns its number (0, 1, 2, ...). */
    public int addEntry() {
        return addEntry(null, null, false);
    }

    /**
     * Starts a new entry and returns its number (0, 1, 2, ...).
     *
     * @param category the entry's category as the list states it (VICS category, ThreatExchange opinion), or null
     * @param sourceList the list the entry came from (merged lists keep each entry's source), or null
     * @param suppression whether the entry marks a known non-match (ThreatExchange {@code NEGATIVE_CLASS}):
     *     matchers use its hits to cancel other hits instead of reporting a match
     * @throws IllegalStateException if the snapshot already holds {@code Integer.MAX_VALUE} entries
     */
    public int addEntry(@Nullable String category, @Nullable String sourceList, boolean suppression) {
        if (entries == Integer.MAX_VALUE) {
            throw new IllegalStateException("a snapshot holds at most " + Integer.MAX_VALUE + " entries");
        }
        if (entries == entryFlags.length) {
            int grown = (int) Math.min(Integer.MAX_VALUE, entries * 2L);
            entryCategory = java.util.Arrays.copyOf(entryCategory, grown);
            entrySource = java.util.Arrays.copyOf(entrySource, grown);
            entryFlags = java.util.Arrays.copyOf(entryFlags, grown);
        }
        entryCategory[entries] = categories.code(category);
        entrySource[entries] = sources.code(sourceList);
        entryFlags[entries] = suppression ? HashListSnapshot.FLAG_SUPPRESSION : 0;
        return entries++;
    }

    /**
     * Starts a removed entry (no hash, no category; {@link HashListSnapshot#isRemoved}): the place of an entry that a
     * compaction dropped, so that later entries keep their numbers. Returns its number.
     */
    int addRemovedEntry() {
        int e = addEntry(null, null, false);
        entryFlags[e] = HashListSnapshot.FLAG_REMOVED;
        return e;
    }

    /**
     * Adds a video (its vPDQ frames, in order) to entry {@code entry}; an entry may carry several videos.
     *
     * @throws IllegalArgumentException if the entry was not added
     * @throws IllegalStateException if the snapshot would hold more than {@code Integer.MAX_VALUE / 32} frames
     */
    public void addVideo(int entry, List<VpdqFrame> frames) {
        checkEntry(entry);
        if ((long) videoFrames.size() + frames.size() > Integer.MAX_VALUE / 32) {
            throw new IllegalStateException("a snapshot holds at most " + Integer.MAX_VALUE / 32 + " video frames");
        }
        videoEntries.add(entry);
        videoFirstFrames.add(videoFrames.size());
        videoFrames.addAll(frames);
    }

    /** Number of entries added so far. */
    public int entryCount() {
        return entries;
    }

    /** Adds a PDQ hash to entry {@code entry}. */
    public void addPdq(int entry, PdqHash hash) {
        checkEntry(entry);
        if (pdqCount * 4 == pdq.length) {
            pdq = java.util.Arrays.copyOf(pdq, pdq.length * 2);
            pdqEntries = java.util.Arrays.copyOf(pdqEntries, pdqEntries.length * 2);
        }
        pdq[pdqCount * 4] = hash.w0();
        pdq[pdqCount * 4 + 1] = hash.w1();
        pdq[pdqCount * 4 + 2] = hash.w2();
        pdq[pdqCount * 4 + 3] = hash.w3();
        pdqEntries[pdqCount++] = entry;
    }

    /**
     * Adds a PDQ hash of a variant of entry {@code entry}'s image (or of the whole image, with its quality): the
     * entry is the <i>item</i>, and each of its PDQ hashes keeps which variant it is
     * ({@link HashListSnapshot#pdqVariant(int)}, {@link HashListSnapshot#pdqQuality(int)}). A snapshot with such
     * hashes holds a {@code pdq.variants} section.
     *
     * @param quality the hash's PDQ quality 0..100, or -1 when not known
     * @throws IllegalArgumentException if the entry was not added or the quality is outside -1..100
     */
    public void addPdq(int entry, PdqHash hash, HashVariant variant, int quality) {
        Objects.requireNonNull(variant, "variant");
        if (quality < -1 || quality > 100) {
            throw new IllegalArgumentException("quality must be 0..100 or -1 (unknown), got " + quality);
        }
        addPdq(entry, hash);
        if (variant.isOriginal() && !variant.hasRect() && quality < 0) {
            return; // what every PDQ record without a pdq.variants record is
        }
        if (variantCount == variantRecords.length) {
            int grown = Math.max(16, variantCount * 2);
            variantRecords = java.util.Arrays.copyOf(variantRecords, grown);
            variantCodes = java.util.Arrays.copyOf(variantCodes, grown);
            variantRects = java.util.Arrays.copyOf(variantRects, 4 * grown);
        }
        variantRecords[variantCount] = pdqCount - 1;
        variantCodes[variantCount] = variant.kindCode()
                | variant.transformCode() << 8
                | (quality < 0 ? HashListSnapshot.QUALITY_UNKNOWN_CODE : quality) << 16;
        variantRects[4 * variantCount] = variant.x();
        variantRects[4 * variantCount + 1] = variant.y();
        variantRects[4 * variantCount + 2] = variant.width();
        variantRects[4 * variantCount + 3] = variant.height();
        variantCount++;
    }

    /**
     * Adds one entry per row of {@code rows}, each with its PDQ hash, category, source list and suppression flag
     * ({@link ListEntry#isSuppression()}): what {@link #addEntry} and {@link #addPdq} per row would do, with the
     * string-table lookups done once per group. Returns the number of the first entry added.
     *
     * @throws IllegalStateException if the snapshot would hold more than {@code Integer.MAX_VALUE} entries
     */
    int addPdqRows(PdqRows rows) {
        int n = rows.size();
        if ((long) entries + n > Integer.MAX_VALUE - 8 || (long) pdqCount + n > Integer.MAX_VALUE / 4 - 8) {
            throw new IllegalStateException("a snapshot holds at most " + (Integer.MAX_VALUE - 8) + " entries");
        }
        int first = entries;
        if (entries + n > entryFlags.length) {
            int grown = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(entries + (long) n, entries * 2L));
            entryCategory = java.util.Arrays.copyOf(entryCategory, grown);
            entrySource = java.util.Arrays.copyOf(entrySource, grown);
            entryFlags = java.util.Arrays.copyOf(entryFlags, grown);
        }
        if (4 * (pdqCount + n) > pdq.length) {
            int grown = (int) Math.min(Integer.MAX_VALUE / 4 - 8, Math.max(pdqCount + (long) n, pdqCount * 2L));
            pdq = java.util.Arrays.copyOf(pdq, 4 * grown);
            pdqEntries = java.util.Arrays.copyOf(pdqEntries, grown);
        }
        rows.copyHashes(pdq, 4 * pdqCount);
        // Codes in order of first appearance, as per-row addEntry calls would assign them.
        int[] categoryOf = new int[rows.groupCount()];
        int[] sourceOf = new int[rows.groupCount()];
        boolean[] seen = new boolean[rows.groupCount()];
        for (int i = 0; i < n; i++) {
            int g = rows.group(i);
            if (!seen[g]) {
                seen[g] = true;
                categoryOf[g] = categories.code(rows.category(g));
                sourceOf[g] = sources.code(rows.sourceList(g));
            }
            int e = entries + i;
            entryCategory[e] = categoryOf[g];
            entrySource[e] = sourceOf[g];
            entryFlags[e] = ListEntry.NEGATIVE_CLASS.equals(rows.category(g)) ? HashListSnapshot.FLAG_SUPPRESSION : 0;
            pdqEntries[pdqCount + i] = e;
        }
        entries += n;
        pdqCount += n;
        return first;
    }

    /** Adds an MD5 (32 hex digits) to entry {@code entry}. */
    public void addMd5(int entry, String hex) {
        checkEntry(entry);
        md5.add(entry, hex);
    }

    /** Adds a SHA-1 (40 hex digits) to entry {@code entry}. */
    public void addSha1(int entry, String hex) {
        checkEntry(entry);
        sha1.add(entry, hex);
    }

    /** Adds a SHA-256 (64 hex digits) to entry {@code entry}. */
    public void addSha256(int entry, String hex) {
        checkEntry(entry);
        sha256.add(entry, hex);
    }

    /**
     * Writes the snapshot to {@code target} atomically (temporary file, forced, renamed): a crash at any
     * moment leaves the previous file at {@code target} or the complete new one.
     */
    public void write(Path target) throws IOException {
        write(target, FramedFile.newId());
    }

    /** Same, with the file id given (16 bytes): the importer names the metadata file after it first. */
    void write(Path target, byte[] id) throws IOException {
        write(target, id, () -> {});
    }

    /**
     * Same, running {@code beforeRename} once the new file is complete and forced, before it replaces the target
     * (an exception from it leaves the target untouched): the importer commits the metadata file there.
     */
    void write(Path target, byte[] id, FramedFile.BeforeRename beforeRename) throws IOException {
        long t0 = System.nanoTime();
        MemorySegment hashes = MemorySegment.ofArray(new byte[Math.multiplyExact(pdqCount, 32)]);
        MemorySegment entryNumbers = MemorySegment.ofArray(new byte[Math.multiplyExact(pdqCount, 4)]);
        // Bulk copies (little-endian, as the per-element layouts say): the words are already in file order.
        MemorySegment.copy(pdq, 0, hashes, LONG, 0, 4 * pdqCount);
        MemorySegment.copy(pdqEntries, 0, entryNumbers, INT, 0, pdqCount);
        // The BK-tree build, the longest phase, depends only on the hashes: it runs on a second thread while this
        // one builds the exact tables and the other indexes. The arena is shared because that thread allocates the
        // BK-tree section; resources close in reverse order, so the executor's close() waits for the build (even
        // when interrupted) before the arena is closed under it.
        try (Arena arena = Arena.ofShared();
                ExecutorService bkTreeThread = Executors.newSingleThreadExecutor(
                        Thread.ofPlatform().name("snapshot-bk-tree").factory())) {
            Future<MemorySegment> bkTree = bkTreeThread.submit(() -> {
                long t = System.nanoTime();
                MemorySegment section = IndexStrategy.BK_TREE.build(hashes, arena);
                phaseNanos[indexPhase(IndexStrategy.BK_TREE)] = System.nanoTime() - t;
                return section;
            });
            phaseNanos[5] = System.nanoTime() - t0;
            long tExact = System.nanoTime();
            List<FramedFile.Section> sections = new ArrayList<>();
            sections.add(new FramedFile.Section(HashListSnapshot.PDQ_HASHES, hashes, 0));
            sections.add(new FramedFile.Section(HashListSnapshot.PDQ_ENTRIES, entryNumbers, 0));
            if (variantCount > 0) {
                sections.add(new FramedFile.Section(HashListSnapshot.PDQ_VARIANTS, variantSection(), 0));
            }
            sections.add(new FramedFile.Section(HashListSnapshot.MD5, md5.build(), 0));
            sections.add(new FramedFile.Section(HashListSnapshot.SHA1, sha1.build(), 0));
            sections.add(new FramedFile.Section(HashListSnapshot.SHA256, sha256.build(), 0));
            phaseNanos[0] = System.nanoTime() - tExact;
            MemorySegment category = MemorySegment.ofArray(new byte[Math.multiplyExact(entries, 4)]);
            MemorySegment source = MemorySegment.ofArray(new byte[Math.multiplyExact(entries, 4)]);
            MemorySegment.copy(entryCategory, 0, category, INT, 0, entries);
            MemorySegment.copy(entrySource, 0, source, INT, 0, entries);
            sections.add(new FramedFile.Section(
                    HashListSnapshot.ENTRY_FLAGS,
                    MemorySegment.ofArray(java.util.Arrays.copyOf(entryFlags, entries)),
                    0));
            sections.add(new FramedFile.Section(HashListSnapshot.ENTRY_CATEGORY, category, 0));
            sections.add(new FramedFile.Section(HashListSnapshot.CATEGORIES, categories.encode(), 0));
            sections.add(new FramedFile.Section(HashListSnapshot.ENTRY_SOURCE, source, 0));
            sections.add(new FramedFile.Section(HashListSnapshot.SOURCES, sources.encode(), 0));
            addVideoSections(sections, arena);
            // Every index strategy is laid out in the file, so that opening builds nothing whichever is used. The
            // others are built first, while the BK-tree thread runs; the sections then go in strategy order.
            EnumMap<IndexStrategy, MemorySegment> index = new EnumMap<>(IndexStrategy.class);
            for (IndexStrategy strategy : IndexStrategy.values()) {
                if (strategy != IndexStrategy.BK_TREE) {
                    long t = System.nanoTime();
                    index.put(strategy, strategy.build(hashes, arena));
                    phaseNanos[indexPhase(strategy)] = System.nanoTime() - t;
                }
            }
            long waited = System.nanoTime();
            index.put(IndexStrategy.BK_TREE, await(bkTree));
            phaseNanos[6] = System.nanoTime() - waited;
            for (IndexStrategy strategy : IndexStrategy.values()) {
                sections.add(new FramedFile.Section(
                        HashListSnapshot.indexSection(strategy), Objects.requireNonNull(index.get(strategy)), 0));
            }
            long t = System.nanoTime();
            FramedFile.write(
                    target,
                    id,
                    // Every list: the multi-index section's layout (wide buckets) is what versions 1-7 cannot hold.
                    HashListSnapshot.VERSION_CURRENT,
                    created.toEpochMilli(),
                    entries,
                    name,
                    version,
                    sections,
                    beforeRename);
            phaseNanos[4] = System.nanoTime() - t;
        }
    }

    /** {@code pdq.variants}: {@value HashListSnapshot#VARIANT_RECORD} bytes per record (FORMAT.md). */
    private MemorySegment variantSection() {
        MemorySegment section =
                MemorySegment.ofArray(new byte[Math.multiplyExact(variantCount, HashListSnapshot.VARIANT_RECORD)]);
        for (int i = 0; i < variantCount; i++) {
            long at = (long) i * HashListSnapshot.VARIANT_RECORD;
            section.set(INT, at, variantRecords[i]);
            section.set(INT, at + 4, variantCodes[i]); // kind, transform, quality, reserved 0: bytes 4..7
            for (int k = 0; k < 4; k++) {
                section.set(INT, at + 8 + 4L * k, variantRects[4 * i + k]);
            }
        }
        return section;
    }

    /** {@code video.frames}, {@code video.frame_info}, {@code video.entries} and {@code index.video} (FORMAT.md). */
    private void addVideoSections(List<FramedFile.Section> sections, Arena arena) {
        int n = videoFrames.size();
        MemorySegment frames = MemorySegment.ofArray(new byte[n * 32]);
        MemorySegment info = MemorySegment.ofArray(new byte[Math.multiplyExact(n, 12)]);
        for (int i = 0; i < n; i++) {
            VpdqFrame f = videoFrames.get(i);
            frames.set(LONG, i * 32L, f.hash().w0());
            frames.set(LONG, i * 32L + 8, f.hash().w1());
            frames.set(LONG, i * 32L + 16, f.hash().w2());
            frames.set(LONG, i * 32L + 24, f.hash().w3());
            info.set(INT, i * 12L, f.frameIndex());
            info.set(INT, i * 12L + 4, f.quality());
            info.set(INT, i * 12L + 8, Float.floatToRawIntBits(f.timestampSeconds()));
        }
        MemorySegment videos = MemorySegment.ofArray(new byte[Math.multiplyExact(videoEntries.size(), 8)]);
        for (int v = 0; v < videoEntries.size(); v++) {
            videos.set(INT, v * 8L, videoEntries.get(v));
            videos.set(INT, v * 8L + 4, videoFirstFrames.get(v));
        }
        IndexStrategy strategy = IndexPlanner.choose(HashListSnapshot.VIDEO_INDEX_RADIUS, n);
        sections.add(new FramedFile.Section(HashListSnapshot.VIDEO_FRAMES, frames, 0));
        sections.add(new FramedFile.Section(HashListSnapshot.VIDEO_FRAME_INFO, info, 0));
        sections.add(new FramedFile.Section(HashListSnapshot.VIDEO_ENTRIES, videos, 0));
        sections.add(new FramedFile.Section(HashListSnapshot.VIDEO_INDEX, strategy.build(frames, arena), 0));
    }

    /** The task's result; its exception rethrown as is when unchecked. */
    private static MemorySegment await(Future<MemorySegment> task) throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while building the BK-tree index");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("BK-tree index build failed", e.getCause());
        }
    }

    private void checkEntry(int entry) {
        if (entry < 0 || entry >= entries) {
            throw new IllegalArgumentException("entry " + entry + " was not added (entries: " + entries + ")");
        }
    }

    /**
     * Digests of one kind with their entries, until written: the digests back to back in one {@code byte[]}
     * (no array object per digest: 16-20 bytes of data would carry 16 bytes of header and an 8-byte pointer).
     */
    private static final class Digests {
        final int length;
        byte[] bytes;
        int[] entries = new int[16];
        int count;

        Digests(int length) {
            this.length = length;
            this.bytes = new byte[16 * length];
        }

        void add(int entry, String hex) {
            if (hex.length() != length * 2) {
                throw new IllegalArgumentException(
                        "expected " + length * 2 + " hex digits, got " + hex.length() + ": " + hex);
            }
            if (count == entries.length) {
                long grown = Math.min((long) count * 2, (Integer.MAX_VALUE - 8) / length);
                if (grown <= count) {
                    throw new IllegalStateException(
                            "a snapshot holds at most " + count + " digests of " + length + " bytes");
                }
                entries = java.util.Arrays.copyOf(entries, (int) grown);
                bytes = java.util.Arrays.copyOf(bytes, (int) grown * length);
            }
            int at = count * length;
            for (int k = 0; k < length; k++) { // throws IllegalArgumentException on a non-hex digit, like parseHex
                bytes[at + k] = (byte) HexFormat.fromHexDigits(hex, 2 * k, 2 * k + 2);
            }
            entries[count++] = entry;
        }

        MemorySegment build() {
            return ExactHashTable.build(bytes, entries, count, length);
        }
    }
}
