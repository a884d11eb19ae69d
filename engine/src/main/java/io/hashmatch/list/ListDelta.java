package io.hashmatch.list;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.index.BatchHitSink;
import io.hashmatch.index.HammingIndex;
import io.hashmatch.index.IndexPlanner;
import io.hashmatch.index.IndexStrategy;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The changes made to a list since its snapshot: an append-only file of additions and removals (tombstones) beside
 * the immutable {@link HashListSnapshot}, searched together with it ({@code Matcher.Builder#addList(HashListSnapshot,
 * io.hashmatch.match.ListSettings, ListDelta)}) until it is compacted into a new snapshot version
 * ({@link ListCompaction}).
 *
 * <p><b>Entries.</b> The snapshot's entries keep their numbers 0 .. n-1; the k-th addition is entry n + k. A removal
 * names an entry of either kind that is still live. Numbers are never reused, not even by compaction, which keeps
 * every number (a removed entry stays in the new snapshot as an empty, removed entry): an entry's number is a stable
 * id for the life of the list.
 *
 * <p><b>File</b> ({@code <snapshot>.hmdelta}, all integers little-endian). The framing follows {@link FramedFile}'s
 * (magic, version, header checksum; a checksum closing what it covers), adapted to a file that only grows: each
 * appended batch carries its own CRC32C, and a batch is committed once its checksum is on disk.
 *
 * <pre>
 * offset  size  field
 * 0       8     magic 89 48 4D 44 45 4C 54 0A ("\x89HMDELT\n")
 * 8       4     format version (int32), 3 (2: additions without details; 1: without category, date, details)
 * 12      4     header length, 64
 * 16      16    id of the snapshot this delta applies to (HashListSnapshot.id())
 * 32      4     entry count of that snapshot (int32)
 * 36      24    zero
 * 60      4     CRC32C of bytes [0, 60)
 * 64      ...   batches, back to back:
 *           4     batch magic 42 41 54 43 ("BATC")
 *           4     payload length P (int32)
 *           4     record count R (int32)
 *           P     R records:
 *                   uint8 1 (add): uint8 kinds (bit 0 PDQ, bit 1 MD5, bit 2 category, bit 3 date, bit 4 details;
 *                                  bits 2-3 from version 2, bit 4 from version 3), [32 bytes PDQ, words 0..3
 *                                  int64], [16 bytes MD5], uint16 label length + UTF-8 label, [uint16 length +
 *                                  UTF-8 category], [int64 date, epoch milliseconds], [int32 length + UTF-8
 *                                  details]
 *                   uint8 2 (remove): int32 entry number
 *           4     CRC32C of the batch's bytes from its magic to the end of the records (its checksum footer)
 * </pre>
 *
 * <p><b>Crash safety.</b> {@link #append} writes a whole batch with one positional write, forces it to disk, and only
 * then publishes it to readers and returns: a batch that {@code append} returned from survives a crash, and one it
 * did not return from is either complete or ignored. On open ({@link DurableFiles#replayFrames}), a batch that runs
 * past the end of the file, or whose checksum fails while nothing follows it, or zeros where a batch should start, is
 * a torn append: the file is cut back to the last committed batch. A
 * checksum failure followed by more bytes, a bad header or a snapshot id that is not the base's is damage, reported as
 * {@link FileFormatException} (CORRUPT), never silently dropped.
 *
 * <p><b>Older versions.</b> A file of an older version is read as it is and appended to in its version, until a batch
 * carries what that version cannot hold (a category or date in version 1, details before version 3): then the header
 * is first rewritten to the current version, in one 64-byte write within the file's first sector, forced to disk
 * (every record of an older version is a valid record of the current one, so nothing else changes). A process killed
 * at any moment of this leaves the file of its old version or of the current one, with every batch it held: the
 * kernel applies a write of 64 bytes within one page whole or not at all when the writer is killed, and the header is
 * forced before the batch that needs it is written. After a power failure the header is whole where the device writes
 * a sector atomically (NVMe guarantees one logical block); a torn one fails its checksum and is reported CORRUPT,
 * never read as another version.
 *
 * <p><b>Searching the additions.</b> {@link View#searchPdq} finds the live PDQ additions within a radius. The
 * additions are indexed in the background with the snapshot's own multi-index strategy ({@link IndexStrategy}): once
 * at least {@link IndexPlanner#SMALL_LIST} additions carry a PDQ hash, and again whenever those appended since the
 * last build reach a sixteenth of the indexed ones (so at most ~6 % of the additions, or fewer than
 * {@link IndexPlanner#SMALL_LIST}, are ever scanned, and the builds of a delta grown to n additions index ~17 n
 * hashes in all). One daemon thread builds for every delta of the process. A search never waits for a build: it
 * uses the newest index already built and scans the additions after it, so answers are exact at every moment.
 *
 * <p><b>Thread safety.</b> Appends are serialised; {@link #view()} is lock-free and any number of threads may search
 * views while an append runs. A {@link View} is an immutable point in the delta's history.
 */
public final class ListDelta implements AutoCloseable {
    /** First format version this build reads. */
    public static final int VERSION_START = 1;
    /** Format version this build writes. */
    public static final int VERSION_CURRENT = 3;
    /** File name extension: {@code <snapshot file>.hmdelta}. */
    public static final String EXTENSION = ".hmdelta";

    static final long MAGIC = 0x0A544C45444D4889L; // bytes 89 48 4D 44 45 4C 54 0A read little-endian
    static final int BATCH_MAGIC = 0x43544142; // "BATC"
    static final int HEADER_LENGTH = 64;
    private static final int HEADER_CRC_AT = 60;
    private static final int BATCH_OVERHEAD = 16;
    static final byte ADD = 1;
    static final byte REMOVE = 2;
    private static final int KIND_PDQ = 1;
    private static final int KIND_MD5 = 2;
    private static final int KIND_CATEGORY = 4;
    private static final int KIND_DATE = 8;
    private static final int KIND_DETAILS = 16;
    private static final int MAX_LABEL_BYTES = 0xFFFF;
    /** Most UTF-8 bytes of an addition's details. */
    public static final int MAX_DETAILS_BYTES = 1 << 20;
    /** {@code dateOf} of an addition without a date. */
    private static final long NO_DATE = Long.MIN_VALUE;

    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");

    /** The additions are re-indexed once those after the index reach 1/REINDEX_FRACTION of the indexed ones. */
    private static final int REINDEX_FRACTION = 16;

    private static final ValueLayout.OfLong LONG_LE =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Builds the additions' indexes of every delta, one at a time, beside lookups and appends. */
    private static final ExecutorService INDEXER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hashmatch-delta-index");
        t.setDaemon(true);
        return t;
    });

    /** One change of a batch: an {@link Add} or a {@link Remove}, both immutable records; thread-safe. */
    public sealed interface Change permits Add, Remove {}

    /**
     * A new entry: a PDQ hash, an MD5 digest or both, a label (an exchange's id for the entry, a note; may be empty),
     * what the source says of it: a category and a date (when the source added or last updated it), and details it
     * gave with the entry, kept as given (an HMA client's content metadata, a JSON object). Compaction keeps the
     * category in the snapshot and the label, date and details in its metadata store
     * ({@link io.hashmatch.list.metadata.EntryMetadata}).
     *
     * @param pdq the PDQ hash, or null
     * @param md5 the MD5 digest, 32 hex digits (any case, stored lowercase), or null
     * @param label up to 65535 UTF-8 bytes
     * @param category up to 65535 UTF-8 bytes, or null
     * @param date millisecond precision (finer is cut), or null
     * @param details up to {@link #MAX_DETAILS_BYTES} UTF-8 bytes, or null
     */
    public record Add(
            @Nullable PdqHash pdq,
            @Nullable String md5,
            String label,
            @Nullable String category,
            @Nullable Instant date,
            @Nullable String details)
            implements Change {
        /**
         * @throws IllegalArgumentException if neither hash is given, the MD5 is not 32 hex digits or the label,
         *     category or details are too long
         */
        public Add {
            Objects.requireNonNull(label, "label");
            if (details != null && details.getBytes(StandardCharsets.UTF_8).length > MAX_DETAILS_BYTES) {
                throw new IllegalArgumentException("details longer than " + MAX_DETAILS_BYTES + " bytes");
            }
            if (category != null && category.getBytes(StandardCharsets.UTF_8).length > MAX_LABEL_BYTES) {
                throw new IllegalArgumentException("category longer than " + MAX_LABEL_BYTES + " bytes");
            }
            if (date != null) {
                date = Instant.ofEpochMilli(date.toEpochMilli());
            }
            if (pdq == null && md5 == null) {
                throw new IllegalArgumentException("an addition needs a PDQ hash or an MD5 digest");
            }
            if (md5 != null) {
                if (!MD5_HEX.matcher(md5).matches()) {
                    throw new IllegalArgumentException("not an MD5 digest (32 hex digits): " + md5);
                }
                md5 = md5.toLowerCase(Locale.ROOT);
            }
            if (label.getBytes(StandardCharsets.UTF_8).length > MAX_LABEL_BYTES) {
                throw new IllegalArgumentException("label longer than " + MAX_LABEL_BYTES + " bytes");
            }
        }

        /** An addition without details. */
        public Add(
                @Nullable PdqHash pdq,
                @Nullable String md5,
                String label,
                @Nullable String category,
                @Nullable Instant date) {
            this(pdq, md5, label, category, date, null);
        }

        /** An addition without category, date or details. */
        public Add(@Nullable PdqHash pdq, @Nullable String md5, String label) {
            this(pdq, md5, label, null, null, null);
        }

        /** The oldest format version that holds this addition whole. */
        int formatVersionNeeded() {
            return details != null ? 3 : category != null || date != null ? 2 : 1;
        }
    }

    /**
     * The removal of a live entry.
     *
     * @param entry its number (a snapshot entry or an addition)
     */
    public record Remove(int entry) implements Change {}

    private final Path path;
    private final FileChannel channel;
    private final String baseId;
    private final int baseEntries;
    /** The file's format version: records are written as it reads them. */
    private int formatVersion = VERSION_CURRENT;
    /** Commit number of each removed entry: an entry is removed for a view when its number is at most the view's. */
    private final Map<Integer, Long> removedAt = new ConcurrentHashMap<>();
    /** MD5 digest (lowercase hex) → the additions carrying it, copied on write. */
    private final Map<String, int[]> md5Entries = new ConcurrentHashMap<>();
    /** Additions, grown by copying: a view keeps the arrays it was made with and reads only its first entries. */
    private long[] pdqWords = new long[64];

    private int[] pdqEntry = new int[16];
    private String[] labels = new String[16];
    private @Nullable String[] categoryOf = new String[16];
    private long[] dateOf = new long[16];
    private @Nullable String[] detailsOf = new String[16];
    private @Nullable PdqHash[] pdqOf = new PdqHash[16];
    private @Nullable String[] md5Of = new String[16];
    private int added;
    private int pdqCount;
    private long commits;
    private long size;
    private int liveRemovals;
    private volatile View view;

    /** A multi-index over the first {@code count} PDQ additions (their numbers are PDQ addition numbers). */
    private record AdditionIndex(int count, HammingIndex index) {}

    private volatile @Nullable AdditionIndex additionIndex;
    /** Whether a build is queued or running. */
    private final AtomicBoolean indexing = new AtomicBoolean();

    private volatile boolean closed;

    private ListDelta(Path path, FileChannel channel, String baseId, int baseEntries) {
        this.path = path;
        this.channel = channel;
        this.baseId = baseId;
        this.baseEntries = baseEntries;
        this.view = snapshotView();
    }

    /** The delta file of {@code snapshot}: {@code <snapshot file name>.hmdelta} beside it. */
    public static Path pathFor(Path snapshot) {
        return snapshot.resolveSibling(snapshot.getFileName() + EXTENSION);
    }

    /**
     * Opens the delta of {@code base} at {@code path}, creating an empty one if there is none, and cuts off a torn
     * last batch.
     *
     * @throws FileFormatException if the file is damaged or belongs to another snapshot
     * @throws IOException if it cannot be read or written
     */
    public static ListDelta open(Path path, HashListSnapshot base) throws IOException {
        return open(path, base.id(), base.entryCount());
    }

    /**
     * Same, from the base snapshot's id (32 hex digits) and entry count.
     *
     * @throws FileFormatException if the file is damaged or belongs to another snapshot
     * @throws IOException if it cannot be read or written
     */
    public static ListDelta open(Path path, String baseId, int baseEntries) throws IOException {
        return open(path, baseId, baseEntries, VERSION_CURRENT);
    }

    /** Same, creating a new file in format {@code version} (golden files of older versions). */
    @SuppressWarnings("MustBeClosedChecker") // the channel moves into the ListDelta, whose close() closes it
    static ListDelta open(Path path, String baseId, int baseEntries, int version) throws IOException {
        byte[] id = HexFormat.of().parseHex(baseId);
        if (id.length != FramedFile.ID_LENGTH || baseEntries < 0) {
            throw new IllegalArgumentException("bad base snapshot: id " + baseId + ", " + baseEntries + " entries");
        }
        boolean created = !Files.exists(path);
        FileChannel ch =
                FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            ListDelta d = new ListDelta(path, ch, baseId.toLowerCase(Locale.ROOT), baseEntries);
            d.formatVersion = version;
            if (created || ch.size() == 0) {
                d.writeHeader(id);
            } else {
                d.replay(id);
            }
            return d;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private void writeHeader(byte[] id) throws IOException {
        byte[] header = new byte[HEADER_LENGTH];
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        h.putLong(MAGIC).putInt(formatVersion).putInt(HEADER_LENGTH).put(id).putInt(baseEntries);
        CRC32C crc = new CRC32C();
        crc.update(header, 0, HEADER_CRC_AT);
        h.putInt(HEADER_CRC_AT, (int) crc.getValue());
        h.clear();
        channel.truncate(0);
        writeFully(h, 0);
        channel.force(true);
        DurableFiles.forceParent(path);
        size = HEADER_LENGTH;
    }

    private void replay(byte[] id) throws IOException {
        long fileSize = channel.size();
        if (fileSize < HEADER_LENGTH) {
            // A crash while the header of a new file was written: nothing was ever committed to it.
            writeHeader(id);
            return;
        }
        byte[] header = readBytes(0, HEADER_LENGTH);
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        if (h.getLong(0) != MAGIC) {
            throw FileFormatException.corrupt(path, "not a hashmatch list delta (no magic number)");
        }
        int version = h.getInt(8);
        if (version < VERSION_START || version > VERSION_CURRENT) {
            throw FileFormatException.unsupportedVersion(
                    path, "list delta", "", version, VERSION_START, VERSION_CURRENT);
        }
        formatVersion = version;
        CRC32C crc = new CRC32C();
        crc.update(header, 0, HEADER_CRC_AT);
        if ((int) crc.getValue() != h.getInt(HEADER_CRC_AT) || h.getInt(12) != HEADER_LENGTH) {
            throw FileFormatException.corrupt(path, "header checksum mismatch");
        }
        byte[] fileBase = Arrays.copyOfRange(header, 16, 32);
        if (!Arrays.equals(fileBase, id) || h.getInt(32) != baseEntries) {
            throw FileFormatException.corrupt(
                    path,
                    "this delta applies to snapshot " + HexFormat.of().formatHex(fileBase) + " (" + h.getInt(32)
                            + " entries), not " + baseId + " (" + baseEntries + ")");
        }
        size = DurableFiles.replayFrames(
                channel,
                path,
                HEADER_LENGTH,
                BATCH_OVERHEAD - 4,
                head -> head.getInt(0) != BATCH_MAGIC || head.getInt(4) < 0 || head.getInt(8) < 0 ? -1 : head.getInt(4),
                "batch",
                (at, batch) -> {
                    int payload = batch.getInt(4);
                    List<Change> changes;
                    try {
                        changes = decode(
                                batch.slice(12, payload).order(ByteOrder.LITTLE_ENDIAN),
                                batch.getInt(8),
                                formatVersion);
                        check(changes);
                    } catch (RuntimeException e) {
                        throw FileFormatException.corrupt(path, "batch at byte " + at + ": " + e.getMessage());
                    }
                    size = at + batch.capacity();
                    apply(changes);
                });
        view = snapshotView();
        indexInBackground();
    }

    /**
     * Appends one batch and makes it durable; once this returns, every view taken afterwards sees it.
     *
     * @return the entry numbers of the batch's additions, in order
     * @throws IllegalArgumentException if a removal names an entry that does not exist or is no longer live (also
     *     one removed earlier in the same batch); nothing is written then
     * @throws IOException if the batch cannot be written (then it is not applied)
     */
    public synchronized int[] append(List<? extends Change> changes) throws IOException {
        if (!channel.isOpen()) {
            throw new IllegalStateException("delta closed: " + path);
        }
        check(changes);
        upgradeFor(changes);
        byte[] payload = encode(changes, formatVersion);
        byte[] bytes = new byte[BATCH_OVERHEAD + payload.length];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(BATCH_MAGIC).putInt(payload.length).putInt(changes.size()).put(payload);
        CRC32C c = new CRC32C();
        c.update(bytes, 0, 12 + payload.length);
        b.putInt((int) c.getValue());
        b.flip();
        try {
            writeFully(b, size);
            channel.force(false);
        } catch (IOException e) {
            channel.truncate(size); // best effort; a torn batch is cut off at the next open anyway
            throw e;
        }
        size += b.capacity();
        int first = baseEntries + added;
        apply(changes);
        int[] ids = new int[baseEntries + added - first];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = first + i;
        }
        view = snapshotView();
        indexInBackground();
        return ids;
    }

    /** Rewrites an older file's header to the current version when {@code changes} hold what its version cannot. */
    private void upgradeFor(List<? extends Change> changes) throws IOException {
        int needed = formatVersion;
        for (Change ch : changes) {
            if (ch instanceof Add a) {
                needed = Math.max(needed, a.formatVersionNeeded());
            }
        }
        if (needed <= formatVersion) {
            return;
        }
        byte[] header = readBytes(0, HEADER_LENGTH);
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(8, VERSION_CURRENT);
        CRC32C crc = new CRC32C();
        crc.update(header, 0, HEADER_CRC_AT);
        h.putInt(HEADER_CRC_AT, (int) crc.getValue());
        writeFully(ByteBuffer.wrap(header), 0);
        channel.force(false);
        formatVersion = VERSION_CURRENT;
    }

    /** Checks that every removal names a live entry, counting the batch's own changes. */
    private void check(List<? extends Change> changes) {
        int next = baseEntries + added;
        java.util.Set<Integer> removing = new java.util.HashSet<>();
        for (Change ch : changes) {
            switch (ch) {
                case Add a -> next++;
                case Remove r -> {
                    int e = r.entry();
                    if (e < 0 || e >= next || removedAt.containsKey(e) || !removing.add(e)) {
                        throw new IllegalArgumentException("entry " + e + " is not a live entry of the list");
                    }
                }
            }
        }
    }

    private void apply(List<? extends Change> changes) {
        commits++;
        for (Change ch : changes) {
            switch (ch) {
                case Add a -> addEntry(a);
                case Remove r -> {
                    removedAt.put(r.entry(), commits);
                    liveRemovals++;
                }
            }
        }
    }

    private void addEntry(Add a) {
        int entry = baseEntries + added;
        if (added == labels.length) {
            int n = labels.length * 2;
            labels = Arrays.copyOf(labels, n);
            categoryOf = Arrays.copyOf(categoryOf, n);
            dateOf = Arrays.copyOf(dateOf, n);
            detailsOf = Arrays.copyOf(detailsOf, n);
            pdqOf = Arrays.copyOf(pdqOf, n);
            md5Of = Arrays.copyOf(md5Of, n);
        }
        labels[added] = a.label();
        categoryOf[added] = formatVersion >= 2 ? a.category() : null;
        Instant date = a.date();
        dateOf[added] = formatVersion >= 2 && date != null ? date.toEpochMilli() : NO_DATE;
        detailsOf[added] = formatVersion >= 3 ? a.details() : null;
        pdqOf[added] = a.pdq();
        md5Of[added] = a.md5();
        PdqHash pdq = a.pdq();
        if (pdq != null) {
            if (pdqCount == pdqEntry.length) {
                pdqEntry = Arrays.copyOf(pdqEntry, pdqEntry.length * 2);
                pdqWords = Arrays.copyOf(pdqWords, pdqWords.length * 2);
            }
            for (int w = 0; w < 4; w++) {
                pdqWords[pdqCount * 4 + w] = pdq.word(w);
            }
            pdqEntry[pdqCount++] = entry;
        }
        String md5 = a.md5();
        if (md5 != null) {
            md5Entries.merge(md5, new int[] {entry}, (old, one) -> {
                int[] grown = Arrays.copyOf(old, old.length + 1);
                grown[old.length] = one[0];
                return grown;
            });
        }
        added++;
    }

    private View snapshotView() {
        return new View(
                this,
                baseEntries,
                added,
                pdqCount,
                commits,
                pdqWords,
                pdqEntry,
                labels,
                categoryOf,
                dateOf,
                detailsOf,
                pdqOf,
                md5Of,
                liveRemovals);
    }

    /** The current state, for searching: lock-free, immutable. */
    public View view() {
        return view;
    }

    /** The delta's file. */
    public Path path() {
        return path;
    }

    /** The id of the snapshot this delta applies to. */
    public String baseId() {
        return baseId;
    }

    /** Bytes in the file (committed batches only). */
    public synchronized long byteSize() {
        return size;
    }

    /**
     * Waits until the additions' index has caught up with the additions (no build needed, queued or running), for
     * benchmarks and tests that want to measure or check the indexed state. Searches never need to call it.
     *
     * @return whether it caught up within {@code timeout}
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitIndex(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (indexing.get() || needsIndex()) {
            if (closed || System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Whether enough PDQ additions were appended since the last index build to build again. */
    private boolean needsIndex() {
        int count = view.pdqCount;
        AdditionIndex ix = additionIndex;
        int indexed = ix == null ? 0 : ix.count();
        return count - indexed >= Math.max(IndexPlanner.SMALL_LIST, indexed / REINDEX_FRACTION);
    }

    private void indexInBackground() {
        if (!closed && needsIndex() && indexing.compareAndSet(false, true)) {
            INDEXER.execute(this::indexWhileBehind);
        }
    }

    private void indexWhileBehind() {
        while (true) {
            try {
                while (!closed && needsIndex()) {
                    buildIndex(view);
                }
            } catch (RuntimeException | OutOfMemoryError e) {
                // searches stay exact without this index (they scan what it would cover); the next append retries
                indexing.set(false);
                return;
            }
            indexing.set(false);
            // an append that came after the last check but before the flag was cleared did not start a build
            if (closed || !needsIndex() || !indexing.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /**
     * Indexes the PDQ additions of {@code v}: its words are a prefix no append changes (appends write after it or
     * into a copy), and the volatile read of the view that gave {@code v} made them visible to this thread.
     */
    private void buildIndex(View v) {
        int n = v.pdqCount;
        // an automatic arena: the index's memory lives as long as some search can still reach it
        Arena arena = Arena.ofAuto();
        MemorySegment hashes = arena.allocate((long) n * 4 * Long.BYTES, Long.BYTES);
        MemorySegment.copy(v.pdqWords, 0, hashes, LONG_LE, 0, n * 4);
        MemorySegment section = IndexStrategy.MULTI_INDEX.build(hashes, arena);
        additionIndex = new AdditionIndex(n, IndexStrategy.MULTI_INDEX.open(hashes, section));
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        channel.close();
    }

    /**
     * One point of a delta's history: its additions and removals up to a commit. Immutable; thread-safe.
     */
    public static final class View {
        private final ListDelta delta;
        private final int baseEntries;
        private final int added;
        private final int pdqCount;
        private final long commit;
        private final long[] pdqWords;
        private final int[] pdqEntry;
        private final String[] labels;
        private final @Nullable String[] categoryOf;
        private final long[] dateOf;
        private final @Nullable String[] detailsOf;
        private final @Nullable PdqHash[] pdqOf;
        private final @Nullable String[] md5Of;
        private final int removals;

        private View(
                ListDelta delta,
                int baseEntries,
                int added,
                int pdqCount,
                long commit,
                long[] pdqWords,
                int[] pdqEntry,
                String[] labels,
                @Nullable String[] categoryOf,
                long[] dateOf,
                @Nullable String[] detailsOf,
                @Nullable PdqHash[] pdqOf,
                @Nullable String[] md5Of,
                int removals) {
            this.delta = delta;
            this.baseEntries = baseEntries;
            this.added = added;
            this.pdqCount = pdqCount;
            this.commit = commit;
            this.pdqWords = pdqWords;
            this.pdqEntry = pdqEntry;
            this.labels = labels;
            this.categoryOf = categoryOf;
            this.dateOf = dateOf;
            this.detailsOf = detailsOf;
            this.pdqOf = pdqOf;
            this.md5Of = md5Of;
            this.removals = removals;
        }

        /** Entries of the base snapshot. */
        public int baseEntries() {
            return baseEntries;
        }

        /** Additions so far (removed ones included): entries baseEntries .. baseEntries + added - 1. */
        public int added() {
            return added;
        }

        /** Removals so far. */
        public int removals() {
            return removals;
        }

        /** Whether nothing was added or removed. */
        public boolean isEmpty() {
            return added == 0 && removals == 0;
        }

        /** Entries that exist and were not removed. */
        public int liveEntries() {
            return baseEntries + added - removals;
        }

        /** Whether {@code entry} was removed (false for a number beyond the entries). */
        public boolean isRemoved(int entry) {
            Long at = delta.removedAt.get(entry);
            return at != null && at <= commit;
        }

        /** Whether {@code entry} is one of the additions. */
        public boolean isAddition(int entry) {
            return entry >= baseEntries && entry < baseEntries + added;
        }

        /** Additions that carry a PDQ hash (removed ones included). */
        public int pdqCount() {
            return pdqCount;
        }

        /** Word {@code w} (0..3) of the PDQ hash of PDQ addition {@code i}; see {@link PdqHash#word}. */
        long pdqWord(int i, int w) {
            Objects.checkIndex(i, pdqCount);
            return pdqWords[i * 4 + w];
        }

        /** The entry number of PDQ addition {@code i}. */
        public int pdqEntry(int i) {
            Objects.checkIndex(i, pdqCount);
            return pdqEntry[i];
        }

        /**
         * Reports every live PDQ addition of this view within {@code maxDistance} of a query, exactly once per
         * (query, addition): through the newest index of the additions where the {@link IndexPlanner} would use
         * one at this radius, and a scan of the additions it does not cover. Never waits for an index build.
         *
         * @param queries query {@code q} is {@code queries[4q .. 4q+3]}, the words of its PDQ hash
         * @param queryCount number of queries
         * @param maxDistance the radius, 0..256
         * @param sink receives (query number, entry number, distance)
         * @throws IllegalArgumentException if {@code maxDistance} is outside 0..256 or {@code queryCount} is
         *     negative or exceeds {@code queries.length / 4}
         */
        public void searchPdq(long[] queries, int queryCount, int maxDistance, BatchHitSink sink) {
            PdqHash.checkDistance("maxDistance", maxDistance);
            if (queryCount < 0 || queryCount > queries.length / HammingIndex.LONGS_PER_HASH) {
                throw new IllegalArgumentException(
                        "queryCount must be 0.." + queries.length / 4 + ", got " + queryCount);
            }
            int scanFrom = 0;
            AdditionIndex ix = delta.additionIndex;
            if (ix != null && IndexPlanner.choose(maxDistance, ix.count()) == IndexStrategy.MULTI_INDEX) {
                // an index built after this view was taken may cover additions this view does not have
                int covered = Math.min(ix.count(), pdqCount);
                ix.index().searchBatch(queries, queryCount, maxDistance, (q, i, d) -> {
                    if (i < covered && !isRemoved(pdqEntry[i])) {
                        sink.hit(q, pdqEntry[i], d);
                    }
                });
                scanFrom = covered;
            }
            scan(scanFrom, queries, queryCount, maxDistance, sink);
        }

        /** A linear scan of PDQ additions {@code from ..} of this view. */
        private void scan(int from, long[] queries, int queryCount, int maxDistance, BatchHitSink sink) {
            for (int i = from; i < pdqCount; i++) {
                long w0 = pdqWords[i * 4];
                long w1 = pdqWords[i * 4 + 1];
                long w2 = pdqWords[i * 4 + 2];
                long w3 = pdqWords[i * 4 + 3];
                boolean checked = false;
                for (int q = 0; q < queryCount; q++) {
                    int base = q * HammingIndex.LONGS_PER_HASH;
                    int d = Long.bitCount(w0 ^ queries[base])
                            + Long.bitCount(w1 ^ queries[base + 1])
                            + Long.bitCount(w2 ^ queries[base + 2])
                            + Long.bitCount(w3 ^ queries[base + 3]);
                    if (d <= maxDistance) {
                        if (!checked) {
                            if (isRemoved(pdqEntry[i])) {
                                break;
                            }
                            checked = true;
                        }
                        sink.hit(q, pdqEntry[i], d);
                    }
                }
            }
        }

        /** The live additions whose MD5 is {@code hex} (any case); empty when none. */
        public int[] findMd5(String hex) {
            int[] all = delta.md5Entries.get(hex.toLowerCase(Locale.ROOT));
            if (all == null) {
                return new int[0];
            }
            return Arrays.stream(all)
                    .filter(e -> e < baseEntries + added && !isRemoved(e))
                    .toArray();
        }

        /** The label of addition {@code entry}. */
        public String label(int entry) {
            return labels[addition(entry)];
        }

        /** The category of addition {@code entry}, or null. */
        public @Nullable String category(int entry) {
            return categoryOf[addition(entry)];
        }

        /** The date of addition {@code entry}, or null. */
        public @Nullable Instant date(int entry) {
            long d = dateOf[addition(entry)];
            return d == NO_DATE ? null : Instant.ofEpochMilli(d);
        }

        /** The details of addition {@code entry}, or null. */
        public @Nullable String details(int entry) {
            return detailsOf[addition(entry)];
        }

        /** Addition {@code entry} as it was appended. */
        Add asAdd(int entry) {
            int k = addition(entry);
            return new Add(pdqOf[k], md5Of[k], labels[k], categoryOf[k], date(entry), detailsOf[k]);
        }

        /**
         * What was appended after {@code earlier} (a view of the same delta taken before this one), as one batch that
         * does the same to a delta of a snapshot with the same entry numbers: the additions in order, then the
         * removals in entry order.
         *
         * @throws IllegalArgumentException if {@code earlier} is not an earlier view of the same delta
         */
        public List<Change> changesSince(View earlier) {
            if (earlier.delta != delta || earlier.commit > commit) {
                throw new IllegalArgumentException("not an earlier view of the same delta");
            }
            List<Change> changes = new ArrayList<>();
            for (int k = earlier.added; k < added; k++) {
                changes.add(asAdd(baseEntries + k));
            }
            List<Integer> removed = new ArrayList<>();
            for (Map.Entry<Integer, Long> r : delta.removedAt.entrySet()) {
                if (r.getValue() > earlier.commit && r.getValue() <= commit) {
                    removed.add(r.getKey());
                }
            }
            removed.sort(null);
            for (int e : removed) {
                changes.add(new Remove(e));
            }
            return changes;
        }

        /** The PDQ hash of addition {@code entry}, or null. */
        public @Nullable PdqHash pdq(int entry) {
            return pdqOf[addition(entry)];
        }

        /** The MD5 digest (lowercase hex) of addition {@code entry}, or null. */
        public @Nullable String md5(int entry) {
            return md5Of[addition(entry)];
        }

        private int addition(int entry) {
            if (!isAddition(entry)) {
                throw new IndexOutOfBoundsException("entry " + entry + " is not an addition");
            }
            return entry - baseEntries;
        }
    }

    // ---------------------------------------------------------------- encoding

    private static byte[] encode(List<? extends Change> changes, int version) {
        int n = 0;
        List<byte[]> labelBytes = new ArrayList<>();
        List<byte @Nullable []> categoryBytes = new ArrayList<>();
        List<byte @Nullable []> detailsBytes = new ArrayList<>();
        for (Change ch : changes) {
            if (ch instanceof Add a) {
                byte[] l = a.label().getBytes(StandardCharsets.UTF_8);
                labelBytes.add(l);
                String category = version >= 2 ? a.category() : null;
                byte[] c = category == null ? null : category.getBytes(StandardCharsets.UTF_8);
                categoryBytes.add(c);
                String details = version >= 3 ? a.details() : null;
                byte[] x = details == null ? null : details.getBytes(StandardCharsets.UTF_8);
                detailsBytes.add(x);
                n += 2 + (a.pdq() != null ? 32 : 0) + (a.md5() != null ? 16 : 0) + 2 + l.length;
                n += (c != null ? 2 + c.length : 0) + (version >= 2 && a.date() != null ? 8 : 0);
                n += x != null ? 4 + x.length : 0;
            } else {
                n += 5;
            }
        }
        byte[] bytes = new byte[n];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int l = 0;
        for (Change ch : changes) {
            switch (ch) {
                case Add a -> {
                    PdqHash pdq = a.pdq();
                    String md5 = a.md5();
                    byte[] category = categoryBytes.get(l);
                    byte[] details = detailsBytes.get(l);
                    Instant date = version >= 2 ? a.date() : null;
                    b.put(ADD).put((byte) ((pdq != null ? KIND_PDQ : 0)
                            | (md5 != null ? KIND_MD5 : 0)
                            | (category != null ? KIND_CATEGORY : 0)
                            | (date != null ? KIND_DATE : 0)
                            | (details != null ? KIND_DETAILS : 0)));
                    if (pdq != null) {
                        for (int w = 0; w < 4; w++) {
                            b.putLong(pdq.word(w));
                        }
                    }
                    if (md5 != null) {
                        b.put(HexFormat.of().parseHex(md5));
                    }
                    byte[] label = labelBytes.get(l++);
                    b.putShort((short) label.length).put(label);
                    if (category != null) {
                        b.putShort((short) category.length).put(category);
                    }
                    if (date != null) {
                        b.putLong(date.toEpochMilli());
                    }
                    if (details != null) {
                        b.putInt(details.length).put(details);
                    }
                }
                case Remove r -> b.put(REMOVE).putInt(r.entry());
            }
        }
        return bytes;
    }

    private static List<Change> decode(ByteBuffer b, int records, int version) {
        int known = KIND_PDQ
                | KIND_MD5
                | (version >= 2 ? KIND_CATEGORY | KIND_DATE : 0)
                | (version >= 3 ? KIND_DETAILS : 0);
        List<Change> changes = new ArrayList<>(Math.min(records, 1 << 16));
        for (int i = 0; i < records; i++) {
            byte type = b.get();
            if (type == ADD) {
                int kinds = b.get() & 0xFF;
                if ((kinds & ~known) != 0) {
                    throw new IllegalArgumentException("unknown hash kinds " + kinds);
                }
                PdqHash pdq =
                        (kinds & KIND_PDQ) != 0 ? PdqHash.of(b.getLong(), b.getLong(), b.getLong(), b.getLong()) : null;
                String md5 = null;
                if ((kinds & KIND_MD5) != 0) {
                    byte[] d = new byte[16];
                    b.get(d);
                    md5 = HexFormat.of().formatHex(d);
                }
                byte[] label = new byte[b.getShort() & 0xFFFF];
                b.get(label);
                String category = null;
                if ((kinds & KIND_CATEGORY) != 0) {
                    byte[] c = new byte[b.getShort() & 0xFFFF];
                    b.get(c);
                    category = new String(c, StandardCharsets.UTF_8);
                }
                Instant date = (kinds & KIND_DATE) != 0 ? Instant.ofEpochMilli(b.getLong()) : null;
                String details = null;
                if ((kinds & KIND_DETAILS) != 0) {
                    int length = b.getInt();
                    if (length < 0 || length > MAX_DETAILS_BYTES) {
                        throw new IllegalArgumentException("details of " + length + " bytes");
                    }
                    byte[] x = new byte[length];
                    b.get(x);
                    details = new String(x, StandardCharsets.UTF_8);
                }
                changes.add(new Add(pdq, md5, new String(label, StandardCharsets.UTF_8), category, date, details));
            } else if (type == REMOVE) {
                changes.add(new Remove(b.getInt()));
            } else {
                throw new IllegalArgumentException("unknown record type " + type);
            }
        }
        if (b.hasRemaining()) {
            throw new IllegalArgumentException(b.remaining() + " bytes after the last record");
        }
        return changes;
    }

    private byte[] readBytes(long pos, int n) throws IOException {
        return DurableFiles.read(channel, path, pos, n);
    }

    private void writeFully(ByteBuffer b, long pos) throws IOException {
        long at = pos;
        while (b.hasRemaining()) {
            at += channel.write(b, at);
        }
    }
}
