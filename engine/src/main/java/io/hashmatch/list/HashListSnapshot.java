package io.hashmatch.list;

import io.hashmatch.hash.HashKind;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.index.HammingIndex;
import io.hashmatch.index.IndexPlanner;
import io.hashmatch.index.IndexStrategy;
import io.hashmatch.list.format.HashVariant;
import io.hashmatch.list.metadata.EntryMetadataStore;
import io.hashmatch.video.VideoIndex;
import io.hashmatch.video.VpdqFrame;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One immutable version of a hash list, memory-mapped read-only from its snapshot file. Opening builds
 * nothing: the PDQ hashes, the sorted exact-hash tables and the index structures are used where they lie
 * in the file, so opening costs the same for ten thousand or a hundred million hashes and every process
 * on a machine shares the same pages.
 *
 * <p>File format: {@link FramedFile} (header with list name, version, creation time, entry count; named
 * sections; CRC32C footer) with these sections, documented byte by byte in {@code hashlists/FORMAT.md}:
 * <ul>
 *   <li>{@code pdq.hashes}: one 32-byte record per PDQ hash, the four 64-bit words w0..w3 of
 *       {@link PdqHash} little-endian;</li>
 *   <li>{@code pdq.entries}: int32 entry number per PDQ record (entries without a PDQ hash have none);</li>
 *   <li>{@code pdq.variants} (version 3): for the PDQ records that are a variant of their entry's image (a region,
 *       a transform) or carry a quality, which variant ({@link #pdqVariant}) and the quality;</li>
 *   <li>{@code md5}, {@code sha1}, {@code sha256}: sorted digests with entry numbers ({@link ExactHashTable});</li>
 *   <li>{@code entries.flags}: uint8 per entry, bit 0 = suppression entry ({@link #isSuppression}), bit 1 = removed
 *       entry, kept empty so that entry numbers stay the same across compactions ({@link #isRemoved});</li>
 *   <li>{@code entries.category} and {@code categories}: int32 per entry, an index into the string table of
 *       categories or -1 ({@link #category});</li>
 *   <li>{@code entries.source} and {@code sources}: the same for the source list ({@link #sourceList});</li>
 *   <li>{@code index.brute_force}, {@code index.bk_tree}, {@code index.multi_index}: the sections of the
 *       three {@link IndexStrategy Hamming index strategies} over {@code pdq.hashes} (from version 4, the
 *       multi-index section carries a 128-bit fold of each hash that rejects most candidates before their hash is
 *       read; from version 5, its tables hold up to two entries per chunk value inline; from version 6, each entry
 *       there carries a tag of the next chunk's bits that rejects most of the other candidates before their fold;
 *       from version 7, an entry alone in its slot or in an overflow posting carries the whole next chunk; from
 *       version 8, it has wide buckets of 16-bit chunks instead, each entry with a tag of the next two chunks,
 *       scanned as a stream, and no fold array).</li>
 * </ul>
 * So matching (category, source, suppression included) needs nothing but this file. The rest of the
 * per-entry metadata (external id, tags, date added, PhotoDNA) lives in a Chronicle Map file beside it,
 * named after this file and its id ({@link #metadataPath()}), opened only on demand ({@link #metadata()}).
 *
 * <p>Thread-safe once open. {@link #close()} unmaps the file; using the snapshot afterwards throws
 * {@link IllegalStateException}.
 */
public final class HashListSnapshot implements AutoCloseable {
    /** First format version this build reads. */
    public static final int VERSION_START = 1;
    /**
     * Format version this build writes, for every list: 8, whose {@code index.multi_index} section (and a
     * multi-index {@code index.video}) has wide buckets: offset tables and postings of (above 32 768 entries) sixteen
     * 16-bit chunks, and beside every posting a tag of the entry's next two chunks, which a search scans as a stream
     * (index layout version 6). Version 7 (layout 5: tagged slot tables with the rest of the next chunk beside lone
     * entries and postings, folds), version 6 (layout 4: tags only), version 5 (layout 3: no tags), version 4 (layout
     * 2: offset tables and folds) and versions 1 to 3 (layout 1: offset tables, no fold) are still read and searched,
     * with the same hits.
     */
    public static final int VERSION_CURRENT = 8;

    static final String PDQ_HASHES = "pdq.hashes";
    static final String PDQ_ENTRIES = "pdq.entries";
    static final String PDQ_VARIANTS = "pdq.variants";
    /** Bytes per {@code pdq.variants} record: record, kind, transform, quality, reserved, x, y, width, height. */
    static final int VARIANT_RECORD = 24;
    /** The quality byte of a {@code pdq.variants} record whose quality is not known. */
    static final int QUALITY_UNKNOWN_CODE = 255;

    static final String MD5 = "md5";
    static final String SHA1 = "sha1";
    static final String SHA256 = "sha256";
    static final String ENTRY_FLAGS = "entries.flags";
    static final String ENTRY_CATEGORY = "entries.category";
    static final String CATEGORIES = "categories";
    static final String ENTRY_SOURCE = "entries.source";
    static final String SOURCES = "sources";
    /** Bit 0 of {@code entries.flags}: the entry suppresses matches (ThreatExchange NEGATIVE_CLASS). */
    static final byte FLAG_SUPPRESSION = 1;
    /** Bit 1 of {@code entries.flags}: the entry was removed before this version was written; it holds no hash. */
    static final byte FLAG_REMOVED = 2;
    /** Extension of the metadata file: {@code <snapshot file name>.<32 hex id>.meta}. */
    static final String METADATA_SUFFIX = ".meta";

    static final String VIDEO_FRAMES = "video.frames";
    static final String VIDEO_FRAME_INFO = "video.frame_info";
    static final String VIDEO_ENTRIES = "video.entries";
    static final String VIDEO_INDEX = "index.video";
    /** Radius the video index strategy is planned for: the reference matcher's distance 31, strictly below. */
    static final int VIDEO_INDEX_RADIUS = 30;

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final FramedFile file;
    private final MemorySegment pdqHashes;
    private final MemorySegment pdqEntries;
    private final int pdqCount;
    private final MemorySegment pdqVariants;
    private final ExactHashTable md5;
    private final ExactHashTable sha1;
    private final ExactHashTable sha256;
    private final EnumMap<IndexStrategy, HammingIndex> indexes = new EnumMap<>(IndexStrategy.class);
    private final MemorySegment entryFlags;
    private final MemorySegment entryCategory;
    private final MemorySegment entrySource;
    private final List<String> categories;
    private final List<String> sources;
    private final MemorySegment videoFrames;
    private final MemorySegment videoFrameInfo;
    private final MemorySegment videoEntries;
    private final @Nullable MemorySegment videoIndexSection;
    private volatile @Nullable VideoIndex videoIndex;
    private final Object metadataLock = new Object();
    private volatile @Nullable EntryMetadataStore metadata;
    private boolean closed;

    private HashListSnapshot(FramedFile file) throws FileFormatException {
        this.file = file;
        this.pdqHashes = file.section(PDQ_HASHES);
        this.pdqEntries = file.section(PDQ_ENTRIES);
        if (pdqHashes.byteSize() % 32 != 0
                || pdqHashes.byteSize() / 32 != pdqEntries.byteSize() / 4
                || pdqEntries.byteSize() % 4 != 0
                || pdqHashes.byteSize() / 32 > Integer.MAX_VALUE) {
            throw FileFormatException.corrupt(
                    file.path(),
                    "pdq sections disagree: " + pdqHashes.byteSize() + " hash bytes, " + pdqEntries.byteSize()
                            + " entry bytes");
        }
        this.pdqCount = (int) (pdqHashes.byteSize() / 32);
        if (file.hasSection(PDQ_VARIANTS)) { // version 3; older files hold whole-image hashes only
            this.pdqVariants = file.section(PDQ_VARIANTS);
            if (pdqVariants.byteSize() % VARIANT_RECORD != 0 || pdqVariants.byteSize() / VARIANT_RECORD > pdqCount) {
                throw FileFormatException.corrupt(
                        file.path(),
                        PDQ_VARIANTS + " has " + pdqVariants.byteSize() + " bytes for " + pdqCount + " PDQ records");
            }
        } else {
            this.pdqVariants = MemorySegment.NULL;
        }
        try {
            this.md5 = new ExactHashTable(file.section(MD5), 16);
            this.sha1 = new ExactHashTable(file.section(SHA1), 20);
            this.sha256 = new ExactHashTable(file.section(SHA256), 32);
        } catch (IllegalStateException e) {
            throw FileFormatException.corrupt(file.path(), Objects.requireNonNullElse(e.getMessage(), e.toString()));
        }
        int entries = file.header().entryCount();
        this.entryFlags = file.section(ENTRY_FLAGS);
        this.entryCategory = file.section(ENTRY_CATEGORY);
        this.entrySource = file.section(ENTRY_SOURCE);
        if (entryFlags.byteSize() != entries
                || entryCategory.byteSize() != 4L * entries
                || entrySource.byteSize() != 4L * entries) {
            throw FileFormatException.corrupt(
                    file.path(),
                    "per-entry sections disagree "
                            + "with the entry count " + entries + ": " + entryFlags.byteSize() + " flag bytes, "
                            + entryCategory.byteSize()
                            + " category bytes, " + entrySource.byteSize() + " source bytes");
        }
        this.categories = List.of(StringTable.decode(file.section(CATEGORIES), file.path(), CATEGORIES));
        this.sources = List.of(StringTable.decode(file.section(SOURCES), file.path(), SOURCES));
        if (file.hasSection(VIDEO_ENTRIES)) { // version 2; version-1 files hold no videos
            this.videoFrames = file.section(VIDEO_FRAMES);
            this.videoFrameInfo = file.section(VIDEO_FRAME_INFO);
            this.videoEntries = file.section(VIDEO_ENTRIES);
            this.videoIndexSection = file.section(VIDEO_INDEX);
            checkVideoSections(file, entries);
        } else {
            this.videoFrames = MemorySegment.NULL;
            this.videoFrameInfo = MemorySegment.NULL;
            this.videoEntries = MemorySegment.NULL;
            this.videoIndexSection = null;
        }
        for (IndexStrategy strategy : IndexStrategy.values()) {
            try {
                indexes.put(strategy, strategy.open(pdqHashes, file.section(indexSection(strategy))));
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw FileFormatException.corrupt(
                        file.path(), "index section " + indexSection(strategy) + ": " + e.getMessage());
            }
        }
    }

    private void checkVideoSections(FramedFile file, int entries) throws FileFormatException {
        long frames = videoFrames.byteSize() / 32;
        if (videoFrames.byteSize() % 32 != 0
                || videoFrameInfo.byteSize() != frames * 12
                || videoEntries.byteSize() % 8 != 0
                || frames > Integer.MAX_VALUE / 32) {
            throw FileFormatException.corrupt(
                    file.path(),
                    "video sections disagree: "
                            + videoFrames.byteSize() + " frame bytes, " + videoFrameInfo.byteSize()
                            + " frame info bytes, "
                            + videoEntries.byteSize() + " video bytes");
        }
        int previous = 0;
        for (int v = 0; v < videoCount(); v++) {
            int entry = videoEntries.get(INT, v * 8L);
            int first = videoEntries.get(INT, v * 8L + 4);
            if (entry < 0 || entry >= entries || first < previous || first > frames || (v == 0 && first != 0)) {
                throw FileFormatException.corrupt(
                        file.path(),
                        "video " + v + " has entry " + entry + " and first frame " + first + " (of " + frames + ")");
            }
            previous = first;
        }
    }

    /** Number of videos (vPDQ hashes) in the snapshot; 0 for a version-1 file. */
    public int videoCount() {
        return (int) (videoEntries.byteSize() / 8);
    }

    /** Number of vPDQ frames over all videos (constant time); 0 for a version-1 file. */
    public int videoFrameCount() {
        return (int) (videoFrames.byteSize() / 32);
    }

    /** The entry video {@code v} belongs to. */
    public int videoEntry(int v) {
        return videoEntries.get(INT, checkVideo(v) * 8L);
    }

    /**
     * The frames of video {@code v}, as imported (allocates).
     *
     * @throws IndexOutOfBoundsException if {@code v} is not in 0 .. videoCount-1
     * @throws IllegalStateException if a stored frame is not a valid frame (negative index, quality outside
     *     0..100, negative or non-finite timestamp): a damaged or forged file whose checksums were made to fit
     */
    public List<VpdqFrame> videoFrames(int v) {
        int first = videoStart(checkVideo(v));
        int end = videoStart(v + 1);
        List<VpdqFrame> frames = new java.util.ArrayList<>(end - first);
        for (int i = first; i < end; i++) {
            frames.add(videoFrame(i));
        }
        return frames;
    }

    private VpdqFrame videoFrame(int i) {
        long h = i * 32L;
        long info = i * 12L;
        try {
            return new VpdqFrame(
                    videoFrameInfo.get(INT, info),
                    videoFrameInfo.get(INT, info + 4),
                    PdqHash.of(
                            videoFrames.get(LONG, h),
                            videoFrames.get(LONG, h + 8),
                            videoFrames.get(LONG, h + 16),
                            videoFrames.get(LONG, h + 24)),
                    Float.intBitsToFloat(videoFrameInfo.get(INT, info + 8)));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    file.path() + ": " + VIDEO_FRAME_INFO + " frame " + i + ": " + e.getMessage(), e);
        }
    }

    /**
     * Matches videos against this snapshot's videos through its stored frame index (built once, on first use:
     * O(frames) heap for the frame-to-video map and qualities). {@link io.hashmatch.video.VideoMatch#video()} is
     * the video number ({@link #videoEntry(int)} gives its entry) and its id the entry number in decimal.
     *
     * @throws IllegalStateException if the stored index section is damaged (the checksum would also say so)
     */
    public VideoIndex videoIndex() {
        VideoIndex index = videoIndex;
        if (index == null) {
            synchronized (metadataLock) {
                index = videoIndex;
                if (index == null) {
                    index = buildVideoIndex();
                    videoIndex = index;
                }
            }
        }
        return index;
    }

    private VideoIndex buildVideoIndex() {
        int frames = (int) (videoFrames.byteSize() / 32);
        int[] starts = new int[videoCount() + 1];
        List<String> ids = new java.util.ArrayList<>(videoCount());
        for (int v = 0; v < videoCount(); v++) {
            starts[v] = videoStart(v);
            ids.add(Integer.toString(videoEntry(v)));
        }
        starts[videoCount()] = frames;
        byte[] qualities = new byte[frames];
        for (int i = 0; i < frames; i++) {
            qualities[i] = (byte) videoFrameInfo.get(INT, i * 12L + 4);
        }
        MemorySegment section = videoIndexSection;
        HammingIndex frameIndex;
        if (section == null) {
            frameIndex = IndexStrategy.BRUTE_FORCE.open(
                    videoFrames, IndexStrategy.BRUTE_FORCE.build(videoFrames, java.lang.foreign.Arena.ofAuto()));
        } else {
            int code = section.byteSize() >= 12 ? section.get(INT, 8) : -1;
            IndexStrategy strategy =
                    switch (code) {
                        case 1 -> IndexStrategy.BRUTE_FORCE;
                        case 2 -> IndexStrategy.MULTI_INDEX;
                        case 3 -> IndexStrategy.BK_TREE;
                        default ->
                            throw new IllegalStateException(
                                    file.path() + ": " + VIDEO_INDEX + " has strategy code " + code);
                    };
            frameIndex = strategy.open(videoFrames, section);
        }
        return VideoIndex.over(frameIndex, ids, starts, qualities);
    }

    private int videoStart(int v) {
        return v == videoCount() ? (int) (videoFrames.byteSize() / 32) : videoEntries.get(INT, v * 8L + 4);
    }

    private int checkVideo(int v) {
        if (v < 0 || v >= videoCount()) {
            throw new IndexOutOfBoundsException("video " + v + " of " + videoCount());
        }
        return v;
    }

    /** Section name of an index strategy: {@code index.} and the strategy's name in lower case. */
    static String indexSection(IndexStrategy strategy) {
        return "index." + strategy.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The Hamming index of the given strategy over this snapshot's PDQ hashes; hits are PDQ record numbers
     * (see {@link #pdqEntry(int)}). Every strategy returns exactly the same hits.
     */
    public HammingIndex index(IndexStrategy strategy) {
        return Objects.requireNonNull(indexes.get(strategy)); // the constructor opens every strategy
    }

    /** The index the planner chooses for a query radius over this list. */
    public HammingIndex index(int radius) {
        return index(IndexPlanner.choose(radius, pdqCount));
    }

    /**
     * Whether {@code path} starts as a snapshot does (its magic number), as opposed to a list file to import.
     * Reads 8 bytes; says nothing about the rest: {@link #open} verifies it.
     *
     * @throws IOException when it cannot be read
     */
    public static boolean isSnapshot(Path path) throws IOException {
        return FramedFile.hasMagic(path);
    }

    /**
     * Opens and fully verifies a snapshot: structure, then every byte against the CRC32C checksums, so a
     * torn or tampered file is refused here.
     *
     * @throws FileFormatException when the file is not a snapshot, of an unsupported version, truncated
     *     or damaged
     * @throws IOException when it cannot be read
     */
    public static HashListSnapshot open(Path path) throws IOException, FileFormatException {
        HashListSnapshot s = openUnverified(path);
        try {
            s.checkIntegrity();
            return s;
        } catch (FileFormatException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Opens a snapshot checking only its structure (magic, version, header checksum, section table, exact
     * length, footer): constant time whatever the size. Call {@link #checkIntegrity()} to read every byte.
     */
    public static HashListSnapshot openUnverified(Path path) throws IOException, FileFormatException {
        FramedFile f = FramedFile.open(path, VERSION_START, VERSION_CURRENT);
        try {
            return new HashListSnapshot(f);
        } catch (FileFormatException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /** Reads every byte and checks the checksums. */
    public void checkIntegrity() throws FileFormatException {
        file.checkIntegrity();
    }

    /** The list's name, as given at import. */
    public String name() {
        return file.header().listName();
    }

    /** The list's version label, as given at import. */
    public String version() {
        return file.header().listVersion();
    }

    /** When the snapshot was written. */
    public Instant created() {
        return Instant.ofEpochMilli(file.header().createdMillis());
    }

    /** The snapshot file's format version. */
    public int formatVersion() {
        return file.header().version();
    }

    /** Number of list entries (records of the source list; an entry may carry several hashes). */
    public int entryCount() {
        return file.header().entryCount();
    }

    /** Number of PDQ hashes. */
    public int pdqCount() {
        return pdqCount;
    }

    /** Numbers of MD5, SHA-1 and SHA-256 digests together. */
    public long exactCount() {
        return md5.size() + sha1.size() + sha256.size();
    }

    /** Number of MD5 digests (an entry may carry several, and a digest may repeat across entries). */
    public long md5Count() {
        return md5.size();
    }

    /** Number of SHA-1 digests. */
    public long sha1Count() {
        return sha1.size();
    }

    /** Number of SHA-256 digests. */
    public long sha256Count() {
        return sha256.size();
    }

    /** The file's CRC32C (from its footer), 8 lowercase hex digits: identifies this exact version. */
    public String checksum() {
        return String.format(Locale.ROOT, "%08x", file.checksum());
    }

    /** The MD5, SHA-1 and SHA-256 tables, for copying them ({@link ListCompaction}). */
    ExactHashTable md5Table() {
        return md5;
    }

    ExactHashTable sha1Table() {
        return sha1;
    }

    ExactHashTable sha256Table() {
        return sha256;
    }

    /** Random id of this file, 32 hex digits. */
    public String id() {
        return HexFormat.of().formatHex(file.header().id());
    }

    /** PDQ hash of record {@code i} (0 .. pdqCount-1). */
    public PdqHash pdqHash(int i) {
        long base = (long) checkIndex(i) * 32;
        return PdqHash.of(
                pdqHashes.get(LONG, base),
                pdqHashes.get(LONG, base + 8),
                pdqHashes.get(LONG, base + 16),
                pdqHashes.get(LONG, base + 24));
    }

    /** Entry number of PDQ record {@code i}. */
    public int pdqEntry(int i) {
        return pdqEntries.get(INT, (long) checkIndex(i) * 4);
    }

    /**
     * Digest {@code i} of an exact kind, lowercase hex, in the table's order (sorted by digest): with
     * {@link #digestEntry} and {@link #md5Count()}, {@link #sha1Count()}, {@link #sha256Count()}, this enumerates
     * the exact hashes of the list (comparing two versions, exporting).
     *
     * @throws IllegalArgumentException if {@code kind} is not MD5, SHA-1 or SHA-256
     * @throws IndexOutOfBoundsException if {@code i} is not in 0 .. count-1 of that kind
     */
    public String digestHex(HashKind kind, long i) {
        ExactHashTable table = exactTable(kind);
        return table.digestHex(checkDigest(table, i));
    }

    /**
     * The entry of digest {@code i} of an exact kind (see {@link #digestHex}).
     *
     * @throws IllegalArgumentException if {@code kind} is not MD5, SHA-1 or SHA-256
     * @throws IndexOutOfBoundsException if {@code i} is not in 0 .. count-1 of that kind
     */
    public int digestEntry(HashKind kind, long i) {
        ExactHashTable table = exactTable(kind);
        return table.entryAt(checkDigest(table, i));
    }

    private static long checkDigest(ExactHashTable table, long i) {
        if (i < 0 || i >= table.size()) {
            throw new IndexOutOfBoundsException("digest " + i + " of " + table.size());
        }
        return i;
    }

    /**
     * Which variant of its entry's image PDQ record {@code i} is ({@link HashVariant#WHOLE} for every record of a
     * list imported without variants). An entry is an <i>item</i>: the whole image's hash and its variants' all
     * point to it. Binary search in {@code pdq.variants}: O(log variants).
     *
     * @throws IndexOutOfBoundsException if {@code i} is not in 0 .. pdqCount-1
     * @throws IllegalStateException if the stored record holds codes no writer writes (a damaged file whose checksums
     *     were made to fit)
     */
    public HashVariant pdqVariant(int i) {
        long at = variantRecord(checkIndex(i));
        if (at < 0) {
            return HashVariant.WHOLE;
        }
        int codes = pdqVariants.get(INT, at + 4);
        try {
            return HashVariant.of(
                    codes & 0xff,
                    codes >>> 8 & 0xff,
                    pdqVariants.get(INT, at + 8),
                    pdqVariants.get(INT, at + 12),
                    pdqVariants.get(INT, at + 16),
                    pdqVariants.get(INT, at + 20));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    file.path() + ": " + PDQ_VARIANTS + " record of PDQ " + i + ": " + e.getMessage(), e);
        }
    }

    /** The PDQ quality (0..100) of record {@code i} as imported, or -1 when the list did not state it. */
    public int pdqQuality(int i) {
        long at = variantRecord(checkIndex(i));
        int quality = at < 0 ? QUALITY_UNKNOWN_CODE : pdqVariants.get(INT, at + 4) >>> 16 & 0xff;
        return quality == QUALITY_UNKNOWN_CODE ? -1 : quality;
    }

    /** Number of PDQ records that are variants (not the whole image in its original orientation). Reads them all. */
    public int variantCount() {
        int n = 0;
        for (long at = 0; at < pdqVariants.byteSize(); at += VARIANT_RECORD) {
            int codes = pdqVariants.get(INT, at + 4);
            n += (codes & 0xffff) != 0 ? 1 : 0; // kind whole (0), transform original (0): not a variant
        }
        return n;
    }

    /** Offset of the {@code pdq.variants} record of PDQ record {@code i}, or -1 when it has none. */
    private long variantRecord(int i) {
        long lo = 0;
        long hi = pdqVariants.byteSize() / VARIANT_RECORD - 1;
        while (lo <= hi) {
            long mid = (lo + hi) >>> 1;
            int r = pdqVariants.get(INT, mid * VARIANT_RECORD);
            if (r < i) {
                lo = mid + 1;
            } else if (r > i) {
                hi = mid - 1;
            } else {
                return mid * VARIANT_RECORD;
            }
        }
        return -1;
    }

    /** Entries whose MD5 is {@code hex} (32 hex digits, any case); empty when none. */
    public int[] findMd5(String hex) {
        return md5.find(parseHex(hex, 16));
    }

    /** Entries whose SHA-1 is {@code hex} (40 hex digits). */
    public int[] findSha1(String hex) {
        return sha1.find(parseHex(hex, 20));
    }

    /** Entries whose SHA-256 is {@code hex} (64 hex digits). */
    public int[] findSha256(String hex) {
        return sha256.find(parseHex(hex, 32));
    }

    /**
     * The category the list gave entry {@code entry} (a VICS category number, a ThreatExchange opinion such as
     * {@code POSITIVE_CLASS}), or null.
     *
     * @throws IndexOutOfBoundsException if {@code entry} is not in 0 .. entryCount-1
     * @throws IllegalStateException if the stored code points outside the table (a damaged file that was not verified)
     */
    public @Nullable String category(int entry) {
        return lookup(entryCategory, entry, categories, ENTRY_CATEGORY);
    }

    /** The list entry {@code entry} came from (kept when several lists are merged), or null when not recorded. */
    public @Nullable String sourceList(int entry) {
        return lookup(entrySource, entry, sources, ENTRY_SOURCE);
    }

    /**
     * Whether entry {@code entry} is a suppression entry: the list marks it as a known non-match
     * (ThreatExchange {@code NEGATIVE_CLASS}), so a hit on it cancels matches instead of being one.
     */
    public boolean isSuppression(int entry) {
        return (entryFlags.get(ValueLayout.JAVA_BYTE, checkEntry(entry)) & FLAG_SUPPRESSION) != 0;
    }

    /**
     * Whether entry {@code entry} was removed from the list before this version was written ({@link ListCompaction}
     * keeps a removed entry's number, empty, so that numbers given out stay valid): it holds no hash and no metadata.
     */
    public boolean isRemoved(int entry) {
        return (entryFlags.get(ValueLayout.JAVA_BYTE, checkEntry(entry)) & FLAG_REMOVED) != 0;
    }

    /** The distinct categories of the list, in first-use order. */
    public List<String> categories() {
        return categories;
    }

    /** The distinct source lists merged into this snapshot, in import order. */
    public List<String> sourceLists() {
        return sources;
    }

    /**
     * The file holding this snapshot's per-entry metadata: {@code <snapshot file name>.<id()>.meta} in the same
     * folder. Naming it after the snapshot's random id means a snapshot can only ever find the metadata
     * written for it; the file may not exist (a snapshot written without metadata).
     */
    public Path metadataPath() {
        return metadataPath(file.path(), file.header().id());
    }

    static Path metadataPath(Path snapshot, byte[] id) {
        Path name = snapshot.getFileName();
        return snapshot.resolveSibling(name + "." + HexFormat.of().formatHex(id) + METADATA_SUFFIX);
    }

    /**
     * The per-entry metadata store, opened on the first call (Chronicle Map: seconds in a fresh JVM) and
     * closed with this snapshot. Plain matching never calls this. Thread-safe; concurrent first calls open
     * the store once.
     *
     * @throws java.nio.file.NoSuchFileException if {@link #metadataPath()} does not exist
     * @throws IOException if it cannot be opened
     * @throws IllegalStateException if this snapshot is closed
     */
    public EntryMetadataStore metadata() throws IOException {
        EntryMetadataStore m = metadata;
        if (m != null) {
            return m;
        }
        synchronized (metadataLock) {
            if (closed) {
                throw new IllegalStateException("snapshot " + file.path() + " is closed");
            }
            if (metadata == null) {
                metadata = EntryMetadataStore.open(metadataPath());
            }
            return metadata;
        }
    }

    /** Whether {@link #metadata()} has opened the store (for tests proving plain matching does not). */
    boolean metadataOpened() {
        return metadata != null;
    }

    /** The sorted table of an exact kind (MD5, SHA-1, SHA-256), for export. */
    ExactHashTable exactTable(HashKind kind) {
        return switch (kind) {
            case MD5 -> md5;
            case SHA1 -> sha1;
            case SHA256 -> sha256;
            case PDQ, PHOTODNA -> throw new IllegalArgumentException(kind + " is not an exact-hash table");
        };
    }

    private @Nullable String lookup(MemorySegment codes, int entry, List<String> table, String section) {
        int code = codes.get(INT, checkEntry(entry) * 4L);
        if (code == StringTable.NONE) {
            return null;
        }
        if (code < 0 || code >= table.size()) {
            throw new IllegalStateException(file.path() + ": section " + section + " gives entry " + entry + " code "
                    + code + " outside its table of " + table.size());
        }
        return table.get(code);
    }

    private int checkEntry(int entry) {
        if (entry < 0 || entry >= entryCount()) {
            throw new IndexOutOfBoundsException("entry " + entry + " of " + entryCount());
        }
        return entry;
    }

    /**
     * The PDQ hashes as laid out in the file: {@link #pdqCount()} records of 32 bytes, four little-endian
     * longs each. For index strategies; read-only.
     */
    public MemorySegment pdqHashSegment() {
        return pdqHashes;
    }

    /** Closes the metadata store if it was opened, and unmaps the file. Idempotent. */
    @Override
    public void close() {
        synchronized (metadataLock) {
            if (closed) {
                return;
            }
            closed = true;
            EntryMetadataStore m = metadata;
            metadata = null;
            if (m != null) {
                m.close();
            }
        }
        file.close();
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= pdqCount) {
            throw new IndexOutOfBoundsException("PDQ record " + i + " of " + pdqCount);
        }
        return i;
    }

    private static byte[] parseHex(String hex, int bytes) {
        if (hex.length() != bytes * 2) {
            throw new IllegalArgumentException("expected " + bytes * 2 + " hex digits, got " + hex.length());
        }
        return HexFormat.of().parseHex(hex);
    }
}
