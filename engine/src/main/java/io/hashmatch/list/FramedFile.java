package io.hashmatch.list;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The one framing of hashmatch's binary files (after Lucene's {@code CodecUtil}): a header with magic
 * number, format version, id and a table of named sections, the sections 64-byte aligned, and a fixed
 * 16-byte footer with a CRC32C of every preceding byte. All integers little-endian.
 *
 * <pre>
 * offset   size  field
 * 0        8     magic 89 48 4D 53 4E 41 50 0A ("\x89HMSNAP\n": catches text-mode and 7-bit transfers)
 * 8        4     format version (int32)
 * 12       4     header length H: bytes before the first section, a multiple of 64
 * 16       16    file id (random bytes, new for every file written)
 * 32       8     creation time, epoch milliseconds (int64)
 * 40       4     entry count (int32)
 * 44       4     section count S (int32)
 * 48       2+n   list name: uint16 byte length, UTF-8 bytes
 * ..       2+n   list version: uint16 byte length, UTF-8 bytes
 * ..       S x   section: uint8 name length, ASCII name, int64 offset, int64 length, int32 CRC32C of its bytes
 * ..       4     CRC32C of the header bytes before this field
 * ..       pad   zero bytes up to H
 * H        ...   sections in table order, each at a 64-byte aligned offset, zero padding between
 * end-16   4     footer magic: bitwise NOT of the int32 at offset 0
 * end-12   4     checksum algorithm: 1 = CRC32C
 * end-8    8     CRC32C of bytes [0, end-16) with the header-checksum field read as zeros, zero-extended
 * </pre>
 *
 * <p>Why the header-checksum field is zeroed for the footer's CRC: a CRC run over data followed by that
 * data's own CRC ends in a constant state whatever the data (CRCs are linear), so without zeroing, the
 * whole-file checksum would not change when the header does.
 *
 * <p>Writing goes to a temporary file in the target's folder, is forced to disk, then renamed over the
 * target atomically: readers see the old file or the new one, never a torn one. Opening checks magic,
 * version, header checksum, footer structure and exact length (cheap); {@link #checkIntegrity()} reads
 * every byte.
 *
 * <p>An open instance is immutable and thread-safe; {@link #close()} unmaps the file, after which its
 * segments must not be used.
 */
final class FramedFile implements AutoCloseable {
    static final long MAGIC = 0x0A50414E534D4889L; // bytes 89 48 4D 53 4E 41 50 0A read little-endian
    static final int FOOTER_LENGTH = 16;
    static final int ALIGNMENT = 64;
    static final int CHECKSUM_CRC32C = 1;
    static final int ID_LENGTH = 16;
    private static final int FIXED_HEADER = 48;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Whether {@code path} begins with the magic number: a snapshot, or the start of a damaged one. */
    static boolean hasMagic(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // read until 8 bytes or the end
            }
            return !b.hasRemaining() && b.getLong(0) == MAGIC;
        }
    }

    /** What the header says about the file. */
    record Header(int version, byte[] id, long createdMillis, int entryCount, String listName, String listVersion) {}

    /** A named section: its bytes, and for an open file its CRC32C as recorded. */
    record Section(String name, MemorySegment data, int crc) {}

    private final Path path;
    private final Arena arena;
    private final MemorySegment file;
    private final Header header;
    private final Map<String, Section> sections;
    private final long footerChecksum;
    private final long headerCrcPos;

    private FramedFile(
            Path path,
            Arena arena,
            MemorySegment file,
            Header header,
            Map<String, Section> sections,
            long footerChecksum,
            long headerCrcPos) {
        this.headerCrcPos = headerCrcPos;
        this.path = path;
        this.arena = arena;
        this.file = file;
        this.header = header;
        this.sections = sections;
        this.footerChecksum = footerChecksum;
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes a framed file atomically ({@link DurableFiles#replace}): temp file in the same folder, forced, renamed over
     * {@code target}.
     * Section CRCs are computed here; the {@code crc} field of the given sections is ignored.
     */
    static void write(
            Path target,
            int version,
            long createdMillis,
            int entryCount,
            String listName,
            String listVersion,
            List<Section> content)
            throws IOException {
        write(target, newId(), version, createdMillis, entryCount, listName, listVersion, content, () -> {});
    }

    /** A new random file id (16 bytes). */
    static byte[] newId() {
        byte[] id = new byte[ID_LENGTH];
        new SecureRandom().nextBytes(id);
        return id;
    }

    /** Runs once the new file is complete, before it replaces the target; an exception cancels it. */
    @FunctionalInterface
    interface BeforeRename {
        void run() throws IOException;
    }

    /**
     * Same, with the file id chosen by the caller (so that companion files can be named after it before this file
     * exists), running {@code beforeRename} between writing the temporary file and renaming it over the target (the
     * importer commits the companion metadata file there: it must be in place before the snapshot naming it). The
     * replacement is {@link DurableFiles#replace}'s.
     */
    static void write(
            Path target,
            byte[] id,
            int version,
            long createdMillis,
            int entryCount,
            String listName,
            String listVersion,
            List<Section> content,
            BeforeRename beforeRename)
            throws IOException {
        if (id.length != ID_LENGTH) {
            throw new IllegalArgumentException("file id must be " + ID_LENGTH + " bytes, got " + id.length);
        }
        byte[] name = utf8(listName, "list name");
        byte[] ver = utf8(listVersion, "list version");
        int tableBytes = 0;
        for (Section s : content) {
            if (s.name().isEmpty()
                    || s.name().length() > 255
                    || !StandardCharsets.US_ASCII.newEncoder().canEncode(s.name())) {
                throw new IllegalArgumentException("section name must be 1-255 ASCII characters: " + s.name());
            }
            tableBytes += 1 + s.name().length() + 8 + 8 + 4;
        }
        int rawHeader = FIXED_HEADER + 2 + name.length + 2 + ver.length + tableBytes + 4;
        int headerLength = align(rawHeader);
        long[] offsets = new long[content.size()];
        long pos = headerLength;
        for (int i = 0; i < content.size(); i++) {
            offsets[i] = pos;
            pos = alignLong(pos + content.get(i).data().byteSize());
        }

        ByteBuffer h = ByteBuffer.allocate(headerLength).order(ByteOrder.LITTLE_ENDIAN);
        h.putLong(MAGIC)
                .putInt(version)
                .putInt(headerLength)
                .put(id)
                .putLong(createdMillis)
                .putInt(entryCount)
                .putInt(content.size());
        h.putShort((short) name.length).put(name).putShort((short) ver.length).put(ver);
        for (int i = 0; i < content.size(); i++) {
            Section s = content.get(i);
            h.put((byte) s.name().length()).put(s.name().getBytes(StandardCharsets.US_ASCII));
            h.putLong(offsets[i]).putLong(s.data().byteSize()).putInt(crc32c(s.data()));
        }
        CRC32C headerCrc = new CRC32C();
        int crcPos = h.position();
        headerCrc.update(h.array(), 0, crcPos);
        h.putInt(0);
        h.position(0).limit(headerLength);

        DurableFiles.replace(target, tmp -> {
            try (FileChannel ch =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                CRC32C all = new CRC32C();
                all.update(h.duplicate()); // with the header-checksum field still zero
                h.putInt(crcPos, (int) headerCrc.getValue());
                writeFully(ch, h);
                long written = headerLength;
                ByteBuffer zeros = ByteBuffer.allocate(ALIGNMENT);
                for (int i = 0; i < content.size(); i++) {
                    MemorySegment data = content.get(i).data();
                    // Copy in slices: a heap segment's asByteBuffer is limited to 2 GB, and CRC wants ByteBuffers.
                    for (long off = 0; off < data.byteSize(); off += 1 << 24) {
                        ByteBuffer chunk = data.asSlice(off, Math.min(1 << 24, data.byteSize() - off))
                                .asByteBuffer();
                        all.update(chunk.duplicate());
                        writeFully(ch, chunk);
                    }
                    written += data.byteSize();
                    int pad = (int) (alignLong(written) - written);
                    ByteBuffer p = zeros.duplicate().limit(pad);
                    all.update(p.duplicate());
                    writeFully(ch, p);
                    written += pad;
                }
                ByteBuffer footer = ByteBuffer.allocate(FOOTER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
                footer.putInt(~(int) MAGIC)
                        .putInt(CHECKSUM_CRC32C)
                        .putLong(all.getValue())
                        .flip();
                writeFully(ch, footer);
            }
            beforeRename.run();
        });
    }

    // ---------------------------------------------------------------- reading

    /** Maps the file read-only and checks its structure (not every byte: see {@link #checkIntegrity()}). */
    @SuppressWarnings("MustBeClosedChecker") // the arena moves into the FramedFile (its close() closes it)
    static FramedFile open(Path path, int minVersion, int maxVersion) throws IOException, FileFormatException {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment seg;
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            }
            FramedFile f = parse(path, arena, seg, minVersion, maxVersion);
            return f;
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static FramedFile parse(Path path, Arena arena, MemorySegment seg, int minVersion, int maxVersion)
            throws FileFormatException {
        long size = seg.byteSize();
        if (size < 8 || seg.get(LONG, 0) != MAGIC) {
            throw FileFormatException.corrupt(path, "not a hashmatch snapshot (no magic number)");
        }
        if (size < FIXED_HEADER + FOOTER_LENGTH) {
            throw FileFormatException.corrupt(path, "truncated: " + size + " bytes");
        }
        int version = seg.get(INT, 8);
        if (version < minVersion || version > maxVersion) {
            throw FileFormatException.unsupportedVersion(path, "snapshot", "", version, minVersion, maxVersion);
        }
        int headerLength = seg.get(INT, 12);
        if (headerLength < FIXED_HEADER || headerLength % ALIGNMENT != 0 || headerLength > size - FOOTER_LENGTH) {
            throw FileFormatException.corrupt(
                    path, "bad header length " + headerLength + " for a file of " + size + " bytes");
        }
        Cursor c = new Cursor(path, seg, FIXED_HEADER, headerLength);
        byte[] id = seg.asSlice(16, 16).toArray(ValueLayout.JAVA_BYTE);
        long created = seg.get(LONG, 32);
        int entryCount = seg.get(INT, 40);
        int sectionCount = seg.get(INT, 44);
        if (entryCount < 0 || sectionCount < 0 || sectionCount > 1024) {
            throw FileFormatException.corrupt(path, "bad counts: entries " + entryCount + ", sections " + sectionCount);
        }
        String name = c.string16();
        String ver = c.string16();
        List<String> names = new ArrayList<>();
        long[][] table = new long[sectionCount][3];
        for (int i = 0; i < sectionCount; i++) {
            int n = c.u8();
            names.add(new String(c.bytes(n), StandardCharsets.US_ASCII));
            table[i][0] = c.i64();
            table[i][1] = c.i64();
            table[i][2] = c.i32();
        }
        long crcPos = c.pos;
        int storedHeaderCrc = c.i32();
        CRC32C headerCrc = new CRC32C();
        headerCrc.update(seg.asSlice(0, crcPos).asByteBuffer());
        if ((int) headerCrc.getValue() != storedHeaderCrc) {
            throw FileFormatException.corrupt(
                    path,
                    String.format(
                            "header checksum mismatch: expected %08x, found %08x",
                            storedHeaderCrc, (int) headerCrc.getValue()));
        }
        // Footer and exact length: the last section's end, aligned, plus the footer.
        long end = headerLength;
        Map<String, Section> sections = new LinkedHashMap<>();
        for (int i = 0; i < sectionCount; i++) {
            long off = table[i][0];
            long len = table[i][1];
            if (off != alignLong(end) || len < 0) {
                throw FileFormatException.corrupt(path, "section " + names.get(i) + " at " + off + " is out of place");
            }
            end = off + len;
            if (end > size - FOOTER_LENGTH) {
                throw FileFormatException.corrupt(
                        path,
                        "truncated: section " + names.get(i) + " ends at byte " + end + " but the file has " + size
                                + " bytes");
            }
            if (sections.put(names.get(i), new Section(names.get(i), seg.asSlice(off, len), (int) table[i][2]))
                    != null) {
                throw FileFormatException.corrupt(path, "section " + names.get(i) + " appears twice");
            }
        }
        long expectedSize = alignLong(end) + FOOTER_LENGTH;
        if (size < expectedSize) {
            throw FileFormatException.corrupt(path, "truncated: expected " + expectedSize + " bytes, found " + size);
        }
        if (size > expectedSize) {
            throw FileFormatException.corrupt(path, "extended: expected " + expectedSize + " bytes, found " + size);
        }
        long footer = size - FOOTER_LENGTH;
        if (seg.get(INT, footer) != ~(int) MAGIC || seg.get(INT, footer + 4) != CHECKSUM_CRC32C) {
            throw FileFormatException.corrupt(path, "bad footer (torn or overwritten end of file)");
        }
        long checksum = seg.get(LONG, footer + 8);
        Header header = new Header(version, id, created, entryCount, name, ver);
        return new FramedFile(path, arena, seg, header, Map.copyOf(sections), checksum, crcPos);
    }

    /**
     * Reads every byte and compares the CRC32C with the footer's, and each section with its own.
     *
     * @throws FileFormatException (CORRUPT) naming the first mismatch, with expected and actual values
     */
    void checkIntegrity() throws FileFormatException {
        long footer = file.byteSize() - FOOTER_LENGTH;
        CRC32C all = new CRC32C();
        update(all, file.asSlice(0, headerCrcPos));
        all.update(new byte[4]);
        update(all, file.asSlice(headerCrcPos + 4, footer - headerCrcPos - 4));
        long actual = all.getValue();
        if (actual != footerChecksum) {
            throw FileFormatException.corrupt(
                    path,
                    String.format(
                            "checksum mismatch: footer says %08x, content gives %08x (file damaged or tampered with)",
                            footerChecksum, actual));
        }
        for (Section s : sections.values()) {
            int crc = crc32c(s.data());
            if (crc != s.crc()) {
                throw FileFormatException.corrupt(
                        path,
                        String.format(
                                "section %s checksum mismatch: expected %08x, found %08x", s.name(), s.crc(), crc));
            }
        }
    }

    Header header() {
        return header;
    }

    Path path() {
        return path;
    }

    /** The whole-file CRC32C recorded in the footer. */
    long checksum() {
        return footerChecksum;
    }

    /** The named section's bytes, or throws CORRUPT when the file lacks it. */
    MemorySegment section(String name) throws FileFormatException {
        Section s = sections.get(name);
        if (s == null) {
            throw FileFormatException.corrupt(path, "missing section " + name);
        }
        return s.data();
    }

    boolean hasSection(String name) {
        return sections.containsKey(name);
    }

    @Override
    public void close() {
        arena.close();
    }

    // ---------------------------------------------------------------- helpers

    static int crc32c(MemorySegment data) {
        return (int) crc32cLong(data);
    }

    private static long crc32cLong(MemorySegment data) {
        CRC32C crc = new CRC32C();
        update(crc, data);
        return crc.getValue();
    }

    private static void update(CRC32C crc, MemorySegment data) {
        // In slices: a ByteBuffer view is limited to 2 GB.
        for (long off = 0; off < data.byteSize(); off += 1 << 30) {
            crc.update(
                    data.asSlice(off, Math.min(1 << 30, data.byteSize() - off)).asByteBuffer());
        }
    }

    private static int align(int n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private static long alignLong(long n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private static byte[] utf8(String s, String what) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException(what + " longer than 65535 bytes");
        }
        return b;
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Bounds-checked reading inside the header: a lie in a length field gives CORRUPT, not an exception. */
    private static final class Cursor {
        final Path path;
        final MemorySegment seg;
        final long limit;
        long pos;

        Cursor(Path path, MemorySegment seg, long pos, long limit) {
            this.path = path;
            this.seg = seg;
            this.pos = pos;
            this.limit = limit;
        }

        private void need(long n) throws FileFormatException {
            if (pos + n > limit) {
                throw FileFormatException.corrupt(path, "header field at byte " + pos + " runs past the header");
            }
        }

        int u8() throws FileFormatException {
            need(1);
            return seg.get(ValueLayout.JAVA_BYTE, pos++) & 0xFF;
        }

        int i32() throws FileFormatException {
            need(4);
            int v = seg.get(INT, pos);
            pos += 4;
            return v;
        }

        long i64() throws FileFormatException {
            need(8);
            long v = seg.get(LONG, pos);
            pos += 8;
            return v;
        }

        byte[] bytes(int n) throws FileFormatException {
            need(n);
            byte[] b = seg.asSlice(pos, n).toArray(ValueLayout.JAVA_BYTE);
            pos += n;
            return b;
        }

        String string16() throws FileFormatException {
            need(2);
            int n = seg.get(SHORT, pos) & 0xFFFF;
            pos += 2;
            return new String(bytes(n), StandardCharsets.UTF_8);
        }
    }
}
