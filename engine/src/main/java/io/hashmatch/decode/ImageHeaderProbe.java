package io.hashmatch.decode;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Reads declared dimensions from image headers without decoding pixels, and checks that the data is
 * complete (JPEG EOI, PNG IEND, the first GIF frame, BMP pixel array, RIFF size, TIFF strips) so that a cut
 * file is reported as {@link DecodeError#TRUNCATED} instead of being half-decoded by a lenient decoder.
 *
 * <p>Every read is bounds-checked (running off the end is {@code TRUNCATED}), and every walk advances by at
 * least one byte per step over a finite buffer, so no input can make it loop forever. Stateless;
 * thread-safe. All offsets are relative to the buffer's position, which is never moved.
 */
final class ImageHeaderProbe {
    private ImageHeaderProbe() {}

    /** Declared size and layout from the header of {@code data}, already known to be {@code format}. */
    static ImageHeader probe(ByteBuffer data, ImageFormat format) throws DecodeException {
        Bytes b = new Bytes(data, format);
        return switch (format) {
            case JPEG -> jpeg(b);
            case PNG -> png(b);
            case GIF -> gif(b);
            case BMP -> bmp(b);
            case WEBP -> webp(b);
            case TIFF -> tiff(b);
        };
    }

    /** Rejects an image whose declared width x height exceeds the limit, before anything is allocated. */
    static void checkLimits(ImageHeader header, DecodeLimits limits) throws DecodeException {
        if (header.pixels() > limits.maxPixels()) {
            throw new DecodeException(
                    DecodeError.IMAGE_TOO_LARGE,
                    header.format().label() + " declares " + header.size() + " = " + header.pixels()
                            + " pixels, over the limit of " + limits.maxPixels() + " pixels");
        }
    }

    /** Throws {@link DecodeError#TRUNCATED} when the data ends before the image does. */
    static void checkComplete(ByteBuffer data, ImageHeader header) throws DecodeException {
        Bytes b = new Bytes(data, header.format());
        switch (header.format()) {
            case JPEG -> jpegComplete(b, header);
            case PNG -> pngComplete(b);
            case GIF -> gifComplete(b, header);
            case BMP -> bmpComplete(b, header);
            case WEBP -> webpComplete(b);
            case TIFF -> tiffComplete(b);
        }
    }

    // ---------------------------------------------------------------- JPEG

    private static boolean isSof(int m) {
        return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
    }

    private static ImageHeader jpeg(Bytes b) throws DecodeException {
        long pos = 2;
        while (true) {
            long markerAt = pos;
            int m = nextMarker(b, pos);
            pos = b.lastMarkerEnd;
            if (m == 0xD9) {
                throw b.corrupt("end-of-image marker before any frame header");
            }
            if (m == 0xDA) {
                throw b.corrupt("scan data before any frame header (SOF)");
            }
            if (isStandalone(m)) {
                continue;
            }
            int len = b.u16be(pos);
            if (len < 2) {
                throw b.corrupt("segment length " + len + " at offset " + markerAt);
            }
            if (isSof(m)) {
                if (len < 8) {
                    throw b.corrupt("frame header too short (" + len + " bytes)");
                }
                int height = b.u16be(pos + 3);
                int width = b.u16be(pos + 5);
                int components = b.u8(pos + 7);
                if (width == 0 || height == 0) {
                    throw b.corrupt("frame header declares " + width + "x" + height);
                }
                if (components != 1 && components != 3 && components != 4) {
                    throw b.corrupt("frame header declares " + components + " components");
                }
                b.require(pos + len);
                return new ImageHeader(
                        ImageFormat.JPEG, width, height, -1, b.u8(pos + 2), components, isProgressive(m), (int)
                                (pos + len));
            }
            pos += len;
        }
    }

    /** SOF2, SOF6, SOF10, SOF14: progressive DCT (Huffman or arithmetic, sequential or differential). */
    private static boolean isProgressive(int m) {
        return m == 0xC2 || m == 0xC6 || m == 0xCA || m == 0xCE;
    }

    private static boolean isStandalone(int m) {
        return m == 0x01 || (m >= 0xD0 && m <= 0xD7);
    }

    /** The marker code at {@code pos} (skipping fill bytes); sets {@code lastMarkerEnd} past it. */
    private static int nextMarker(Bytes b, long pos) throws DecodeException {
        if (b.u8(pos) != 0xFF) {
            throw b.corrupt("expected a marker at offset " + pos + ", found " + hex(b.u8(pos)));
        }
        long p = pos + 1;
        int m;
        while ((m = b.u8(p)) == 0xFF) {
            p++;
        }
        if (m == 0x00 || m == 0xD8 || (m > 0x01 && m < 0xC0)) {
            throw b.corrupt("invalid marker FF " + hex(m) + " at offset " + pos);
        }
        b.lastMarkerEnd = p + 1;
        return m;
    }

    private static void jpegComplete(Bytes b, ImageHeader h) throws DecodeException {
        long pos = h.bodyOffset();
        long scanStart;
        while (true) {
            int m = nextMarker(b, pos);
            pos = b.lastMarkerEnd;
            if (m == 0xD9) {
                throw b.corrupt("end-of-image marker before any scan");
            }
            if (isStandalone(m)) {
                continue;
            }
            int len = b.u16be(pos);
            if (len < 2) {
                throw b.corrupt("segment length " + len);
            }
            b.require(pos + len);
            if (m == 0xDA) {
                scanStart = pos + len;
                break;
            }
            pos += len;
        }
        walkScans(b, scanStart);
    }

    /**
     * Walks the entropy-coded data from the first scan to the EOI marker. In scan data an FF byte is followed
     * by 00 (stuffing), FF (fill) or a restart marker D0-D7; anything else is a marker between scans (tables,
     * another scan of a progressive JPEG, comments) or the EOI. libjpeg only warns about broken scan data and
     * hands back grey pixels, so this is where a cut or garbled JPEG is caught: no EOI is {@code TRUNCATED}, an
     * impossible marker is {@code CORRUPT_DATA}. Bytes after the EOI (trailers, appended files) are ignored.
     */
    private static void walkScans(Bytes b, long scanStart) throws DecodeException {
        long pos = scanStart;
        while (true) {
            long ff = b.indexOfFF(pos);
            if (ff < 0 || ff + 1 >= b.n) {
                throw new DecodeException(
                        DecodeError.TRUNCATED,
                        "jpeg data ends after " + b.n + " bytes without an end-of-image marker (FF D9)");
            }
            int m = b.u8(ff + 1);
            if (m == 0x00 || m == 0xFF || (m >= 0xD0 && m <= 0xD7)) {
                pos = m == 0xFF ? ff + 1 : ff + 2;
                continue;
            }
            if (m == 0xD9) {
                return;
            }
            boolean betweenScans = m == 0xC4
                    || m == 0xCC
                    || m == 0xDA
                    || m == 0xDB
                    || m == 0xDC
                    || m == 0xDD
                    || (m >= 0xE0 && m <= 0xEF)
                    || m == 0xFE;
            if (!betweenScans) {
                throw b.corrupt("marker FF " + hex(m) + " inside the image data at offset " + ff);
            }
            int len = b.u16be(ff + 2);
            if (len < 2) {
                throw b.corrupt("segment length " + len + " at offset " + ff);
            }
            pos = ff + 2 + len;
            b.require(pos);
        }
    }

    // ---------------------------------------------------------------- PNG

    private static ImageHeader png(Bytes b) throws DecodeException {
        long len = b.u32be(8);
        b.require(33);
        if (len != 13 || b.u32be(12) != 0x49484452L) { // "IHDR"
            throw b.corrupt("the first chunk is not a 13-byte IHDR");
        }
        CRC32 crc = new CRC32();
        for (int i = 12; i < 29; i++) {
            crc.update(b.u8(i));
        }
        if (crc.getValue() != b.u32be(29)) {
            throw b.corrupt("IHDR checksum mismatch");
        }
        long width = b.u32be(16);
        long height = b.u32be(20);
        int depth = b.u8(24);
        int colourType = b.u8(25);
        if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw b.corrupt("IHDR declares " + width + "x" + height);
        }
        boolean valid =
                switch (colourType) {
                    case 0 -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
                    case 3 -> depth == 1 || depth == 2 || depth == 4 || depth == 8;
                    case 2, 4, 6 -> depth == 8 || depth == 16;
                    default -> false;
                };
        if (!valid) {
            throw b.corrupt("IHDR declares colour type " + colourType + " with bit depth " + depth);
        }
        return new ImageHeader(ImageFormat.PNG, width, height, colourType, depth, -1, false, 33);
    }

    private static void pngComplete(Bytes b) throws DecodeException {
        long pos = 8;
        while (true) {
            if (pos + 12 > b.n) {
                throw new DecodeException(
                        DecodeError.TRUNCATED, "png data ends after " + b.n + " bytes without an IEND chunk");
            }
            long len = b.u32be(pos);
            long type = b.u32be(pos + 4);
            if (len > Integer.MAX_VALUE) {
                throw b.corrupt("chunk length " + len + " at offset " + pos);
            }
            for (int i = 0; i < 4; i++) {
                int c = (int) (type >>> (24 - 8 * i)) & 0xFF;
                if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                    throw b.corrupt("invalid chunk type at offset " + pos);
                }
            }
            if (pos + 12 + len > b.n) {
                throw new DecodeException(
                        DecodeError.TRUNCATED,
                        "png data ends after " + b.n + " bytes, inside a chunk that needs " + (pos + 12 + len));
            }
            if (type == 0x49454E44L) { // "IEND"
                return;
            }
            pos += 12 + len;
        }
    }

    // ---------------------------------------------------------------- GIF

    private static ImageHeader gif(Bytes b) throws DecodeException {
        int screenW = b.u16le(6);
        int screenH = b.u16le(8);
        int flags = b.u8(10);
        long pos = 13;
        if ((flags & 0x80) != 0) {
            pos += 3L << ((flags & 7) + 1);
        }
        while (true) {
            int block = b.u8(pos);
            switch (block) {
                case 0x21 -> pos = skipSubBlocks(b, pos + 2);
                case 0x2C -> {
                    int left = b.u16le(pos + 1);
                    int top = b.u16le(pos + 3);
                    int w = b.u16le(pos + 5);
                    int h = b.u16le(pos + 7);
                    int imageFlags = b.u8(pos + 9);
                    if (w == 0 || h == 0) {
                        throw b.corrupt("first image declares " + w + "x" + h);
                    }
                    long end = pos + 10;
                    if ((imageFlags & 0x80) != 0) {
                        end += 3L << ((imageFlags & 7) + 1);
                    }
                    // Decoders size the frame from the screen or the image, whichever is larger: bound both.
                    long width = Math.max(screenW, (long) left + w);
                    long height = Math.max(screenH, (long) top + h);
                    return new ImageHeader(
                            ImageFormat.GIF, width, height, -1, 8, -1, false, (int) Math.min(end, Integer.MAX_VALUE));
                }
                case 0x3B -> throw b.corrupt("no image before the trailer");
                default -> throw b.corrupt("unexpected block " + hex(block) + " at offset " + pos);
            }
        }
    }

    /** Skips a chain of data sub-blocks starting at {@code pos}; returns the offset after its terminator. */
    private static long skipSubBlocks(Bytes b, long pos) throws DecodeException {
        long p = pos;
        while (true) {
            int size = b.u8(p);
            p += 1 + size;
            if (size == 0) {
                return p;
            }
        }
    }

    private static void gifComplete(Bytes b, ImageHeader h) throws DecodeException {
        long pos = h.bodyOffset();
        int minCodeSize = b.u8(pos);
        if (minCodeSize < 1 || minCodeSize > 11) {
            throw b.corrupt("LZW minimum code size " + minCodeSize);
        }
        long end = skipSubBlocks(b, pos + 1);
        b.require(end);
    }

    // ---------------------------------------------------------------- BMP

    private static ImageHeader bmp(Bytes b) throws DecodeException {
        long infoSize = b.u32le(14);
        long width;
        long height;
        int bpp;
        if (infoSize == 12) {
            width = b.u16le(18);
            height = b.u16le(20);
            bpp = b.u16le(24);
        } else if (infoSize == 16
                || infoSize == 40
                || infoSize == 52
                || infoSize == 56
                || infoSize == 64
                || infoSize == 108
                || infoSize == 124) {
            width = b.s32le(18);
            height = b.s32le(22);
            bpp = b.u16le(28);
            b.u32le(30); // compression must be there
        } else {
            throw b.corrupt("unknown info header size " + infoSize);
        }
        if (width <= 0 || height == 0) {
            throw b.corrupt("info header declares " + width + "x" + height);
        }
        if (bpp != 1 && bpp != 2 && bpp != 4 && bpp != 8 && bpp != 16 && bpp != 24 && bpp != 32) {
            throw b.corrupt("info header declares " + bpp + " bits per pixel");
        }
        return new ImageHeader(
                ImageFormat.BMP, width, Math.abs(height), -1, bpp, -1, false, 0); // negative height = top-down
    }

    private static void bmpComplete(Bytes b, ImageHeader h) throws DecodeException {
        long infoSize = b.u32le(14);
        long compression = infoSize == 12 ? 0 : b.u32le(30);
        long pixelOffset = b.u32le(10);
        if (pixelOffset < 14 + infoSize) {
            throw b.corrupt("pixel data offset " + pixelOffset + " inside the headers");
        }
        long needed = pixelOffset;
        if (compression == 0 || compression == 3 || compression == 6) { // uncompressed rows
            long rowBytes = (h.width() * h.bitDepth() + 31) / 32 * 4;
            needed += rowBytes * h.height();
        } else {
            needed += 1; // RLE and embedded JPEG/PNG: at least something; the decoder checks the rest
        }
        if (needed > b.n) {
            throw new DecodeException(
                    DecodeError.TRUNCATED, "bmp data ends after " + b.n + " bytes; the pixel array needs " + needed);
        }
    }

    // ---------------------------------------------------------------- WebP

    private static ImageHeader webp(Bytes b) throws DecodeException {
        long chunk = b.u32be(12);
        long chunkSize = b.u32le(16);
        long w;
        long h;
        if (chunk == 0x56503820L) { // "VP8 "
            b.require(30);
            if (b.u8(23) != 0x9D || b.u8(24) != 0x01 || b.u8(25) != 0x2A) {
                throw b.corrupt("VP8 start code missing");
            }
            w = b.u16le(26) & 0x3FFF;
            h = b.u16le(28) & 0x3FFF;
        } else if (chunk == 0x5650384CL) { // "VP8L"
            b.require(25);
            if (b.u8(20) != 0x2F) {
                throw b.corrupt("VP8L signature missing");
            }
            long bits = b.u32le(21);
            w = (bits & 0x3FFF) + 1;
            h = ((bits >>> 14) & 0x3FFF) + 1;
        } else if (chunk == 0x56503858L) { // "VP8X"
            b.require(30);
            w = b.u24le(24) + 1;
            h = b.u24le(27) + 1;
        } else {
            throw b.corrupt("unknown first chunk '" + fourcc(chunk) + "'");
        }
        if (w == 0 || h == 0) {
            throw b.corrupt("header declares " + w + "x" + h);
        }
        if (chunkSize > Integer.MAX_VALUE) {
            throw b.corrupt("chunk size " + chunkSize);
        }
        return new ImageHeader(ImageFormat.WEBP, w, h, -1, -1, -1, false, 0);
    }

    private static void webpComplete(Bytes b) throws DecodeException {
        long riffSize = b.u32le(4);
        if (riffSize < 4 + 8) {
            throw b.corrupt("RIFF size " + riffSize);
        }
        long firstChunkEnd = 20 + b.u32le(16);
        if (riffSize + 8 > b.n || firstChunkEnd > b.n) {
            throw new DecodeException(
                    DecodeError.TRUNCATED,
                    "webp data ends after " + b.n + " bytes; the RIFF header says " + (riffSize + 8));
        }
    }

    // ---------------------------------------------------------------- TIFF

    private static final int SHORT = 3;
    private static final int LONG = 4;

    private static ImageHeader tiff(Bytes b) throws DecodeException {
        b.littleEndian = b.u8(0) == 'I';
        long ifd = b.u32(4);
        if (ifd < 8) {
            throw b.corrupt("first IFD at offset " + ifd);
        }
        int count = b.u16(ifd);
        if (count == 0) {
            throw b.corrupt("empty IFD");
        }
        b.require(ifd + 2 + 12L * count + 4); // entries and the next-IFD offset
        long width = -1;
        long height = -1;
        int bits = -1;
        for (int i = 0; i < count; i++) {
            long e = ifd + 2 + 12L * i;
            int tag = b.u16(e);
            if (tag == 256 || tag == 257 || tag == 258) {
                long value = firstValue(b, e);
                switch (tag) {
                    case 256 -> width = value;
                    case 257 -> height = value;
                    default -> bits = (int) value;
                }
            }
        }
        if (width <= 0 || height <= 0) {
            throw b.corrupt("first IFD lacks a positive ImageWidth/ImageLength (" + width + "x" + height + ")");
        }
        return new ImageHeader(ImageFormat.TIFF, width, height, -1, bits, -1, false, 0);
    }

    /** First value of a SHORT or LONG entry (inline or at its offset). */
    private static long firstValue(Bytes b, long entry) throws DecodeException {
        int type = b.u16(entry + 2);
        long count = b.u32(entry + 4);
        if (count == 0) {
            throw b.corrupt("IFD entry with no value");
        }
        if (type == SHORT) {
            return b.u16(count <= 2 ? entry + 8 : b.u32(entry + 8));
        }
        if (type == LONG) {
            return b.u32(count <= 1 ? entry + 8 : b.u32(entry + 8));
        }
        throw b.corrupt("IFD entry of type " + type + " where SHORT or LONG was expected");
    }

    private static void tiffComplete(Bytes b) throws DecodeException {
        b.littleEndian = b.u8(0) == 'I';
        long ifd = b.u32(4);
        int count = b.u16(ifd);
        long offsetsEntry = -1;
        long countsEntry = -1;
        for (int i = 0; i < count; i++) {
            long e = ifd + 2 + 12L * i;
            int tag = b.u16(e);
            if (tag == 273 || tag == 324) {
                offsetsEntry = e;
            } else if (tag == 279 || tag == 325) {
                countsEntry = e;
            }
        }
        if (offsetsEntry < 0 || countsEntry < 0) {
            throw b.corrupt("first IFD has no strip or tile offsets/byte counts");
        }
        long n = b.u32(offsetsEntry + 4);
        if (n != b.u32(countsEntry + 4)) {
            throw b.corrupt("strip offsets and byte counts differ in number");
        }
        for (long i = 0; i < n; i++) { // bounded: valueAt checks that every index is inside the data
            long offset = valueAt(b, offsetsEntry, i);
            long size = valueAt(b, countsEntry, i);
            if (offset + size > b.n) {
                throw new DecodeException(
                        DecodeError.TRUNCATED,
                        "tiff data ends after " + b.n + " bytes; strip " + i + " needs " + (offset + size));
            }
        }
    }

    private static long valueAt(Bytes b, long entry, long index) throws DecodeException {
        int type = b.u16(entry + 2);
        long count = b.u32(entry + 4);
        int size = type == SHORT ? 2 : type == LONG ? 4 : 0;
        if (size == 0) {
            throw b.corrupt("strip table of type " + type);
        }
        long base = count * size <= 4 ? entry + 8 : b.u32(entry + 8);
        long at = base + index * size;
        return size == 2 ? b.u16(at) : b.u32(at);
    }

    // ---------------------------------------------------------------- helpers

    private static String hex(int v) {
        return String.format("%02X", v);
    }

    private static String fourcc(long v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            int c = (int) (v >>> (24 - 8 * i)) & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return sb.toString();
    }

    /** Bounds-checked reads at absolute offsets from the buffer's position; past the end is TRUNCATED. */
    private static final class Bytes {
        final ByteBuffer data;
        final int base;
        final long n;
        final ImageFormat format;
        boolean littleEndian;
        long lastMarkerEnd;

        Bytes(ByteBuffer data, ImageFormat format) {
            this.data = data;
            this.base = data.position();
            this.n = data.remaining();
            this.format = format;
        }

        /** Offset of the first FF byte at or after {@code from}, or -1. Reads 8 bytes at a time. */
        long indexOfFF(long from) {
            long i = from;
            long n8 = n - 8;
            while (i <= n8) {
                long x = ~data.getLong(base + (int) i); // an FF byte becomes a zero byte
                if (((x - 0x0101010101010101L) & ~x & 0x8080808080808080L) != 0) {
                    break;
                }
                i += 8;
            }
            for (; i < n; i++) {
                if (data.get(base + (int) i) == (byte) 0xFF) {
                    return i;
                }
            }
            return -1;
        }

        void require(long end) throws DecodeException {
            if (end > n || end < 0) {
                throw new DecodeException(
                        DecodeError.TRUNCATED,
                        format.label() + " data ends after " + n + " bytes, inside the "
                                + (end < 64 ? "header" : "structure") + " (needs at least " + end + ")");
            }
        }

        int u8(long off) throws DecodeException {
            require(off + 1);
            return data.get(base + (int) off) & 0xFF;
        }

        int u16be(long off) throws DecodeException {
            return u8(off) << 8 | u8(off + 1);
        }

        int u16le(long off) throws DecodeException {
            return u8(off) | u8(off + 1) << 8;
        }

        long u24le(long off) throws DecodeException {
            return u8(off) | u8(off + 1) << 8 | (long) u8(off + 2) << 16;
        }

        long u32be(long off) throws DecodeException {
            return (long) u16be(off) << 16 | u16be(off + 2);
        }

        long u32le(long off) throws DecodeException {
            return u16le(off) | (long) u16le(off + 2) << 16;
        }

        int s32le(long off) throws DecodeException {
            return (int) u32le(off);
        }

        int u16(long off) throws DecodeException {
            return littleEndian ? u16le(off) : u16be(off);
        }

        long u32(long off) throws DecodeException {
            return littleEndian ? u32le(off) : u32be(off);
        }

        DecodeException corrupt(String what) {
            return new DecodeException(DecodeError.CORRUPT_DATA, format.label() + " header is invalid: " + what);
        }
    }
}
