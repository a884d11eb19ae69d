package io.hashmatch.list.metadata;

import io.hashmatch.list.DurableFiles;
import io.hashmatch.list.FileFormatException;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import net.openhft.chronicle.map.ChronicleMap;
import org.jspecify.annotations.Nullable;

/**
 * Per-entry metadata of a snapshot in a Chronicle Map file beside it, keyed by entry number: off-heap and
 * memory-mapped, so the heap stays small whatever the list's size, and shared by every process that opens
 * it.
 *
 * <p>Opening a Chronicle Map costs seconds in a fresh JVM (it compiles generated classes), so callers open
 * this store only when a hit needs metadata. The value encoding is hashmatch's own, versioned by its first
 * byte: {@code 1}, then externalId, category, sourceList (each a presence byte and modified UTF-8), dateAdded
 * (presence byte, epoch milliseconds), tag count and tags, PhotoDNA (presence byte, int32 byte length, UTF-8);
 * {@code 2} for a record with details, which follow as a presence byte, int32 byte length and UTF-8; byte by byte in
 * {@link EncodedMetadata}.
 *
 * <p><b>Entries without a record.</b> {@link ListImporter} writes no record for an entry whose metadata is only
 * its category and source list (no external id, tags, date added or PhotoDNA): the snapshot holds those two
 * ({@link HashListSnapshot#category}, {@link HashListSnapshot#sourceList}), and a Chronicle Map put costs some
 * microseconds, most of a large plain import's time. {@link #get} then returns empty for it; {@code Matcher}
 * rebuilds such an entry's metadata from the snapshot, and the list exporter reads those two fields from the
 * snapshot anyway.
 *
 * <p>Thread-safe: Chronicle Map supports concurrent readers. {@link #close()} releases the mapping.
 */
public final class EntryMetadataStore implements AutoCloseable {
    private static final String MAP_NAME = "hashmatch-entry-metadata";
    private static final int INTERRUPT_CHECK = 1 << 16;
    private static final AtomicBoolean WARMED_UP = new AtomicBoolean();

    private final ChronicleMap<Integer, byte[]> map;
    private final Path path;
    /** The private copy {@link #openReadOnly} opened instead of {@link #path}, deleted on close; null otherwise. */
    private final @Nullable Path privateCopy;

    private EntryMetadataStore(ChronicleMap<Integer, byte[]> map, Path path, @Nullable Path privateCopy) {
        this.map = map;
        this.path = path;
        this.privateCopy = privateCopy;
    }

    /**
     * Writes {@code metadata.get(i)} for entry i to {@code target}, atomically and durably, replacing any previous
     * file.
     */
    public static void write(Path target, List<EntryMetadata> metadata) throws IOException {
        EncodedMetadata encoded = new EncodedMetadata();
        for (EntryMetadata m : metadata) {
            encoded.add(m);
        }
        write(target, encoded);
    }

    /**
     * Writes value i of {@code values} for entry i to {@code target} (no record for an entry without a value),
     * atomically and durably ({@link DurableFiles#replace}), replacing any previous file. Checks the interrupt flag every {@value #INTERRUPT_CHECK} entries: an
     * interrupted write deletes its temporary file and throws {@link InterruptedIOException}.
     */
    public static void write(Path target, EncodedMetadata values) throws IOException {
        int n = values.size();
        int records = values.valueCount();
        double average = records == 0 ? 16 : Math.max(16, (double) values.byteSize() / records);
        DurableFiles.replace(target, tmp -> {
            Files.delete(tmp); // Chronicle Map creates its file itself
            try (ChronicleMap<Integer, byte[]> map = ChronicleMap.of(Integer.class, byte[].class)
                    .name(MAP_NAME)
                    .entries(Math.max(1, records))
                    .averageValueSize(average)
                    .createPersistedTo(tmp.toFile())) {
                ownerOnly(tmp); // before any record is written: per-entry metadata is as confidential as the snapshot
                for (int i = 0; i < n; i++) {
                    if (i % INTERRUPT_CHECK == 0 && Thread.currentThread().isInterrupted()) {
                        throw new InterruptedIOException("metadata write interrupted at entry " + i + " of " + n);
                    }
                    if (values.has(i)) {
                        map.put(i, values.value(i));
                    }
                }
            }
        });
    }

    /**
     * Creates and drops a small in-memory map of the store's types, once per JVM: Chronicle Map generates and
     * compiles classes at its first use (seconds), which the importer pays on a spare core while it parses
     * instead of on the critical path. Failures are left to the real write to report.
     */
    public static void warmUp() {
        if (WARMED_UP.compareAndSet(false, true)) {
            try (ChronicleMap<Integer, byte[]> map = ChronicleMap.of(Integer.class, byte[].class)
                    .name(MAP_NAME + "-warm-up")
                    .entries(16)
                    .averageValueSize(64)
                    .create()) {
                map.put(0, new byte[64]);
            } catch (RuntimeException | LinkageError e) {
                // the write reports whatever is wrong
            }
        }
    }

