package io.hashmatch.disk;

import java.io.IOException;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Finds images, videos and archives in raw bytes by their signature and structure, without a file system: JPEG
 * (markers to EOI), PNG (chunks to IEND), GIF (blocks to the trailer), BMP (its header's size), WebP and AVI (the
 * RIFF size), MP4/MOV (top-level box sizes), WebM/Matroska (EBML header and segment size) and ZIP (to the end of
 * central directory). Nothing is written: the caller reads each object's bytes and hashes them in memory.
 *
 * <p>One pass over the range in large chunks: a 256-entry table of first bytes, then the few signatures starting
 * with that byte, then the structure walk, which reads forward only as far as the object goes. After an object
 * the pass continues at its end. {@link #sectorAligned()} looks for objects only at 512-byte boundaries, where file
 * systems store files (much faster, and what unallocated space needs); {@link #anyOffset()} looks at every byte
 * (a memory dump, a file of unknown structure).
 *
 * <p>Thread-safe: an instance holds only its settings; each {@link #carve} call has its own buffers.
 */
public final class Carver {
    /**
     * One object found.
     *
     * @param offset its first byte, relative to the source
     * @param length its bytes
     * @param format {@code jpeg}, {@code png}, {@code gif}, {@code bmp}, {@code webp}, {@code avi}, {@code mp4},
     *     {@code matroska} or {@code zip}
     * @param partial whether its structure ended before its end marker (the range or the size cap came first): the
     *     bytes up to there are reported
     */
    public record Found(long offset, long length, String format, boolean partial) {}

    /** Random-access bytes: a disk image, a file. */
    @FunctionalInterface
    public interface Source {
        /**
         * Reads up to {@code len} bytes at {@code offset} into {@code b} at {@code off}.
         *
         * @return the bytes read, or -1 at the end
         * @throws IOException if reading fails
         */
        int read(long offset, byte[] b, int off, int len) throws IOException;
    }

    /** Largest object carved (bytes): beyond it an object is reported partial, cut at the cap. */
    public static final long MAX_OBJECT = 256L << 20;

    private static final int CHUNK = 4 << 20;
    private static final int SECTOR = 512;
    /** First bytes that may start an object, indexed by unsigned byte value. */
    private static final boolean[] START = new boolean[256];

    static {
        for (int b : new int[] {0xff, 0x89, 'G', 'B', 'R', 0x00, 0x1a, 'P'}) {
            START[b] = true;
        }
    }

    private final int step;

    private Carver(int step) {
        this.step = step;
    }

    /** A carver looking at 512-byte boundaries only (relative to the start of the carved range). */
    public static Carver sectorAligned() {
        return new Carver(SECTOR);
    }

    /** A carver looking at every byte offset. */
    public static Carver anyOffset() {
        return new Carver(1);
    }

    /**
     * Carves {@code length} bytes of {@code source} from {@code start}, calling {@code found} for each object in
     * order of offset. An object may not extend past the range.
     *
     * @throws IOException if the source cannot be read
     */
    public void carve(Source source, long start, long length, Consumer<Found> found) throws IOException {
        Objects.requireNonNull(source);
        long end = start + length;
        Reader r = new Reader(source, end);
        byte[] chunk = new byte[CHUNK];
        long pos = start;
        while (pos < end) {
            int n = readFully(source, pos, chunk, (int) Math.min(CHUNK, end - pos));
            if (n <= 0) {
                return;
            }
            long next = pos + n;
            int i = 0;
            while (i < n) {
                if (START[chunk[i] & 0xff]) {
                    Found f = at(r, pos + i);
                    if (f != null) {
                        found.accept(f);
                        long after = f.offset() + Math.max(f.length(), 1);
                        if (after >= next) {
                            next = after;
                            break;
                        }
                        long skip = after - pos;
                        i = (int) (step == 1 ? skip : (skip + step - 1) / step * step);
                        continue;
                    }
                }
                i += step;
            }
            if (next > pos + n) {
                long rel = next - start;
                pos = step == 1 ? next : start + (rel + step - 1) / step * step;
            } else {
                pos += n;
            }
        }
    }

    private static int readFully(Source s, long offset, byte[] b, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int k = s.read(offset + done, b, done, len - done);
            if (k <= 0) {
                break;
            }
            done += k;
        }
        return done;
    }

    /** Byte access at absolute offsets for the structure walks, through a small window. */
    static final class Reader {
        private final Source source;
        private final long end;
        private final byte[] window = new byte[64 << 10];
        private long windowStart = -1;
        private int windowLength;

        Reader(Source source, long end) {
            this.source = source;
            this.end = end;
        }

        /** The byte at {@code offset} (0..255), or -1 past the end. */
        int u8(long offset) throws IOException {
            if (offset >= end || offset < 0) {
                return -1;
            }
            if (windowStart < 0 || offset < windowStart || offset >= windowStart + windowLength) {
                windowStart = offset;
                windowLength = readFully(source, offset, window, (int) Math.min(window.length, end - offset));
                if (windowLength <= 0) {
                    windowStart = -1;
                    return -1;
                }
            }
            return window[(int) (offset - windowStart)] & 0xff;
        }

        long be(long offset, int bytes) throws IOException {
            long v = 0;
            for (int k = 0; k < bytes; k++) {
                int b = u8(offset + k);
                if (b < 0) {
                    return -1;
                }
                v = v << 8 | b;
            }
            return v;
        }

        long le(long offset, int bytes) throws IOException {
            long v = 0;
            for (int k = bytes - 1; k >= 0; k--) {
                int b = u8(offset + k);
                if (b < 0) {
                    return -1;
                }
                v = v << 8 | b;
            }
            return v;
        }

        boolean ascii(long offset, String s) throws IOException {
            for (int k = 0; k < s.length(); k++) {
                if (u8(offset + k) != s.charAt(k)) {
                    return false;
                }
            }
            return true;
        }

        long end() {
            return end;
        }
    }

    /** The object starting at {@code p}, or null. */
    static @Nullable Found at(Reader r, long p) throws IOException {
        int b0 = r.u8(p);
        return switch (b0) {
            case 0xff -> r.u8(p + 1) == 0xd8 && r.u8(p + 2) == 0xff ? jpeg(r, p) : null;
            case 0x89 -> r.ascii(p + 1, "PNG\r\n\u001a\n") ? png(r, p) : null;
            case 'G' -> r.ascii(p, "GIF87a") || r.ascii(p, "GIF89a") ? gif(r, p) : null;
            case 'B' -> r.u8(p + 1) == 'M' ? bmp(r, p) : null;
            case 'R' -> r.ascii(p, "RIFF") ? riff(r, p) : null;
            case 0x00 -> r.ascii(p + 4, "ftyp") ? mp4(r, p) : null;
            case 0x1a -> r.u8(p + 1) == 0x45 && r.u8(p + 2) == 0xdf && r.u8(p + 3) == 0xa3 ? ebml(r, p) : null;
            case 'P' -> r.u8(p + 1) == 'K' && r.u8(p + 2) == 3 && r.u8(p + 3) == 4 ? zip(r, p) : null;
            default -> null;
        };
    }

    private static Found cut(long p, long endExclusive, String format, boolean partial) {
        return new Found(p, endExclusive - p, format, partial);
    }

    /** JPEG: marker segments by their lengths, entropy-coded data to the next marker, to EOI. */
    static @Nullable Found jpeg(Reader r, long p) throws IOException {
        long q = p + 2;
        long cap = Math.min(r.end(), p + MAX_OBJECT);
        while (q < cap) {
            if (r.u8(q) != 0xff) {
                return q - p < 4 ? null : cut(p, q, "jpeg", true);
            }
            int m = r.u8(q + 1);
            while (m == 0xff) { // fill bytes
                q++;
                m = r.u8(q + 1);
            }
            if (m < 0) {
                return cut(p, Math.min(q, cap), "jpeg", true);
            }
            if (m == 0xd9) {
                return cut(p, q + 2, "jpeg", false);
            }
            if (m == 0x01 || (m >= 0xd0 && m <= 0xd7)) {
                q += 2;
                continue;
            }
            long len = r.be(q + 2, 2);
            if (len < 2) {
                return q == p + 2 ? null : cut(p, q, "jpeg", true);
            }
            q += 2 + len;
            if (m == 0xda) { // scan data: to the next marker that is not a stuffed 0x00 or a restart
                while (q < cap) {
                    int b = r.u8(q);
                    if (b < 0) {
                        return cut(p, q, "jpeg", true);
                    }
                    if (b == 0xff) {
                        int n = r.u8(q + 1);
                        if (n != 0x00 && !(n >= 0xd0 && n <= 0xd7) && n != 0xff) {
                            break;
                        }
                        q += n == 0xff ? 1 : 2;
                        continue;
                    }
                    q++;
                }
            }
        }
        return cut(p, cap, "jpeg", true);
    }

    /** PNG: chunks (length, type of four letters, data, CRC) to IEND. */
    static @Nullable Found png(Reader r, long p) throws IOException {
        long q = p + 8;
        long cap = Math.min(r.end(), p + MAX_OBJECT);
        boolean first = true;
        while (q + 12 <= cap) {
            long len = r.be(q, 4);
            if (len < 0 || len > Integer.MAX_VALUE || !letters(r, q + 4)) {
                return first ? null : cut(p, q, "png", true);
            }
            if (first && !r.ascii(q + 4, "IHDR")) {
                return null;
            }
            first = false;
            boolean iend = r.ascii(q + 4, "IEND");
            q += 12 + len;
            if (iend) {
                return q <= cap ? cut(p, q, "png", false) : cut(p, cap, "png", true);
            }
        }
        return first ? null : cut(p, Math.min(q, cap), "png", true);
    }

    private static boolean letters(Reader r, long q) throws IOException {
        for (int k = 0; k < 4; k++) {
            int c = r.u8(q + k);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }

    /** GIF: header, colour tables, image descriptors and extensions with their sub-blocks, to the trailer. */
    static @Nullable Found gif(Reader r, long p) throws IOException {
        long cap = Math.min(r.end(), p + MAX_OBJECT);
        int flags = r.u8(p + 10);
        if (flags < 0) {
            return null;
        }
        long q = p + 13 + ((flags & 0x80) != 0 ? 3L << ((flags & 7) + 1) : 0);
        boolean any = false;
        while (q < cap) {
            int b = r.u8(q);
            if (b == 0x3b) {
                return any ? cut(p, q + 1, "gif", false) : null;
            } else if (b == 0x21) {
                q = subBlocks(r, q + 2, cap);
            } else if (b == 0x2c) {
                int lf = r.u8(q + 9);
                if (lf < 0) {
                    break;
                }
                q += 10 + ((lf & 0x80) != 0 ? 3L << ((lf & 7) + 1) : 0) + 1; // descriptor, table, LZW code size
                q = subBlocks(r, q, cap);
                any = true;
            } else {
                return any ? cut(p, q, "gif", true) : null;
            }
            if (q < 0) {
                break;
            }
        }
        return any ? cut(p, cap, "gif", true) : null;
    }

    private static long subBlocks(Reader r, long q, long cap) throws IOException {
        while (q < cap) {
            int n = r.u8(q);
            if (n < 0) {
                return -1;
            }
            q += 1 + n;
            if (n == 0) {
                return q;
            }
        }
        return -1;
    }

    /** BMP: the size in its file header, checked against a known info-header size. */
    static @Nullable Found bmp(Reader r, long p) throws IOException {
        long size = r.le(p + 2, 4);
        long reserved = r.le(p + 6, 4);
        long dib = r.le(p + 14, 4);
        long dataOffset = r.le(p + 10, 4);
        if (reserved != 0 || !(dib == 12 || dib == 40 || dib == 52 || dib == 56 || dib == 108 || dib == 124)) {
            return null;
        }
        if (size < 14 + dib || size > MAX_OBJECT || dataOffset < 14 + dib || dataOffset >= size) {
            return null;
        }
        return p + size <= r.end() ? cut(p, p + size, "bmp", false) : cut(p, r.end(), "bmp", true);
    }

    /** RIFF: WebP ({@code WEBP}) and AVI ({@code AVI }) by the RIFF size. */
    static @Nullable Found riff(Reader r, long p) throws IOException {
        @Nullable String format = r.ascii(p + 8, "WEBP") ? "webp" : r.ascii(p + 8, "AVI ") ? "avi" : null;
        long size = r.le(p + 4, 4);
        if (format == null || size < 12) {
            return null;
        }
        long end = p + 8 + size + (size & 1);
        return end <= r.end() && end - p <= MAX_OBJECT
                ? cut(p, Math.min(end, p + 8 + size), format, false)
                : cut(p, Math.min(r.end(), p + MAX_OBJECT), format, true);
    }

    /** Top-level ISO BMFF / QuickTime box types: the walk stops at anything else. */
    private static final java.util.Set<String> BOXES = java.util.Set.of(
            "ftyp", "moov", "mdat", "free", "skip", "wide", "uuid", "meta", "moof", "mfra", "pdin", "styp", "sidx",
            "pnot", "prfl", "udta");

    /** MP4/MOV: top-level boxes by their sizes, from {@code ftyp}, as long as they are known box types. */
    static @Nullable Found mp4(Reader r, long p) throws IOException {
        long cap = Math.min(r.end(), p + MAX_OBJECT);
        long q = p;
        boolean media = false;
        while (q + 8 <= cap) {
            long size = r.be(q, 4);
            String type = type(r, q + 4);
            if (type == null || !BOXES.contains(type)) {
                break;
            }
            if (size == 1) {
                size = r.be(q + 8, 8);
            } else if (size == 0) {
                size = r.end() - q; // to the end of the file: bounded by the range
            }
            if (size < 8) {
                break;
            }
            media |= type.equals("moov") || type.equals("mdat") || type.equals("moof");
            if (q + size > cap) {
                return media || type.equals("mdat") ? cut(p, cap, "mp4", true) : null;
            }
            q += size;
        }
        return media ? cut(p, q, "mp4", false) : null;
    }

    private static @Nullable String type(Reader r, long q) throws IOException {
        StringBuilder s = new StringBuilder(4);
        for (int k = 0; k < 4; k++) {
            int c = r.u8(q + k);
            if (c < 0x20 || c > 0x7e) {
                return null;
            }
            s.append((char) c);
        }
        return s.toString();
    }

    /** WebM/Matroska: the EBML header element, then the Segment element of known size. */
    static @Nullable Found ebml(Reader r, long p) throws IOException {
        long[] header = element(r, p);
        if (header == null) {
            return null;
        }
        long q = p + header[1] + header[2];
        long[] segment = element(r, q);
        if (segment == null || segment[0] != 0x18538067L || segment[2] < 0) {
            return null;
        }
        long end = q + segment[1] + segment[2];
        return end <= r.end() && end - p <= MAX_OBJECT
                ? cut(p, end, "matroska", false)
                : cut(p, Math.min(r.end(), p + MAX_OBJECT), "matroska", true);
    }

    /** {id, header bytes, data size (-1 unknown)} of the EBML element at {@code q}, or null. */
    private static long @Nullable [] element(Reader r, long q) throws IOException {
        int b = r.u8(q);
        if (b <= 0) {
            return null;
        }
        int idLen = Integer.numberOfLeadingZeros(b) - 23;
        if (idLen > 4) {
            return null;
        }
        long id = r.be(q, idLen);
        int s = r.u8(q + idLen);
        if (s <= 0) {
            return null;
        }
        int sizeLen = Integer.numberOfLeadingZeros(s) - 23;
        long size = s & (0xff >> sizeLen);
        boolean unknown = size == (0xff >> sizeLen);
        for (int k = 1; k < sizeLen; k++) {
            int c = r.u8(q + idLen + k);
            if (c < 0) {
                return null;
            }
            unknown &= c == 0xff;
            size = size << 8 | c;
        }
        return new long[] {id, idLen + sizeLen, unknown ? -1 : size};
    }

    /** ZIP: local headers forward to the end-of-central-directory record and its comment. */
    static @Nullable Found zip(Reader r, long p) throws IOException {
        long cap = Math.min(r.end(), p + MAX_OBJECT);
        for (long q = p + 30; q + 22 <= cap; q++) {
            if (r.u8(q) == 'P' && r.u8(q + 1) == 'K' && r.u8(q + 2) == 5 && r.u8(q + 3) == 6) {
                long comment = r.le(q + 20, 2);
                long end = q + 22 + comment;
                return end <= cap ? cut(p, end, "zip", false) : cut(p, cap, "zip", true);
            }
        }
        return cut(p, cap, "zip", true);
    }
}
