package io.hashmatch.disk;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Finds images, videos and archives in raw bytes by their signature and structure, without a file system: JPEG
 * (markers to EOI), PNG (chunks to IEND), GIF (blocks to the trailer), BMP (its header's size), TIFF (the IFD chain
 * and the strips or tiles it points to), WebP and AVI (the RIFF size), MP4/MOV (top-level box sizes), WebM/Matroska
 * (EBML header and segment size) and ZIP (local headers, central directory, end record). Nothing is written: the
 * caller reads each object's bytes and hashes them in memory.
 *
 * <p>One pass over the range in large chunks: a search for the offsets where a signature may start (a vector of
 * offsets at a time, see {@link StartSearch}), then the few signatures starting with that byte, then the structure walk, which reads forward only as far as the object goes. After an object
 * the pass continues at its end, so an object inside another (a JPEG stored in a ZIP, an EXIF thumbnail) is not
 * reported again. {@link #sectorAligned()} looks for objects only at 512-byte boundaries, where file systems store
 * files (much faster, and what unallocated space needs); {@link #anyOffset()} looks at every byte (a memory dump, a
 * file of unknown structure).
 *
 * <p><b>Partial objects.</b> An object whose structure stops before its end marker (cut by the end of the range,
 * by the size cap, or followed by bytes that are not its own, as the first fragment of a fragmented file) is
 * reported {@link Found#partial()} with the bytes up to where its structure stopped: a JPEG up to the first byte
 * that cannot continue it, or up to a run of {@value #ZERO_RUN} zero bytes inside its entropy-coded data (free space
 * after a cut-off file; coded data never holds such a run). A signature whose structure is not confirmed by what
 * follows is not reported.
 *
 * <p><b>Threads.</b> With {@link #threads(int)} above 1, the range is cut into segments carved in parallel; each
 * segment's pass starts objects only inside the segment but follows them past its end, and the segments' results
 * are joined in order so that the objects reported are exactly those one sequential pass reports: an object across
 * a segment boundary is found once, by the segment it starts in, and an object a segment found inside an object of
 * the previous segment is dropped (that segment's pass is replayed from the end of the object).
 *
 * <p>Thread-safe: an instance holds only its settings; each {@link #carve} call has its own buffers. With several
 * threads, the {@link Source} is read from them concurrently.
 */
public final class Carver {
    /**
     * One object found.
     *
     * @param offset its first byte, relative to the source
     * @param length its bytes
     * @param format {@code jpeg}, {@code png}, {@code gif}, {@code bmp}, {@code tiff}, {@code webp}, {@code avi},
     *     {@code mp4}, {@code matroska} or {@code zip}
     * @param partial whether its structure ended before its end marker (the range, the size cap or foreign bytes
     *     came first): the bytes up to there are reported
     */
    public record Found(long offset, long length, String format, boolean partial) {}

    /**
     * Random-access bytes: a disk image, a file.
     *
     * <p>Must be thread-safe: a carver of more than one thread reads a source from its carving threads at once,
     * each at its own offsets.
     */
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

    /** Zero bytes in a row that end a JPEG's entropy-coded data (the file was cut off; free space follows). */
    static final int ZERO_RUN = 4096;

    private static final int CHUNK = 4 << 20;
    private static final int SECTOR = 512;
    /** Bytes of the range each parallel task carves (a multiple of {@link #SECTOR}). */
    private static final long SEGMENT = 64L << 20;

    private final int step;
    private final int threads;
    private final long segment;
    private final StartSearch search;

    private Carver(int step, int threads, long segment, StartSearch search) {
        this.step = step;
        this.threads = threads;
        this.segment = segment;
        this.search = search;
    }

    /** A carver looking at 512-byte boundaries only (relative to the start of the carved range), one thread. */
    public static Carver sectorAligned() {
        return new Carver(SECTOR, 1, SEGMENT, StartSearch.PAIRS); // at boundaries the pair table alone decides
    }

    /**
     * A carver looking at every byte offset, one thread. The first one made in a JVM starts warming up the fastest
     * start search on a thread of its own (a fraction of a CPU second), so make it before other work that precedes
     * the carving.
     */
    public static Carver anyOffset() {
        return new Carver(1, 1, SEGMENT, StartSearch.fastest());
    }

    /**
     * This carver carving with {@code threads} threads (see the class comment); the same objects are reported.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Carver threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        return new Carver(step, threads, segment, search);
    }

    /** This carver with segments of {@code bytes} (a multiple of 512): small ones let tests cross many boundaries. */
    Carver segment(long bytes) {
        if (bytes <= 0 || bytes % SECTOR != 0) {
            throw new IllegalArgumentException("segment must be a positive multiple of 512: " + bytes);
        }
        return new Carver(step, threads, bytes, search);
    }

    /** This carver finding the offsets to try with {@code search} (the same objects are reported). */
    Carver search(StartSearch search) {
        return new Carver(step, threads, segment, search);
    }

    /**
     * Carves {@code length} bytes of {@code source} from {@code start}, calling {@code found} for each object in
     * order of offset, on the calling thread. An object may not extend past the range.
     *
     * @throws IOException if the source cannot be read
     */
    public void carve(Source source, long start, long length, Consumer<Found> found) throws IOException {
        Objects.requireNonNull(source);
        Objects.requireNonNull(found);
        long end = start + length;
        if (threads == 1 || length <= segment) {
            new Pass(source, start, end).span(start, end, found);
            return;
        }
        int segments = (int) ((length + segment - 1) / segment);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "hashmatch-carve");
            t.setDaemon(true);
            return t;
        });
        try {
            // a window of tasks ahead of the join, so that the results held wait for the join in bounded number
            int window = 2 * threads;
            List<Future<Segment>> pending = new ArrayList<>();
            int submitted = 0;
            Pass join = new Pass(source, start, end);
            long pos = start;
            for (int k = 0; k < segments; k++) {
                while (submitted < segments && submitted < k + window) {
                    long from = start + submitted * segment;
                    long to = Math.min(end, from + segment);
                    pending.add(pool.submit(() -> {
                        List<Found> list = new ArrayList<>();
                        long next = new Pass(source, start, end).span(from, to, list::add);
                        return new Segment(list, next);
                    }));
                    submitted++;
                }
                Segment s = get(pending.get(k));
                pending.set(k, null);
                pos = join.join(s, pos, found);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** What one segment's pass found, and where that pass stopped (at or after the segment's end). */
    private record Segment(List<Found> found, long next) {}

    private static Segment get(@Nullable Future<Segment> f) throws IOException {
        try {
            return Objects.requireNonNull(f).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("carving interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** One pass over part of a range: its chunk buffer and structure reader. Not thread-safe. */
    private final class Pass {
        private final Source source;
        private final long rangeStart;
        private final Reader reader;
        private final byte[] chunk;

        Pass(Source source, long rangeStart, long rangeEnd) {
            this.source = source;
            this.rangeStart = rangeStart;
            this.reader = new Reader(source, rangeEnd);
            this.chunk = new byte[(int) Math.min(CHUNK, Math.max(SECTOR, segment))];
        }

        /** {@code p} rounded up to the next position the pass looks at. */
        long align(long p) {
            if (step == 1) {
                return p;
            }
            long rel = p - rangeStart;
            return rangeStart + (rel + step - 1) / step * step;
        }

        /**
         * Looks for objects starting in {@code [from, to)} ({@code from} at a position the pass looks at), following
         * each to its end even past {@code to}; returns where the pass would go on (at or after {@code to}).
         */
        long span(long from, long to, Consumer<Found> found) throws IOException {
            byte[] buf = chunk;
            long pos = from;
            while (pos < to) {
                int n = readFully(source, pos, buf, (int) Math.min(buf.length, to - pos));
                if (n <= 0) {
                    return to;
                }
                reader.show(buf, pos, n);
                long next = pos + n;
                int i = 0;
                while (i < n) {
                    if (step == 1) {
                        i = search.next(buf, i, n);
                        if (i == n) {
                            break;
                        }
                    } else if (!StartSearch.pairAt(buf, i, n)) {
                        i += step;
                        continue;
                    }
                    Found f = at(reader, pos + i);
                    if (f != null) {
                        found.accept(f);
                        long after = align(f.offset() + Math.max(f.length(), 1));
                        if (after >= next) {
                            next = after;
                            break;
                        }
                        i = (int) (after - pos);
                        continue;
                    }
                    i += step;
                }
                reader.hide();
                pos = next;
            }
            return pos;
        }

        /**
         * Joins segment {@code s} to the objects reported so far, the sequential pass being at {@code pos}: the
         * segment's objects from where its pass agrees with the sequential one are reported, the part before that is
         * carved again here. Returns where the sequential pass goes on.
         */
        long join(Segment s, long pos, Consumer<Found> found) throws IOException {
            long at = pos;
            while (true) {
                Found cover = null;
                for (Found f : s.found()) {
                    if (f.offset() < at && at < align(f.offset() + Math.max(f.length(), 1))) {
                        cover = f;
                        break;
                    }
                }
                if (cover == null) {
                    for (Found f : s.found()) {
                        if (f.offset() >= at) {
                            found.accept(f);
                        }
                    }
                    return Math.max(at, s.next());
                }
                // the segment's pass was inside an object the sequential pass never saw: replay to its end
                at = span(at, align(cover.offset() + Math.max(cover.length(), 1)), found);
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

    /**
     * Byte access at absolute offsets for the structure walks: first the pass's chunk when it holds the offset (no
     * copy), else a small window of its own.
     */
    static final class Reader {
        private final Source source;
        private final long end;
        private final byte[] window = new byte[64 << 10];
        private long windowStart = -1;
        private int windowLength;
        private byte @Nullable [] shown;
        private long shownStart;
        private int shownLength;

        Reader(Source source, long end) {
            this.source = source;
            this.end = end;
        }

        /** Reads {@code n} bytes of {@code chunk}, the source's bytes from {@code start}, from there until hidden. */
        void show(byte[] chunk, long start, int n) {
            shown = chunk;
            shownStart = start;
            shownLength = n;
        }

        void hide() {
            shown = null;
        }

        /** The byte at {@code offset} (0..255), or -1 past the end. */
        int u8(long offset) throws IOException {
            if (offset >= end || offset < 0) {
                return -1;
            }
            byte[] c = shown;
            if (c != null && offset >= shownStart && offset < shownStart + shownLength) {
                return c[(int) (offset - shownStart)] & 0xff;
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
            case 'I' -> r.ascii(p, "II*\0") ? tiff(r, p, true) : null;
            case 'M' -> r.ascii(p, "MM\0*") ? tiff(r, p, false) : null;
            default -> null;
        };
    }

    private static Found cut(long p, long endExclusive, String format, boolean partial) {
        return new Found(p, endExclusive - p, format, partial);
    }

    /**
     * JPEG: marker segments by their lengths, entropy-coded data to the next marker, to EOI. Confirmed by two
     * segments of known markers, or one JFIF/EXIF/XMP application segment; stops (partial) at an unknown marker, a
     * second SOI (the start of another file) or a run of {@value #ZERO_RUN} zeros in coded data.
     */
    static @Nullable Found jpeg(Reader r, long p) throws IOException {
        long q = p + 2;
        long cap = Math.min(r.end(), p + MAX_OBJECT);
        int segments = 0;
        boolean named = false;
        while (q < cap) {
            if (r.u8(q) != 0xff) {
                return jpegSoFar(p, q, segments, named);
            }
            int m = r.u8(q + 1);
            while (m == 0xff) { // fill bytes
                q++;
                m = r.u8(q + 1);
            }
            if (m < 0) {
                return jpegSoFar(p, Math.min(q, cap), segments, named);
            }
            if (m == 0xd9) {
                return segments >= 2 || named ? cut(p, q + 2, "jpeg", false) : null;
            }
            if (m == 0x01 || (m >= 0xd0 && m <= 0xd7)) {
                q += 2;
                continue;
            }
            long len = r.be(q + 2, 2);
            if (!segmentMarker(m) || len < 2) {
                return jpegSoFar(p, q, segments, named);
            }
            if (segments == 0) {
                named = (m == 0xe0 && (r.ascii(q + 4, "JFIF\0") || r.ascii(q + 4, "JFXX\0")))
                        || (m == 0xe1 && (r.ascii(q + 4, "Exif\0") || r.ascii(q + 4, "http:")));
            }
            segments++;
            q += 2 + len;
            if (m == 0xda) { // scan data: to the next marker that is not a stuffed 0x00 or a restart
                int zeros = 0;
                while (q < cap) {
                    int b = r.u8(q);
                    if (b < 0) {
                        return jpegSoFar(p, q, segments, named);
                    }
                    if (b == 0) {
                        if (++zeros >= ZERO_RUN) {
                            return jpegSoFar(p, q + 1 - zeros, segments, named);
                        }
                        q++;
                        continue;
                    }
                    zeros = 0;
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
        return jpegSoFar(p, cap, segments, named);
    }

    /** Markers followed by a length: SOFn, DHT, DAC, DQT, DNL, DRI, DHP, EXP, SOS, APPn, COM (and JPGn). */
    private static boolean segmentMarker(int m) {
        return (m >= 0xc0 && m <= 0xcf) || (m >= 0xda && m <= 0xdf) || (m >= 0xe0 && m <= 0xfe);
    }

    private static @Nullable Found jpegSoFar(long p, long q, int segments, boolean named) {
        return segments >= 2 || named ? cut(p, q, "jpeg", true) : null;
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

    /** Bytes of one value of each TIFF field type (1 BYTE ... 13 IFD), 0 for unknown types. */
    private static final int[] TIFF_TYPE_BYTES = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4};

    /** Most IFDs followed in one TIFF (pages, sub-IFDs, EXIF, GPS): a loop or a forged chain stops there. */
    private static final int MAX_IFDS = 1024;

    /**
     * TIFF (either byte order): the end is the furthest byte any IFD of the chain (and its sub-IFDs, EXIF, GPS and
     * interoperability IFDs), any value it points to, or any strip or tile (offsets + byte counts) reaches. Confirmed
     * by a first IFD whose entries all have known types and which gives an image width; partial when something it
     * points to lies past the range.
     */
    static @Nullable Found tiff(Reader r, long p, boolean little) throws IOException {
        TiffReader t = new TiffReader(r, p, little);
        long first = t.u32(4);
        if (first < 8) {
            return null;
        }
        long cap = Math.min(r.end(), p + MAX_OBJECT) - p;
        ArrayDeque<Long> ifds = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        ifds.add(first);
        long end = 8;
        boolean image = false;
        boolean partial = false;
        boolean firstIfd = true;
        while (!ifds.isEmpty() && seen.size() < MAX_IFDS) {
            long ifd = ifds.poll();
            if (!seen.add(ifd)) {
                continue;
            }
            long n = ifd + 2 <= cap ? t.u16(ifd) : -1;
            if (n < 0 || ifd + 2 + 12 * n + 4 > cap) {
                if (firstIfd) {
                    return null; // the first IFD cut off: nothing says this is a TIFF
                }
                partial = true;
                continue;
            }
            if (n == 0 || n > 4096) {
                if (firstIfd) {
                    return null;
                }
                continue;
            }
            end = Math.max(end, ifd + 2 + 12 * n + 4);
            long[] strips = null;
            long[] counts = null;
            for (long e = ifd + 2; e < ifd + 2 + 12 * n; e += 12) {
                int tag = (int) t.u16(e);
                int type = (int) t.u16(e + 2);
                long count = t.u32(e + 4);
                if (type < 1 || type >= TIFF_TYPE_BYTES.length) {
                    if (firstIfd) {
                        return null;
                    }
                    break;
                }
                long bytes = TIFF_TYPE_BYTES[type] * count;
                if (bytes > 4) {
                    end = Math.max(end, t.u32(e + 8) + bytes);
                }
                switch (tag) {
                    case 256 -> image |= firstIfd && count >= 1;
                    case 273, 324, 513 -> strips = t.values(e, type, count, cap);
                    case 279, 325, 514 -> counts = t.values(e, type, count, cap);
                    case 330, 34665, 34853, 40965 -> {
                        long[] sub = t.values(e, type, count, cap);
                        for (long s : sub == null ? new long[0] : sub) {
                            ifds.add(s);
                        }
                    }
                    default -> {}
                }
            }
            if (strips != null && counts != null) {
                for (int k = 0; k < Math.min(strips.length, counts.length); k++) {
                    end = Math.max(end, strips[k] + counts[k]);
                }
            } else if (strips != null || counts != null) {
                partial = true; // the values lay past the range
            }
            long next = t.u32(ifd + 2 + 12 * n);
            if (next > 0) {
                ifds.add(next);
            }
            firstIfd = false;
        }
        if (!image) {
            return null;
        }
        return end <= cap && !partial ? cut(p, p + end, "tiff", false) : cut(p, p + Math.min(end, cap), "tiff", true);
    }

    /** TIFF numbers at offsets relative to the TIFF's first byte, in its byte order. */
    private record TiffReader(Reader r, long p, boolean little) {
        long u16(long at) throws IOException {
            return little ? r.le(p + at, 2) : r.be(p + at, 2);
        }

        long u32(long at) throws IOException {
            return little ? r.le(p + at, 4) : r.be(p + at, 4);
        }

        /**
         * The SHORT or LONG values of the entry at {@code e} (inline when they fit four bytes), or null when they lie
         * past {@code cap} or the entry has another type.
         */
        long @Nullable [] values(long e, int type, long count, long cap) throws IOException {
            if ((type != 3 && type != 4 && type != 13) || count > 1 << 20) {
                return null;
            }
            int size = type == 3 ? 2 : 4;
            long at = count * size <= 4 ? e + 8 : u32(e + 8);
            if (at + count * size > cap) {
                return null;
            }
            long[] v = new long[(int) count];
            for (int k = 0; k < count; k++) {
                v[k] = size == 2 ? u16(at + k * 2L) : u32(at + k * 4L);
            }
            return v;
        }
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

    private static final int LOCAL = 0x04034b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int END = 0x06054b50;
    private static final int DESCRIPTOR = 0x08074b50;
    private static final int ZIP64_END = 0x06064b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;

    /**
     * ZIP: local headers (data by its size, or to its data descriptor when the size follows the data), the central
     * directory and the end record with its comment. The first local header must be plausible (version, known
     * compression method, name length).
     */
    static @Nullable Found zip(Reader r, long p) throws IOException {
        long cap = Math.min(r.end(), p + MAX_OBJECT);
        long method = r.le(p + 8, 2);
        long nameLength = r.le(p + 26, 2);
        if (r.u8(p + 4) > 63
                || !(method == 0
                        || method == 8
                        || method == 9
                        || method == 12
                        || method == 14
                        || method == 93
                        || method == 95
                        || method == 98
                        || method == 99)
                || nameLength < 1
                || nameLength > 4096) {
            return null;
        }
        long q = p;
        while (q + 4 <= cap) {
            long sig = r.le(q, 4);
            if (sig == LOCAL) {
                long flags = r.le(q + 6, 2);
                long size = r.le(q + 18, 4);
                long data = q + 30 + r.le(q + 26, 2) + r.le(q + 28, 2);
                if ((flags & 8) == 0 || (size != 0 && size != 0xffffffffL)) {
                    q = data + size;
                } else {
                    q = afterData(r, data, cap);
                    if (q < 0) {
                        return cut(p, cap, "zip", true);
                    }
                }
            } else if (sig == DESCRIPTOR) {
                q += 16;
            } else if (sig == CENTRAL) {
                q += 46 + r.le(q + 28, 2) + r.le(q + 30, 2) + r.le(q + 32, 2);
            } else if (sig == ZIP64_END) {
                q += 12 + r.le(q + 4, 8);
            } else if (sig == ZIP64_LOCATOR) {
                q += 20;
            } else if (sig == END) {
                long end = q + 22 + r.le(q + 20, 2);
                return end <= cap ? cut(p, end, "zip", false) : cut(p, cap, "zip", true);
            } else {
                return cut(p, q, "zip", true);
            }
        }
        return cut(p, Math.min(q, cap), "zip", true);
    }

    /**
     * The end of data whose size comes after it: the data descriptor whose compressed size is the data's length, or
     * the next header when the descriptor has no signature; -1 when neither comes before {@code cap}.
     */
    private static long afterData(Reader r, long data, long cap) throws IOException {
        for (long q = data; q + 4 <= cap; q++) {
            if (r.u8(q) != 'P' || r.u8(q + 1) != 'K') {
                continue;
            }
            long sig = r.le(q, 4);
            if (sig == DESCRIPTOR && (r.le(q + 8, 4) == q - data || r.le(q + 8, 8) == q - data)) {
                return r.le(q + 8, 4) == q - data ? q + 16 : q + 24;
            }
            if ((sig == LOCAL || sig == CENTRAL) && q - 12 >= data && r.le(q - 8, 4) == q - 12 - data) {
                return q;
            }
        }
        return -1;
    }
}