    /**
     * Opens an existing store read-mostly. Chronicle Map keeps its locks inside the file, so this maps it for
     * writing (the file needs write access and its modification time changes); see {@link #openReadOnly}.
     */
    public static EntryMetadataStore open(Path path) throws IOException {
        requireFile(path);
        return new EntryMetadataStore(openMap(path), path, null);
    }

    /**
     * Opens an existing store without writing to it: the file is copied to a private temporary file (owner-only
     * permissions, in {@code java.io.tmpdir}), which is opened instead and deleted by {@link #close()}. The file
     * itself is only read, so it may be read-only and keeps its modification time; the copy costs its size in
     * temporary disk space and one sequential read. Errors still name the file itself.
     */
    public static EntryMetadataStore openReadOnly(Path path) throws IOException {
        requireFile(path);
        Path copy = Files.createTempFile("hashmatch-metadata-", ".meta"); // 0600 on POSIX file systems
        try {
            try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ);
                    FileChannel out = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                long size = in.size();
                for (long at = 0; at < size; ) {
                    long n = in.transferTo(at, size - at, out);
                    if (n <= 0) {
                        throw new IOException(path + ": shorter than its size while copying it");
                    }
                    at += n;
                }
            }
            return new EntryMetadataStore(openMap(copy), path, copy);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(copy);
            throw e;
        }
    }

    private static void requireFile(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new java.nio.file.NoSuchFileException(path.toString(), null, "metadata store not found");
        }
    }

    private static ChronicleMap<Integer, byte[]> openMap(Path file) throws IOException {
        return ChronicleMap.of(Integer.class, byte[].class)
                .name(MAP_NAME)
                .entries(1)
                .averageValueSize(16)
                .createPersistedTo(file.toFile());
    }

    /** Makes {@code file} readable and writable by its owner only, where the file system has POSIX permissions. */
    private static void ownerOnly(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view != null) {
            view.setPermissions(PosixFilePermissions.fromString("rw-------"));
        }
    }

    /**
     * Metadata of entry {@code entry}, if it has a record (see "Entries without a record" above: an imported entry
     * whose metadata is only its category and source list has none).
     *
     * @throws UncheckedIOException wrapping a {@link FileFormatException}: TOO_OLD or TOO_NEW when the record
     *     is in an encoding version this build does not read, CORRUPT when it is damaged
     */
    public Optional<EntryMetadata> get(int entry) {
        byte[] value = map.get(entry);
        return value == null ? Optional.empty() : Optional.of(decode(path, value, entry));
    }

    /** Number of entries with metadata. */
    public long size() {
        return map.longSize();
    }

    /** Closes the mapping; a store from {@link #openReadOnly} also deletes its private copy. */
    @Override
    public void close() {
        map.close();
        if (privateCopy != null) {
            try {
                Files.deleteIfExists(privateCopy);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the private copy " + privateCopy, e);
            }
        }
    }

    /** Decodes record {@code value} of entry {@code entry} of the store at {@code path}, as {@link #get} documents. */
    static EntryMetadata decode(Path path, byte[] value, int entry) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(value));
            int version = in.readByte();
            if (version < EncodedMetadata.ENCODING_VERSION || version > EncodedMetadata.DETAILS_ENCODING_VERSION) {
                throw new UncheckedIOException(FileFormatException.unsupportedVersion(
                        path,
                        "metadata",
                        "entry " + entry,
                        version,
                        EncodedMetadata.ENCODING_VERSION,
                        EncodedMetadata.DETAILS_ENCODING_VERSION));
            }
            String externalId = readOptional(in);
            String category = readOptional(in);
            String source = readOptional(in);
            Instant date = in.readBoolean() ? Instant.ofEpochMilli(in.readLong()) : null;
            int n = in.readInt();
            if (n < 0 || n > value.length) {
                throw corrupt(path, entry, "a corrupt tag count " + n);
            }
            List<String> tags = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                tags.add(in.readUTF());
            }
            String photoDna = null;
            if (in.readBoolean()) {
                int length = in.readInt();
                if (length < 0 || length > value.length) {
                    throw corrupt(path, entry, "a corrupt PhotoDNA length " + length);
                }
                byte[] bytes = new byte[length];
                in.readFully(bytes); // a record cut inside its PhotoDNA is corrupt, like one cut anywhere else
                photoDna = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            }
            String details = null;
            if (version == EncodedMetadata.DETAILS_ENCODING_VERSION && in.readBoolean()) {
                int length = in.readInt();
                if (length < 0 || length > value.length) {
                    throw corrupt(path, entry, "a corrupt details length " + length);
                }
                byte[] bytes = new byte[length];
                in.readFully(bytes);
                details = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            }
            return new EntryMetadata(externalId, category, source == null ? "" : source, date, tags, photoDna, details);
        } catch (IOException e) {
            UncheckedIOException u = corrupt(path, entry, "corrupt metadata (" + e + ")");
            u.addSuppressed(e);
            throw u;
        }
    }

    private static UncheckedIOException corrupt(Path path, int entry, String what) {
        return new UncheckedIOException(FileFormatException.corrupt(path, "entry " + entry + " has " + what));
    }

    private static @Nullable String readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
