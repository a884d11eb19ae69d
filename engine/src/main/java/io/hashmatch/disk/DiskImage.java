package io.hashmatch.disk;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A disk image opened read-only: raw/dd, split raw ({@code .001}, {@code .002}...) or EnCase E01, its partition
 * table (MBR, GPT) and the file systems in it (FAT12/16/32, exFAT, NTFS, ext2/3/4), read through The Sleuth Kit
 * ({@code libtsk}) by FFM. The image is never mounted or written: TSK opens its files for reading only.
 *
 * <pre>{@code
 * try (DiskImage image = DiskImage.open(Path.of("card.E01"))) {
 *     for (DiskImage.Volume v : image.volumes()) {
 *         for (DiskImage.FileEntry f : image.files(v)) {
 *             try (InputStream in = image.open(v, f)) { ... }
 *         }
 *         for (DiskImage.Range r : image.unallocated(v)) { ... image.read(offset, buf, 0, n) ... }
 *     }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one thread uses an instance at a time (TSK's handles keep state, and its error state is per
 * thread). Several instances may be used by several threads.
 */
@SuppressWarnings("restricted") // FFM calls into libtsk/libewf: the JVM runs with --enable-native-access
public final class DiskImage implements AutoCloseable {
    /** Image container formats. */
    public enum Format {
        /** One raw (dd) file. */
        RAW,
        /** A raw image split into numbered segments ({@code .001}, {@code .002}...). */
        SPLIT_RAW,
        /** EnCase Expert Witness format ({@code .E01}, {@code .Ex01}), read through libewf. */
        E01;

        /** Lower-case label ({@code raw}, {@code split-raw}, {@code e01}). */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * A partition (or the whole medium when there is no partition table) and the file system read in it.
     *
     * @param name {@code "p1"}..., numbered in table order among the partitions that hold data; {@code ""} for the
     *     whole medium
     * @param offset byte offset in the image
     * @param length bytes
     * @param description the table's description ({@code "DOS FAT16 (0x06)"}...), or {@code "whole medium"}
     * @param fileSystem the file system's TSK name ({@code fat16}, {@code ntfs}, {@code ext4}...), or null when none
     *     was read
     * @param error why no file system could be read, or null
     */
    public record Volume(
            String name,
            long offset,
            long length,
            String description,
            @Nullable String fileSystem,
            @Nullable String error) {}

    /**
     * A regular file in a file system, allocated or deleted.
     *
     * @param path its path in the file system, {@code "/"}-separated, no leading slash
     * @param metaAddress its metadata address (inode, MFT entry, FAT directory entry)
     * @param size its size in bytes
     * @param deleted whether its name or metadata is marked unallocated
     * @param reallocated whether its name is deleted but its metadata entry now belongs to another file: its
     *     content is gone
     * @param created birth time, or null
     * @param modified content modification time, or null
     * @param accessed last access time, or null
     * @param changed metadata change time, or null
     */
    public record FileEntry(
            String path,
            long metaAddress,
            long size,
            boolean deleted,
            boolean reallocated,
            @Nullable Instant created,
            @Nullable Instant modified,
            @Nullable Instant accessed,
            @Nullable Instant changed) {}

    /**
     * Bytes of the image no file system allocates: unallocated blocks of a file system, a partition without a
     * readable one, or space outside every partition.
     *
     * @param partition the partition's name, or null outside every partition
     * @param offset byte offset in the image
     * @param length bytes
     */
    public record Range(@Nullable String partition, long offset, long length) {}

    /**
     * Where a file's content lies in the image.
     *
     * @param offset byte offset in the image of its first block, or -1 when it has none of its own (empty, resident
     *     in an NTFS MFT entry, sparse) or it cannot be mapped
     * @param blocks the file-system blocks that hold its content
     * @param overwritten for a deleted file, how many of those blocks the file system has allocated again since (to
     *     another file): that part of what is read is the other file's content; 0 for an allocated file
     * @param slack the bytes between the end of an allocated file's content and the end of its last block or
     *     cluster (its slack space), as ranges of the image
     */
    public record Placement(long offset, long blocks, long overwritten, List<Range> slack) {
        /** Copies the ranges. */
        public Placement {
            slack = List.copyOf(slack);
        }

        static final Placement NONE = new Placement(-1, 0, 0, List.of());
    }

    /**
     * Where a FAT file's cluster chain breaks before it holds the file's declared size: a loop, a free or bad
     * cluster, a cluster outside the data area, or an early end.
     *
     * @param readable bytes of the file the chain holds before it breaks (its first clusters, each once)
     * @param found what was found, for the report
     * @param content where those bytes lie in the image, in the file's order ({@link #open(ChainBreak)} reads them)
     */
    public record ChainBreak(long readable, String found, List<Range> content) {
        /** Copies the ranges. */
        public ChainBreak {
            content = List.copyOf(content);
        }
    }

    private static final byte[] EWF1 = {'E', 'V', 'F', 0x09, 0x0d, 0x0a, (byte) 0xff, 0x00};
    private static final byte[] EWF2 = {'E', 'V', 'F', '2', 0x0d, 0x0a, (byte) 0x81, 0x00};
    private static final Pattern SEGMENT = Pattern.compile("(.*\\.)(\\d{3})");
    private static final Pattern EWF_SEGMENT = Pattern.compile("(.*\\.)([Ee])(\\d{2})");
    /** Bytes of a native read buffer. */
    private static final int BUFFER = 1 << 20;

    private final Tsk tsk;
    private final Arena arena = Arena.ofShared();
    private final Format format;
    private final List<Path> segments;
    private final MemorySegment img;
    private final long size;
    private final @Nullable String volumeError;
    private final List<Volume> volumes = new ArrayList<>();
    private final List<MemorySegment> fileSystems = new ArrayList<>(); // parallel to volumes; NULL when none
    /** FAT12/16/32 file systems read directly, by file-system offset (empty: not one). */
    private final Map<Long, java.util.Optional<FatVolume>> fats = new java.util.HashMap<>();
    /** exFAT file systems read directly, by file-system offset (empty: not one). */
    private final Map<Long, java.util.Optional<ExfatVolume>> exfats = new java.util.HashMap<>();

    private final List<Range> outside = new ArrayList<>();
    private final MemorySegment buffer;
    private boolean closed;
    /** The first failed read of the medium's bytes, and how many failed (a cut or damaged image). */
    private @Nullable String readError;

    private long readErrors;

    /**
     * The format of {@code file} when its first bytes are a disk image's: an EnCase signature, a GPT header, an MBR
     * partition table, or the boot sector or superblock of FAT, exFAT, NTFS or ext2/3/4. Null otherwise. A file
     * named {@code *.001} that starts as a raw image is {@link Format#SPLIT_RAW} when a {@code .002} exists.
     *
     * @throws IOException if the file cannot be read
     */
    public static @Nullable Format recognise(Path file) throws IOException {
        byte[] head = new byte[4096];
        int n;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.wrap(head);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // fill the head
            }
            n = b.position();
        }
        if (startsWith(head, n, EWF1) || startsWith(head, n, EWF2)) {
            return Format.E01;
        }
        if (!rawImage(head, n)) {
            return null;
        }
        return segmentsOf(file).size() > 1 ? Format.SPLIT_RAW : Format.RAW;
    }

    private static boolean startsWith(byte[] head, int n, byte[] magic) {
        if (n < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (head[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the first bytes are a partition table's or a file system's (see {@link #recognise}). */
    static boolean rawImage(byte[] h, int n) {
        if (n >= 520 && new String(h, 512, 8, StandardCharsets.ISO_8859_1).equals("EFI PART")) {
            return true;
        }
        if (n < 512) {
            return false;
        }
        boolean bootSignature = (h[510] & 0xff) == 0x55 && (h[511] & 0xff) == 0xaa;
        String oem = new String(h, 3, 8, StandardCharsets.ISO_8859_1);
        if (bootSignature && (oem.equals("NTFS    ") || oem.equals("EXFAT   "))) {
            return true;
        }
        boolean jump = (h[0] & 0xff) == 0xeb || (h[0] & 0xff) == 0xe9;
        if (bootSignature
                && jump
                && (new String(h, 54, 3, StandardCharsets.ISO_8859_1).equals("FAT")
                        || new String(h, 82, 3, StandardCharsets.ISO_8859_1).equals("FAT"))) {
            return true;
        }
        if (bootSignature && mbr(h)) {
            return true;
        }
        if (n >= 1024 + 90) {
            ByteBuffer sb = ByteBuffer.wrap(h, 1024, 90).order(ByteOrder.LITTLE_ENDIAN);
            int magic = sb.getShort(1024 + 56) & 0xffff;
            int logBlock = sb.getInt(1024 + 24);
            int state = sb.getShort(1024 + 58) & 0xffff;
            int rev = sb.getInt(1024 + 76);
            return magic == 0xef53
                    && logBlock >= 0
                    && logBlock <= 6
                    && state >= 1
                    && state <= 7
                    && rev >= 0
                    && rev <= 1;
        }
        return false;
    }

    /** Four MBR entries, each with status 0 or 0x80, at least one with a type and a non-zero size. */
    private static boolean mbr(byte[] h) {
        boolean any = false;
        for (int e = 0; e < 4; e++) {
            int at = 446 + 16 * e;
            int status = h[at] & 0xff;
            if (status != 0 && status != 0x80) {
                return false;
            }
            int type = h[at + 4] & 0xff;
            long sectors = ByteBuffer.wrap(h, at + 12, 4)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .getInt(at + 12)
                    & 0xffffffffL;
            any |= type != 0 && sectors != 0;
        }
        return any;
    }

    /**
     * {@code file} and the segments that follow it: for {@code name.001}, {@code name.002}...; for
     * {@code name.E01}, {@code name.E02}... (the same case), as long as they exist. Read from the names alone, so
     * that an image that cannot be opened still has its files' own hashes taken.
     */
    public static List<Path> segmentsOf(Path file) {
        List<Path> out = new ArrayList<>();
        out.add(file);
        String name = file.getFileName().toString();
        Matcher raw = SEGMENT.matcher(name);
        Matcher ewf = EWF_SEGMENT.matcher(name);
        String pattern = raw.matches() && raw.group(2).equals("001")
                ? raw.group(1) + "%03d"
                : ewf.matches() && ewf.group(3).equals("01") ? ewf.group(1) + ewf.group(2) + "%02d" : null;
        if (pattern != null) {
            for (int i = 2; i < (pattern.endsWith("%03d") ? 1000 : 100); i++) {
                Path next = file.resolveSibling(String.format(Locale.ROOT, pattern, i));
                if (!Files.isRegularFile(next)) {
                    break;
                }
                out.add(next);
            }
        }
        return out;
    }

    /**
     * Whether {@code file} is a later segment ({@code .002}..., {@code .E02}...) of a split raw or E01 image whose
     * first segment is beside it: such a file is read as part of that image, and is not an image or a file of its
     * own.
     *
     * @throws IOException if the first segment cannot be read
     */
    public static boolean isLaterSegment(Path file) throws IOException {
        String name = file.getFileName().toString();
        Matcher raw = SEGMENT.matcher(name);
        Matcher ewf = EWF_SEGMENT.matcher(name);
        Path first;
        if (raw.matches() && !raw.group(2).equals("000") && !raw.group(2).equals("001")) {
            first = file.resolveSibling(raw.group(1) + "001");
        } else if (ewf.matches() && !ewf.group(3).equals("00") && !ewf.group(3).equals("01")) {
            first = file.resolveSibling(ewf.group(1) + ewf.group(2) + "01");
        } else {
            return false;
        }
        return Files.isRegularFile(first)
                && recognise(first) != null
                && segmentsOf(first).contains(file);
    }

    private DiskImage(Tsk tsk, Format format, List<Path> segments) throws DiskImageException {
        this.tsk = tsk;
        this.format = format;
        this.segments = List.copyOf(segments);
        this.buffer = arena.allocate(BUFFER);
        try {
            MemorySegment names = arena.allocate(ValueLayout.ADDRESS, segments.size());
            for (int i = 0; i < segments.size(); i++) {
                names.setAtIndex(
                        ValueLayout.ADDRESS,
                        i,
                        arena.allocateFrom(segments.get(i).toString()));
            }
            int type = format == Format.E01 ? 0 : 1; // TSK_IMG_TYPE_DETECT (E01 through libewf), TSK_IMG_TYPE_RAW
            MemorySegment i = (MemorySegment) tsk.imgOpen.invokeExact(segments.size(), names, type, 0);
            if (i.equals(MemorySegment.NULL)) {
                String why = tsk.error();
                arena.close();
                throw new DiskImageException(
                        DiskImageException.Reason.IMAGE_UNREADABLE,
                        "cannot open the image " + segments.get(0) + ": " + why);
            }
            img = i.reinterpret(256);
            size = img.get(ValueLayout.JAVA_LONG, Tsk.IMG_SIZE);
            volumeError = readVolumes();
        } catch (DiskImageException e) {
            throw e;
        } catch (IOException e) {
            throw new DiskImageException(
                    DiskImageException.Reason.IMAGE_UNREADABLE,
                    "cannot read the image " + segments.get(0) + ": " + e.getMessage());
        } catch (Throwable e) {
            throw Tsk.rethrow(e);
        }
    }

    /**
     * Opens the image whose (first) file is {@code file}, reading its partition table and opening the file systems.
     * A damaged partition table or an unreadable file system is not an error here: {@link #volumeError()} and
     * {@link Volume#error()} say what could not be read, and its bytes are in {@link #unallocated}.
     *
     * @throws DiskImageException if the library is missing ({@code LIBRARY_MISSING}) or the image cannot be opened
     *     ({@code IMAGE_UNREADABLE})
     * @throws IOException if the file cannot be read
     */
    public static DiskImage open(Path file) throws IOException {
        Format f = recognise(file);
        if (f == null) {
            throw new DiskImageException(
                    DiskImageException.Reason.IMAGE_UNREADABLE, file + " does not start as a disk image");
        }
        return new DiskImage(Tsk.get(), f, segmentsOf(file));
    }

    private @Nullable String readVolumes() throws Throwable {
        MemorySegment vs = (MemorySegment) tsk.vsOpen.invokeExact(img, 0L, Tsk.VS_TYPE_DETECT);
        String gptError = null;
        if (protectiveMbr()
                && (vs.equals(MemorySegment.NULL)
                        || vs.reinterpret(256).get(ValueLayout.JAVA_INT, Tsk.VS_TYPE) != Tsk.VS_TYPE_GPT)) {
            // a GPT disk whose primary table TSK could not read (it then sees only the protective MBR): asked for
            // a GPT explicitly, TSK reads the backup table at the end of the medium
            tsk.error();
            MemorySegment gpt = (MemorySegment) tsk.vsOpen.invokeExact(img, 0L, Tsk.VS_TYPE_GPT);
            if (gpt.equals(MemorySegment.NULL)) {
                gptError = "GPT damaged: neither its primary nor its backup table can be read (" + tsk.error() + ")";
            } else {
                if (!vs.equals(MemorySegment.NULL)) {
                    tsk.vsClose.invokeExact(vs);
                }
                vs = gpt;
            }
        }
        if (!vs.equals(MemorySegment.NULL)
                && vs.reinterpret(256).get(ValueLayout.JAVA_INT, Tsk.VS_TYPE) == Tsk.VS_TYPE_GPT
                && vs.reinterpret(256).get(ValueLayout.JAVA_BYTE, Tsk.VS_IS_BACKUP) != 0) {
            gptError = "the primary GPT is damaged: the partitions were read from the backup table at the end of"
                    + " the medium";
        }
        String tableError = readTable(vs);
        return tableError != null ? tableError : gptError;
    }

    /** Whether the first sector is an MBR with a protective entry (type 0xEE): the disk has a GPT. */
    private boolean protectiveMbr() {
        byte[] sector = new byte[512];
        if (size < 512 || readOrNot(0, sector) != 512 || (sector[510] & 0xff) != 0x55 || (sector[511] & 0xff) != 0xaa) {
            return false;
        }
        for (int e = 0; e < 4; e++) {
            if ((sector[446 + 16 * e + 4] & 0xff) == 0xee) {
                return true;
            }
        }
        return false;
    }

    private @Nullable String readTable(MemorySegment vs) throws Throwable {
        if (vs.equals(MemorySegment.NULL)) {
            String vsError = tsk.error();
            MemorySegment fs = openFs(0);
            String fsError = fs.equals(MemorySegment.NULL) ? tsk.error() : null;
            if (fs.equals(MemorySegment.NULL) && readMbrEntries()) {
                return vsError; // a partition table TSK refuses: each entry tried on its own
            }
            volumes.add(new Volume("", 0, size, "whole medium", fsName(fs), fsError));
            fileSystems.add(fs);
            // a medium that starts with a partition table TSK cannot read: the table is damaged
            return fs.equals(MemorySegment.NULL) ? vsError : null;
        }
        vs = vs.reinterpret(256);
        try {
            long blockSize = vs.get(ValueLayout.JAVA_INT, Tsk.VS_BLOCK_SIZE) & 0xffffffffL;
            int count = vs.get(ValueLayout.JAVA_INT, Tsk.VS_PART_COUNT);
            int n = 0;
            String tableError = null;
            for (int k = 0; k < count; k++) {
                MemorySegment part = ((MemorySegment) tsk.vsPartGet.invokeExact(vs, k)).reinterpret(128);
                long start = part.get(ValueLayout.JAVA_LONG, Tsk.PART_START) * blockSize;
                long len = part.get(ValueLayout.JAVA_LONG, Tsk.PART_LEN) * blockSize;
                int flags = part.get(ValueLayout.JAVA_INT, Tsk.PART_FLAGS);
                String desc = Objects.requireNonNullElse(Tsk.string(part.get(ValueLayout.ADDRESS, Tsk.PART_DESC)), "");
                if ((flags & Tsk.PART_FLAG_UNALLOC) != 0) {
                    long end = Math.min(start + len, size);
                    if (end > start) {
                        outside.add(new Range(null, start, end - start));
                    }
                    continue;
                }
                if ((flags & Tsk.PART_FLAG_ALLOC) == 0) {
                    continue; // the table itself, extended-partition containers
                }
                String name = "p" + ++n;
                if (start + len > size) {
                    tableError = "partition " + name + " (" + desc + ") at byte " + start + " with " + len
                            + " bytes ends beyond the image's " + size + " bytes";
                    long have = Math.max(0, size - start);
                    volumes.add(new Volume(name, start, have, desc, null, tableError));
                    fileSystems.add(MemorySegment.NULL);
                    if (have > 0) {
                        outside.add(new Range(name, start, have));
                    }
                    continue;
                }
                MemorySegment fs = openFs(start);
                String fsError = fs.equals(MemorySegment.NULL) ? tsk.error() : null;
                volumes.add(new Volume(name, start, len, desc, fsName(fs), fsError));
                fileSystems.add(fs);
            }
            return tableError;
        } finally {
            tsk.vsClose.invokeExact(vs);
        }
    }

    /**
     * When TSK refuses an MBR (an entry beyond the end of the medium, overlapping entries), reads its four primary
     * entries here and opens a file system at each start that lies in the medium, so that one bad entry does not
     * hide the others. Returns false when the first sector is no MBR.
     */
    private boolean readMbrEntries() throws Throwable {
        byte[] sector = new byte[512];
        if (readOrNot(0, sector) != 512
                || (sector[510] & 0xff) != 0x55
                || (sector[511] & 0xff) != 0xaa
                || !mbr(sector)) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN);
        int n = 0;
        for (int e = 0; e < 4; e++) {
            int at = 446 + 16 * e;
            int type = sector[at + 4] & 0xff;
            long start = (b.getInt(at + 8) & 0xffffffffL) * 512;
            long len = (b.getInt(at + 12) & 0xffffffffL) * 512;
            if (type == 0 || len == 0) {
                continue;
            }
            String name = "p" + ++n;
            String desc = String.format(Locale.ROOT, "MBR entry %d (0x%02x)", e + 1, type);
            if (start >= size) {
                volumes.add(new Volume(
                        name,
                        start,
                        0,
                        desc,
                        null,
                        "starts at byte " + start + ", beyond the image's " + size + " bytes"));
                fileSystems.add(MemorySegment.NULL);
                continue;
            }
            long have = Math.min(len, size - start);
            MemorySegment fs = openFs(start);
            String fsError = fs.equals(MemorySegment.NULL) ? tsk.error() : have < len ? "ends beyond the image" : null;
            volumes.add(new Volume(name, start, have, desc, fsName(fs), fsError));
            fileSystems.add(fs);
        }
        return n > 0;
    }

    private MemorySegment openFs(long offset) throws Throwable {
        MemorySegment fs = (MemorySegment) tsk.fsOpen.invokeExact(img, offset, 0);
        return fs.equals(MemorySegment.NULL) ? fs : fs.reinterpret(512);
    }

    private @Nullable String fsName(MemorySegment fs) throws Throwable {
        if (fs.equals(MemorySegment.NULL)) {
            return null;
        }
        int type = fs.get(ValueLayout.JAVA_INT, Tsk.FS_FTYPE);
        return Tsk.string((MemorySegment) tsk.fsTypeName.invokeExact(type));
    }

    /** The container format. */
    public Format format() {
        return format;
    }

    /** The image's files, in order. */
    public List<Path> segments() {
        return segments;
    }

    /** Bytes of the medium (for E01: uncompressed). */
    public long size() {
        return size;
    }

    /**
     * Acquisition metadata stored in an E01 image ({@code case_number}, {@code examiner}, {@code evidence_number},
     * {@code description}, {@code notes}, {@code acquiry_date}, {@code acquired_md5}, {@code acquired_sha1}...);
     * empty for a raw image.
     */
    public Map<String, String> metadata() {
        return format == Format.E01 ? LibEwf.metadata(segments) : Map.of();
    }

    /** Why the partition table could not be read in full, or null. */
    public @Nullable String volumeError() {
        return volumeError;
    }

    /**
     * Null when every read of the medium's bytes through this handle succeeded; otherwise how many failed and why
     * the first did (an E01 segment cut short: libewf's "missing chunk data"). A damaged image is read where it
     * can be: these reads fail and the rest is scanned.
     */
    public @Nullable String readError() {
        return readError == null
                ? null
                : readErrors + (readErrors == 1 ? " read" : " reads") + " of the image failed, the first " + readError;
    }

    /** The partitions that hold data, in table order (one {@code ""} volume when there is no partition table). */
    public List<Volume> volumes() {
        return List.copyOf(volumes);
    }

    private MemorySegment fs(Volume v) {
        int i = volumes.indexOf(v);
        if (i < 0) {
            throw new IllegalArgumentException("not a volume of this image: " + v);
        }
        return fileSystems.get(i);
    }

    /** Collects names during a directory walk; never throws into native code. */
    private static final class DirCollector {
        final List<FileEntry> out = new ArrayList<>();
        /** Names of regular files whose metadata TSK did not load during the walk. */
        final List<FileEntry> unloaded = new ArrayList<>();

        final boolean ntfs;
        final boolean exfat;

        DirCollector(MemorySegment fsInfo) {
            int type = fsInfo.get(ValueLayout.JAVA_INT, Tsk.FS_FTYPE);
            this.ntfs = type == Tsk.FS_TYPE_NTFS;
            this.exfat = type == Tsk.FS_TYPE_EXFAT;
        }

        @SuppressWarnings("UnusedMethod") // called by TSK through an upcall stub
        int visit(MemorySegment file, MemorySegment pathPtr, MemorySegment unused) {
            try {
                MemorySegment f = file.reinterpret(32);
                MemorySegment name = f.get(ValueLayout.ADDRESS, Tsk.FILE_NAME);
                MemorySegment meta = f.get(ValueLayout.ADDRESS, Tsk.FILE_META);
                if (name.equals(MemorySegment.NULL)) {
                    return Tsk.WALK_CONT;
                }
                name = name.reinterpret(96);
                boolean regularName = name.get(ValueLayout.JAVA_INT, Tsk.NAME_TYPE) == Tsk.NAME_TYPE_REG;
                if (meta.equals(MemorySegment.NULL) && !regularName) {
                    return Tsk.WALK_CONT;
                }
                String leaf = Objects.requireNonNullElse(Tsk.string(name.get(ValueLayout.ADDRESS, Tsk.NAME_NAME)), "");
                String dir = Objects.requireNonNullElse(Tsk.string(pathPtr), "");
                if (leaf.endsWith("(Volume Label Entry)")) {
                    return Tsk.WALK_CONT; // TSK's name for a FAT volume label: no content
                }
                if (ntfs && (dir.isEmpty() ? leaf.startsWith("$") : dir.startsWith("$Extend/"))) {
                    return Tsk.WALK_CONT; // NTFS's own metadata files ($MFT, $BadClus, $Extend/$Quota...)
                }
                if (exfat && dir.isEmpty() && (leaf.equals("$ALLOC_BITMAP") || leaf.equals("$UPCASE_TABLE"))) {
                    return Tsk.WALK_CONT; // TSK's names for exFAT's allocation bitmap and up-case table
                }
                long metaAddress = name.get(ValueLayout.JAVA_LONG, Tsk.NAME_META_ADDR);
                if (meta.equals(MemorySegment.NULL)) {
                    // a folder's index still names an MFT entry no longer in use: TSK gives no metadata during the
                    // walk; it is opened after it
                    unloaded.add(new FileEntry(dir + leaf, metaAddress, 0, true, false, null, null, null, null));
                    return Tsk.WALK_CONT;
                }
                meta = meta.reinterpret(256);
                if (meta.get(ValueLayout.JAVA_INT, Tsk.META_TYPE) != Tsk.META_TYPE_REG) {
                    return Tsk.WALK_CONT;
                }
                boolean nameDeleted = (name.get(ValueLayout.JAVA_INT, Tsk.NAME_FLAGS) & Tsk.NAME_FLAG_UNALLOC) != 0;
                boolean metaAllocated = (meta.get(ValueLayout.JAVA_INT, Tsk.META_FLAGS) & Tsk.META_FLAG_ALLOC) != 0;
                out.add(new FileEntry(
                        dir + leaf,
                        metaAddress,
                        meta.get(ValueLayout.JAVA_LONG, Tsk.META_SIZE),
                        nameDeleted || !metaAllocated,
                        nameDeleted && metaAllocated,
                        time(meta, Tsk.META_CRTIME),
                        time(meta, Tsk.META_MTIME),
                        time(meta, Tsk.META_ATIME),
                        time(meta, Tsk.META_CTIME)));
                return Tsk.WALK_CONT;
            } catch (RuntimeException e) {
                return Tsk.WALK_CONT; // an odd entry must not take the JVM down from inside an upcall
            }
        }
    }

    private static @Nullable Instant time(MemorySegment meta, long at) {
        long seconds = meta.get(ValueLayout.JAVA_LONG, at);
        int nanos = meta.get(ValueLayout.JAVA_INT, at + 8);
        if (seconds == 0 && nanos == 0) {
            return null;
        }
        return Instant.ofEpochSecond(seconds, nanos >= 0 && nanos < 1_000_000_000 ? nanos : 0);
    }

    /**
     * Every regular file of {@code v}'s file system, allocated and deleted, in walk order (empty without a file
     * system).
     *
     * @throws DiskImageException ({@code FILE_SYSTEM_UNREADABLE}) if the walk fails part way; the files found
     *     until then are lost with it
     */
    public List<FileEntry> files(Volume v) throws DiskImageException {
        MemorySegment fsInfo = fs(v);
        if (fsInfo.equals(MemorySegment.NULL)) {
            return List.of();
        }
        DirCollector c = new DirCollector(fsInfo);
        try (Arena call = Arena.ofConfined()) {
            MethodHandle target = MethodHandles.lookup()
                    .findVirtual(
                            DirCollector.class,
                            "visit",
                            MethodType.methodType(
                                    int.class, MemorySegment.class, MemorySegment.class, MemorySegment.class))
                    .bindTo(c);
            MemorySegment cb = java.lang.foreign.Linker.nativeLinker().upcallStub(target, Tsk.DIR_WALK_CB, call);
            long root = fsInfo.get(ValueLayout.JAVA_LONG, Tsk.FS_ROOT_INUM);
            int r = (int) tsk.dirWalk.invokeExact(
                    fsInfo, root, Tsk.FS_DIR_WALK_ALLOC_UNALLOC_RECURSE_NOORPHAN, cb, MemorySegment.NULL);
            if (r != 0) {
                throw new DiskImageException(
                        DiskImageException.Reason.FILE_SYSTEM_UNREADABLE,
                        "cannot list the files of " + label(v) + ": " + tsk.error());
            }
        } catch (DiskImageException e) {
            throw e;
        } catch (Throwable e) {
            throw Tsk.rethrow(e);
        }
        List<FileEntry> out = new ArrayList<>(c.out);
        for (FileEntry u : c.unloaded) {
            FileEntry loaded = withMetadata(fsInfo, u);
            if (loaded != null) {
                out.add(loaded);
            }
        }
        return out;
    }

    /**
     * {@code named} (a name whose metadata entry was not loaded during the walk) with its metadata: size and times,
     * deleted when the entry is no longer allocated; null when it cannot be opened or is no regular file.
     */
    private @Nullable FileEntry withMetadata(MemorySegment fsInfo, FileEntry named) {
        try {
            MemorySegment file =
                    (MemorySegment) tsk.fileOpenMeta.invokeExact(fsInfo, MemorySegment.NULL, named.metaAddress());
            if (file.equals(MemorySegment.NULL)) {
                tsk.error();
                return null;
            }
            try {
                MemorySegment meta = file.reinterpret(32).get(ValueLayout.ADDRESS, Tsk.FILE_META);
                if (meta.equals(MemorySegment.NULL)) {
                    return null;
                }
                meta = meta.reinterpret(256);
                int type = meta.get(ValueLayout.JAVA_INT, Tsk.META_TYPE);
                if (type != Tsk.META_TYPE_REG && type != Tsk.META_TYPE_UNDEF) {
                    return null;
                }
                boolean allocated = (meta.get(ValueLayout.JAVA_INT, Tsk.META_FLAGS) & Tsk.META_FLAG_ALLOC) != 0;
                return new FileEntry(
                        named.path(),
                        named.metaAddress(),
                        meta.get(ValueLayout.JAVA_LONG, Tsk.META_SIZE),
                        !allocated,
                        false,
                        time(meta, Tsk.META_CRTIME),
                        time(meta, Tsk.META_MTIME),
                        time(meta, Tsk.META_ATIME),
                        time(meta, Tsk.META_CTIME));
            } finally {
                tsk.fileClose.invokeExact(file);
            }
        } catch (Throwable e) {
            throw Tsk.rethrow(e);
        }
    }

    private static String label(Volume v) {
        return v.name().isEmpty() ? "the file system" : "partition " + v.name();
    }

    /** Maps a file's blocks during a file walk: its first block, its blocks still or again allocated, its slack. */
    static final class BlockMap {
        private final long size;
        private final long fsOffset;
        private final long blockSize;
        private final @Nullable String partition;
        long first = -1;
        long blocks;
        long allocated;
        final List<Range> slack = new ArrayList<>();

        BlockMap(long size, long fsOffset, long blockSize, @Nullable String partition) {
            this.size = size;
            this.fsOffset = fsOffset;
            this.blockSize = blockSize;
            this.partition = partition;
        }

        @SuppressWarnings("UnusedMethod") // called by TSK through an upcall stub
        int visit(
                MemorySegment file,
                long offset,
                long address,
                MemorySegment buf,
                long len,
                int flags,
                MemorySegment unused) {
            if ((flags & (Tsk.BLOCK_FLAG_RES | Tsk.BLOCK_FLAG_SPARSE)) != 0) {
                return Tsk.WALK_CONT; // resident (inside the MFT entry) or a hole: no block of its own
            }
            if (offset < size) {
                if (first < 0) {
                    first = address;
                }
                blocks++;
                if ((flags & Tsk.BLOCK_FLAG_ALLOC) != 0) {
                    allocated++;
                }
            }
            long end = offset + len;
            if (end > size) {
                long from = Math.max(offset, size);
                long at = fsOffset + address * blockSize + (from - offset);
                Range last = slack.isEmpty() ? null : slack.get(slack.size() - 1);
                if (last != null && last.offset() + last.length() == at) {
                    slack.set(slack.size() - 1, new Range(partition, last.offset(), last.length() + end - from));
                } else {
                    slack.add(new Range(partition, at, end - from));
                }
            }
            return Tsk.WALK_CONT;
        }
    }

    /**
     * Where {@code f}'s content lies: its first block, its blocks (and for a deleted file how many of them are
     * allocated again), and for an allocated file its slack space. {@link Placement#NONE}-like (offset -1, no
     * blocks) when the file has no block of its own or cannot be mapped.
     */
    public Placement placement(Volume v, FileEntry f) {
        MemorySegment fsInfo = fs(v);
        if (fsInfo.equals(MemorySegment.NULL) || f.size() == 0 || f.reallocated()) {
            return Placement.NONE;
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment file =
                    (MemorySegment) tsk.fileOpenMeta.invokeExact(fsInfo, MemorySegment.NULL, f.metaAddress());
            if (file.equals(MemorySegment.NULL)) {
                tsk.error();
                return Placement.NONE;
            }
            try {
                long blockSize = fsInfo.get(ValueLayout.JAVA_INT, Tsk.FS_BLOCK_SIZE) & 0xffffffffL;
                long fsOffset = fsInfo.get(ValueLayout.JAVA_LONG, Tsk.FS_OFFSET);
                BlockMap map =
                        new BlockMap(f.size(), fsOffset, blockSize, v.name().isEmpty() ? null : v.name());
                MethodHandle target = MethodHandles.lookup()
                        .findVirtual(
                                BlockMap.class,
                                "visit",
                                MethodType.methodType(
                                        int.class,
                                        MemorySegment.class,
                                        long.class,
                                        long.class,
                                        MemorySegment.class,
                                        long.class,
                                        int.class,
                                        MemorySegment.class))
                        .bindTo(map);
                MemorySegment cb = java.lang.foreign.Linker.nativeLinker().upcallStub(target, Tsk.FILE_WALK_CB, call);
                int flags = Tsk.FS_FILE_WALK_AONLY | (f.deleted() ? 0 : Tsk.FS_FILE_WALK_SLACK);
                int r = (int) tsk.fileWalk.invokeExact(file, flags, cb, MemorySegment.NULL);
                if (r != 0) {
                    tsk.error(); // what was mapped until then stands
                }
                List<Range> slack = f.deleted() ? List.of() : toClusterEnd(fsInfo, map.slack);
                return new Placement(
                        map.first < 0 ? -1 : fsOffset + map.first * blockSize,
                        map.blocks,
                        f.deleted() ? map.allocated : 0,
                        slack);
            } finally {
                tsk.fileClose.invokeExact(file);
            }
        } catch (Throwable e) {
            throw Tsk.rethrow(e);
        }
    }

    /**
     * On FAT and exFAT, TSK's blocks are sectors and a file's slack as it walks it ends with its last sector; the
     * rest of its last cluster is slack too. Extends the last range to the end of that cluster.
     */
    private List<Range> toClusterEnd(MemorySegment fsInfo, List<Range> slack) {
        int type = fsInfo.get(ValueLayout.JAVA_INT, Tsk.FS_FTYPE);
        if (slack.isEmpty() || (type & Tsk.FS_TYPE_FAT_DETECT) == 0) {
            return slack;
        }
        long fsOffset = fsInfo.get(ValueLayout.JAVA_LONG, Tsk.FS_OFFSET);
        long sector = fsInfo.get(ValueLayout.JAVA_INT, Tsk.FS_BLOCK_SIZE) & 0xffffffffL;
        if (sector == 0) {
            return slack;
        }
        long dataStart;
        long perCluster;
        if (type == Tsk.FS_TYPE_EXFAT) {
            ExfatVolume exfat = exfat(fsOffset);
            if (exfat == null) {
                return slack; // the sectors TSK walked are still carved
            }
            dataStart = exfat.firstDataSector();
            perCluster = exfat.sectorsPerCluster();
        } else {
            FatVolume fat = fat(fsOffset);
            if (fat == null) {
                return slack; // the sectors TSK walked are still carved
            }
            dataStart = fat.firstDataSector();
            perCluster = fat.sectorsPerCluster();
        }
        Range last = slack.get(slack.size() - 1);
        long endSector = (last.offset() + last.length() - fsOffset) / sector;
        if (perCluster <= 1 || endSector <= dataStart) {
            return slack;
        }
        long clusterEnd = dataStart + (endSector - dataStart + perCluster - 1) / perCluster * perCluster;
        long end = Math.min(fsOffset + clusterEnd * sector, size);
        if (end <= last.offset() + last.length()) {
            return slack;
        }
        List<Range> out = new ArrayList<>(slack);
        out.set(out.size() - 1, new Range(last.partition(), last.offset(), end - last.offset()));
        return out;
    }

    /** The FAT12/16/32 file system at {@code fsOffset} read directly, or null when it is not one. */
    private @Nullable FatVolume fat(long fsOffset) {
        return fats.computeIfAbsent(fsOffset, o -> java.util.Optional.ofNullable(FatVolume.at(this::read, o)))
                .orElse(null);
    }

    /** {@code v}'s file system read directly when TSK reads it as FAT12/16/32, or null. */
    private @Nullable FatVolume fat(Volume v) {
        MemorySegment fsInfo = fs(v);
        if (fsInfo.equals(MemorySegment.NULL)) {
            return null;
        }
        int type = fsInfo.get(ValueLayout.JAVA_INT, Tsk.FS_FTYPE);
        if ((type & Tsk.FS_TYPE_FAT_DETECT) == 0 || type == Tsk.FS_TYPE_EXFAT) {
            return null;
        }
        return fat(fsInfo.get(ValueLayout.JAVA_LONG, Tsk.FS_OFFSET));
    }

    /**
     * Where the cluster chain of {@code f}, an allocated file of a FAT12/16/32 file system, breaks before it holds
     * {@code f}'s size; null when it holds it, or the file is deleted (its chain is gone: TSK takes the clusters
     * after its first), or not on FAT. TSK does not read such a file (its reads fail with "unknown error"), or reads
     * a loop's clusters twice: only the {@link ChainBreak#readable()} bytes are the file's, read with
     * {@link #open(ChainBreak)}.
     *
     * @throws IOException if the FAT cannot be read
     */
    public @Nullable ChainBreak chainBreak(Volume v, FileEntry f) throws IOException {
        if (f.deleted() || f.size() == 0) {
            return null;
        }
        FatVolume fat = fat(v);
        if (fat == null) {
            return null;
        }
        long first = startCluster(fs(v), f);
        ChainBreak b = first < 0 ? null : fat.chainBreak(first, f.size());
        if (b == null || v.name().isEmpty()) {
            return b;
        }
        List<Range> content = new ArrayList<>();
        for (Range r : b.content()) {
            content.add(new Range(v.name(), r.offset(), r.length()));
        }
        return new ChainBreak(b.readable(), b.found(), content);
    }

    /**
     * The bytes a broken FAT cluster chain still holds of its file ({@link ChainBreak#content()}), read from the
     * image: TSK does not read such a file at all. The stream is not thread-safe.
     */
    public InputStream open(ChainBreak b) {
        return new InputStream() {
            private int range;
            private long within;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, buf.length);
                while (range < b.content().size()
                        && within >= b.content().get(range).length()) {
                    range++;
                    within = 0;
                }
                if (range >= b.content().size()) {
                    return -1;
                }
                if (len == 0) {
                    return 0;
                }
                Range r = b.content().get(range);
                int n = DiskImage.this.read(r.offset() + within, buf, off, (int) Math.min(len, r.length() - within));
                if (n <= 0) {
                    throw new IOException("cannot read the image at byte " + (r.offset() + within));
                }
                within += n;
                return n;
            }
        };
    }

    /** The start cluster TSK read from {@code f}'s FAT directory entry, or -1 when it cannot be opened. */
    private long startCluster(MemorySegment fsInfo, FileEntry f) {
        try {
            MemorySegment file =
                    (MemorySegment) tsk.fileOpenMeta.invokeExact(fsInfo, MemorySegment.NULL, f.metaAddress());
            if (file.equals(MemorySegment.NULL)) {
                tsk.error();
                return -1;
            }
            try {
                MemorySegment meta = file.reinterpret(32).get(ValueLayout.ADDRESS, Tsk.FILE_META);
                if (meta.equals(MemorySegment.NULL)) {
                    return -1;
                }
                meta = meta.reinterpret(256);
                MemorySegment content = meta.get(ValueLayout.ADDRESS, Tsk.META_CONTENT_PTR);
                if (content.equals(MemorySegment.NULL) || meta.get(ValueLayout.JAVA_LONG, Tsk.META_CONTENT_LEN) < 8) {
                    return -1;
                }
                return content.reinterpret(8).get(ValueLayout.JAVA_LONG, 0);
            } finally {
                tsk.fileClose.invokeExact(file);
            }
        } catch (Throwable e) {
            throw Tsk.rethrow(e);
        }
    }

    /**
     * The directory entries of {@code v}'s FAT12/16/32 or exFAT file system that declare more bytes than its data
     * area (exFAT: cluster heap) holds, allocated or deleted, in the folders reachable from its root: TSK skips such
     * an entry as no entry at all, so {@link #files} never lists it. Each as a {@link FileEntry} with its path, the
     * size it declares, and no metadata address (-1) or times. Empty on any other file system.
     *
     * @throws IOException if a directory or the FAT cannot be read
     */
    public List<FileEntry> oversizedEntries(Volume v) throws IOException {
        FatVolume fat = fat(v);
        ExfatVolume exfat = fat == null ? exfat(v) : null;
        List<FatVolume.Oversized> found = fat != null ? fat.oversized() : exfat != null ? exfat.oversized() : List.of();
        List<FileEntry> out = new ArrayList<>();
        for (FatVolume.Oversized o : found) {
            out.add(new FileEntry(o.path(), -1, o.size(), o.deleted(), false, null, null, null, null));
        }
        return out;
    }

    /** Bytes of the data area of {@code v}'s FAT12/16/32 file system (exFAT: its cluster heap), or -1 on any other. */
    public long fatDataBytes(Volume v) {
        FatVolume fat = fat(v);
        if (fat != null) {
            return fat.dataBytes();
        }
        ExfatVolume exfat = exfat(v);
        return exfat == null ? -1 : exfat.dataBytes();
    }

    /** {@code v}'s file system read directly when TSK reads it as exFAT, or null. */
    private @Nullable ExfatVolume exfat(Volume v) {
        MemorySegment fsInfo = fs(v);
        if (fsInfo.equals(MemorySegment.NULL) || fsInfo.get(ValueLayout.JAVA_INT, Tsk.FS_FTYPE) != Tsk.FS_TYPE_EXFAT) {
            return null;
        }
        return exfat(fsInfo.get(ValueLayout.JAVA_LONG, Tsk.FS_OFFSET));
    }

    /** The exFAT file system at {@code fsOffset} read directly, or null when it is not one. */
    private @Nullable ExfatVolume exfat(long fsOffset) {
        return exfats.computeIfAbsent(fsOffset, o -> java.util.Optional.ofNullable(ExfatVolume.at(this::read, o)))
                .orElse(null);
    }

    /**
     * The content of {@code f} as the file system (or, for a deleted file, what is left of it) holds it. The stream
     * is not thread-safe and must be closed.
     *
     * @throws DiskImageException ({@code FILE_SYSTEM_UNREADABLE}) if its metadata cannot be opened
     */
    public InputStream open(Volume v, FileEntry f) throws DiskImageException {
        MemorySegment fsInfo = fs(v);
        try {
            MemorySegment file = fsInfo.equals(MemorySegment.NULL)
                    ? MemorySegment.NULL
                    : (MemorySegment) tsk.fileOpenMeta.invokeExact(fsInfo, MemorySegment.NULL, f.metaAddress());
            if (file.equals(MemorySegment.NULL)) {
                throw new DiskImageException(
                        DiskImageException.Reason.FILE_SYSTEM_UNREADABLE,
                        "cannot open " + f.path() + " in " + label(v) + ": " + tsk.error());
            }
            return new FileContent(file, f.size());
        } catch (DiskImageException e) {
            throw e;
        } catch (Throwable e) {
            throw Tsk.rethrow(e);
        }
    }

    /** A file's content through {@code tsk_fs_file_read}, in chunks of the native buffer. */
    private final class FileContent extends InputStream {
        private final MemorySegment file;
        private final long size;
        private long position;
        private boolean done;

        FileContent(MemorySegment file, long size) {
            this.file = file;
            this.size = size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (done) {
                throw new IOException("stream closed");
            }
            if (position >= size) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int want = (int) Math.min(Math.min(len, BUFFER), size - position);
            long got;
            try {
                got = (long) tsk.fileRead.invokeExact(file, position, buffer, (long) want, 0);
            } catch (Throwable e) {
                throw Tsk.rethrow(e);
            }
            if (got <= 0) {
                throw new IOException("cannot read at byte " + position + " of " + size + ": " + tsk.error());
            }
            MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, b, off, (int) got);
            position += got;
            return (int) got;
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                try {
                    tsk.fileClose.invokeExact(file);
                } catch (Throwable e) {
                    throw Tsk.rethrow(e);
                }
            }
        }
    }

    /** Merges consecutive unallocated block addresses into runs during a block walk. */
    static final class BlockRuns {
        final List<long[]> runs = new ArrayList<>(); // {first block, count}
        long start = -1;
        long next = -1;

        int visit(MemorySegment block, MemorySegment unused) {
            long addr = block.reinterpret(40).get(ValueLayout.JAVA_LONG, Tsk.BLOCK_ADDR);
            if (addr == next) {
                next++;
            } else {
                flush();
                start = addr;
                next = addr + 1;
            }
            return Tsk.WALK_CONT;
        }

        void flush() {
            if (start >= 0) {
                runs.add(new long[] {start, next - start});
            }
            start = -1;
        }
    }

    /**
     * The bytes of {@code v} its file system does not allocate (all of it when it has none), then, after the last
     * volume, the space outside every partition: call with each volume in turn and then with null.
     */
    public List<Range> unallocated(@Nullable Volume v) {
        if (v == null) {
            return List.copyOf(outside);
        }
        MemorySegment fsInfo = fs(v);
        if (fsInfo.equals(MemorySegment.NULL)) {
            return v.length() > 0
                            && volumes.indexOf(v) >= 0
                            && outside.stream().noneMatch(r -> v.name().equals(r.partition()))
                    ? List.of(new Range(
                            v.name().isEmpty() ? null : v.name(), v.offset(), Math.min(v.length(), size - v.offset())))
                    : List.of();
        }
        BlockRuns runs = new BlockRuns();
        try (Arena call = Arena.ofConfined()) {
            MethodHandle target = MethodHandles.lookup()
                    .findVirtual(
                            BlockRuns.class,
                            "visit",
                            MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class))
                    .bindTo(runs);
            MemorySegment cb = java.lang.foreign.Linker.nativeLinker().upcallStub(target, Tsk.BLOCK_WALK_CB, call);
            long last = fsInfo.get(ValueLayout.JAVA_LONG, Tsk.FS_LAST_BLOCK);
            int r = (int) tsk.blockWalk.invokeExact(
                    fsInfo, 0L, last, Tsk.FS_BLOCK_WALK_UNALLOC_AONLY, cb, MemorySegment.NULL);
            if (r != 0) {
                tsk.error(); // the runs found so far are carved
            }
        } catch (Throwable e) {
            throw Tsk.rethrow(e);
        }
        runs.flush();
        long blockSize = fsInfo.get(ValueLayout.JAVA_INT, Tsk.FS_BLOCK_SIZE) & 0xffffffffL;
        long fsOffset = fsInfo.get(ValueLayout.JAVA_LONG, Tsk.FS_OFFSET);
        List<Range> out = new ArrayList<>();
        String partition = v.name().isEmpty() ? null : v.name();
        for (long[] run : runs.runs) {
            long offset = fsOffset + run[0] * blockSize;
            long len = Math.min(run[1] * blockSize, size - offset);
            if (len > 0) {
                out.add(new Range(partition, offset, len));
            }
        }
        return out;
    }

    /**
     * Reads up to {@code len} bytes of the medium at {@code offset} into {@code b}.
     *
     * @return the bytes read, -1 at the end of the medium
     * @throws IOException if TSK cannot read there
     */
    public int read(long offset, byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (offset >= size) {
            return -1;
        }
        int want = (int) Math.min(Math.min(len, BUFFER), size - offset);
        long got;
        try {
            got = (long) tsk.imgRead.invokeExact(img, offset, buffer, (long) want);
        } catch (Throwable e) {
            throw Tsk.rethrow(e);
        }
        if (got < 0) {
            String why = "at byte " + offset + ": " + tsk.error();
            if (readError == null) {
                readError = why;
            }
            readErrors++;
            throw new IOException("cannot read the image " + why);
        }
        MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, b, off, (int) got);
        return (int) got;
    }

    /** Reads {@code b.length} bytes at {@code offset}: -1 when they cannot be read (the failure is kept). */
    private int readOrNot(long offset, byte[] b) {
        try {
            return read(offset, b, 0, b.length);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Closes the file systems and the image. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (MemorySegment fs : fileSystems) {
                if (!fs.equals(MemorySegment.NULL)) {
                    tsk.fsClose.invokeExact(fs);
                }
            }
            tsk.imgClose.invokeExact(img);
        } catch (Throwable e) {
            throw Tsk.rethrow(e);
        } finally {
            arena.close();
        }
    }
}
