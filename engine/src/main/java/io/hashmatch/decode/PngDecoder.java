package io.hashmatch.decode;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;

/**
 * PNG decoding without a native library of its own (the JDK's zlib inflates), giving sample for sample what
 * OpenCV's {@code imdecode} (libpng) gives under {@code IMREAD_UNCHANGED} after hashmatch's normalisation, and
 * refusing what libpng refuses. Loading OpenCV costs most of a one-image run's start-up; a PNG does not need it.
 *
 * <p>Output: grey (colour type 0, also grey+alpha, type 4) as one channel, 1/2/4-bit grey scaled to 8 bits by
 * bit replication; RGB as B,G,R, or B,G,R,A when a valid {@code tRNS} chunk names a transparent colour (alpha 0
 * there, 255 elsewhere; an 8-bit image compares the low byte of each {@code tRNS} sample, as libpng does);
 * palette as B,G,R, or B,G,R,A when a valid {@code tRNS} gives palette alphas (entries past it are opaque,
 * indices past the palette black); RGBA as B,G,R,A; 16-bit samples narrowed to their high byte; Adam7 interlacing
 * undone. Nothing else is applied: no {@code gAMA}, {@code sBIT}, {@code iCCP} or background.
 *
 * <p>Refused as corrupt, as libpng refuses them: a CRC mismatch in a critical chunk (an ancillary chunk with a
 * bad CRC is ignored), an unknown critical chunk, a missing, empty, misplaced or duplicate {@code PLTE} of a
 * palette image, an invalid IHDR field, a side over libpng's 1,000,000-pixel limit, a bad filter type, zlib
 * errors before the last row, image data that ends early. Chunks before the first {@code IDAT} are also held
 * to OpenCV's own checks (sizes of {@code bKGD}, {@code acTL}, {@code fcTL}; other ancillary chunks under 8 MB).
 * An animated PNG ({@code acTL} with more than one frame) is not decoded here: OpenCV composes its first frame.
 *
 * <p>Stateless; thread-safe.
 */
final class PngDecoder {
    private PngDecoder() {}

    private static final int IHDR = 0x49484452;
    private static final int PLTE = 0x504C5445;
    private static final int IDAT = 0x49444154;
    private static final int IEND = 0x49454E44;
    private static final int TRNS = 0x74524E53;
    private static final int BKGD = 0x624B4744;
    private static final int ACTL = 0x6163544C;
    private static final int FCTL = 0x6663544C;
    private static final int TEXT = 0x74455874;
    private static final int FDAT = 0x66644154;

    /** libpng's default user limit on either side (PNG_USER_WIDTH_MAX, PNG_USER_HEIGHT_MAX). */
    static final int MAX_SIDE = 1_000_000;
    /** OpenCV's limit on the pixels of one decoded image (CV_IO_MAX_IMAGE_PIXELS). */
    private static final long MAX_PIXELS = 1L << 30;
    /** OpenCV refuses chunks it does not know of this size or more before the first IDAT (PNG_USER_CHUNK_MALLOC_MAX). */
    private static final long MAX_UNKNOWN_CHUNK = 8_000_000;

    // Adam7 passes: first column and row, column and row steps.
    private static final int[] PASS_X = {0, 4, 0, 2, 0, 1, 0};
    private static final int[] PASS_Y = {0, 0, 4, 0, 2, 0, 1};
    private static final int[] PASS_DX = {8, 8, 4, 4, 2, 2, 1};
    private static final int[] PASS_DY = {8, 8, 8, 4, 4, 2, 2};

    /** What the chunks say besides IHDR: palette, transparency, where the image data lies. */
    private static final class Layout {
        /** Palette as B, G, R and alpha, 256 entries each: black and opaque past the chunks' entries. */
        final byte[] blue = new byte[256];

        final byte[] green = new byte[256];
        final byte[] red = new byte[256];
        final byte[] alpha = new byte[256];
        int paletteSize;
        /** Palette alphas given ({@code tRNS} of a palette image), or 1 for a transparent grey or RGB colour. */
        int transparentCount;
        /** The transparent RGB colour, 16-bit samples. */
        int transparentRed;

        int transparentGreen;
        int transparentBlue;
        /** Start and length of each IDAT chunk's data in the first run of IDAT chunks. */
        int[] idatOffsets = new int[8];

        int[] idatLengths = new int[8];
        int idatCount;
        boolean animated;

        Layout() {
            Arrays.fill(alpha, (byte) 0xFF);
        }
    }

    /**
     * Decodes {@code data} (a complete PNG from position 0: signature checked, IHDR read into {@code header},
     * IEND present; the limits already applied).
     *
     * @return the pixels, or null for an animated PNG, left to OpenCV
     * @throws DecodeException {@code CORRUPT_DATA} for what libpng refuses; {@code IMAGE_TOO_LARGE} when the
     *     pixels would not fit in one buffer
     */
    static @Nullable DecodedImage decode(ByteBuffer data, ImageHeader header) throws DecodeException {
        int width = (int) header.width();
        int height = (int) header.height();
        int depth = header.bitDepth();
        int colourType = header.pngColourType();
        int interlace = checkHeaderFields(data, header);
        Layout layout = readChunks(data, colourType, depth);
        if (layout.animated) {
            return null;
        }
        int channels =
                switch (colourType) {
                    case 2, 3 -> layout.transparentCount > 0 ? 4 : 3;
                    case 6 -> 4;
                    default -> 1;
                };
        long bytes = (long) width * height * channels;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new DecodeException(
                    DecodeError.IMAGE_TOO_LARGE,
                    "decoded image " + width + "x" + height + " does not fit in one buffer");
        }
        byte[] out = new byte[(int) bytes];
        Inflater inflater = new Inflater();
        try {
            new Rows(data, header, layout, inflater, out, channels).decodeAll(interlace == 1);
        } finally {
            inflater.end();
        }
        return DecodedImage.ofPixels(out, width, height, channels, ImageFormat.PNG);
    }

    /** Checks what the probe did not (methods, interlace, libpng's and OpenCV's size limits); returns interlace. */
    private static int checkHeaderFields(ByteBuffer data, ImageHeader header) throws DecodeException {
        int compression = data.get(26) & 0xFF;
        int filter = data.get(27) & 0xFF;
        int interlace = data.get(28) & 0xFF;
        if (compression != 0 || filter != 0 || interlace > 1) {
            throw corrupt(
                    "IHDR declares compression " + compression + ", filter " + filter + ", interlace " + interlace);
        }
        if (header.width() > MAX_SIDE || header.height() > MAX_SIDE || header.pixels() > MAX_PIXELS) {
            throw corrupt(header.size() + " exceeds the decoder's limit of " + MAX_SIDE + " pixels a side");
        }
        return interlace;
    }

    /** Walks every chunk up to IEND as libpng (and OpenCV's pre-scan) would, collecting the layout. */
    private static Layout readChunks(ByteBuffer data, int colourType, int depth) throws DecodeException {
        Layout layout = new Layout();
        CRC32 crc = new CRC32();
        boolean sawPalette = false;
        boolean sawTransparency = false;
        boolean sawIdat = false;
        boolean idatRunOpen = false;
        int n = data.limit();
        int pos = 33; // after the signature and IHDR, both checked by the probe
        while (true) {
            // The completeness check walked these chunks: lengths and types are sane, IEND comes before the end.
            int length = data.getInt(pos);
            int type = data.getInt(pos + 4);
            int body = pos + 8;
            if (body + (long) length + 4 > n) {
                throw corrupt("chunk at offset " + pos + " runs past the end");
            }
            boolean critical = (type & 0x20000000) == 0;
            crc.reset();
            crc.update(data.slice(pos + 4, 4 + length));
            boolean crcOk = (int) crc.getValue() == data.getInt(body + length);
            // libpng never checks IEND's CRC, and takes the PLTE of an RGB image (a suggested palette) as ancillary.
            boolean checked = critical && type != IEND && !(type == PLTE && (colourType == 2 || colourType == 6));
            if (!crcOk && checked) {
                throw corrupt(chunkName(type) + " chunk checksum mismatch at offset " + pos);
            }
            if (!sawIdat && !openCvAccepts(data, type, length, body, layout)) {
                throw corrupt(chunkName(type) + " chunk of " + length + " bytes refused at offset " + pos);
            }
            if (type != IDAT) {
                idatRunOpen = false;
            }
            switch (type) {
                case IHDR -> throw corrupt("second IHDR at offset " + pos);
                case IEND -> {
                    if (!sawIdat) {
                        throw corrupt("no IDAT chunk");
                    }
                    return layout;
                }
                case PLTE -> {
                    if (sawPalette) {
                        throw corrupt("duplicate PLTE at offset " + pos);
                    }
                    sawPalette = true;
                    if (colourType == 3) {
                        if (length == 0 || length > 768 || length % 3 != 0) {
                            throw corrupt("PLTE of " + length + " bytes");
                        }
                        int entries = Math.min(length / 3, 1 << depth);
                        for (int i = 0; i < entries; i++) {
                            layout.red[i] = data.get(body + 3 * i);
                            layout.green[i] = data.get(body + 3 * i + 1);
                            layout.blue[i] = data.get(body + 3 * i + 2);
                        }
                        layout.paletteSize = entries;
                    } else if ((colourType == 2 || colourType == 6) && !sawIdat && crcOk && length == 0) {
                        throw corrupt("empty PLTE"); // libpng refuses an empty suggested palette
                    }
                }
                case TRNS -> {
                    if (crcOk && !sawIdat && !sawTransparency) {
                        sawTransparency = readTransparency(data, body, length, colourType, sawPalette, layout);
                    }
                }
                case IDAT -> {
                    if (colourType == 3 && !sawPalette) {
                        throw corrupt("palette image without PLTE before IDAT");
                    }
                    if (!sawIdat || idatRunOpen) {
                        addIdat(layout, body, length);
                        idatRunOpen = true;
                    }
                    sawIdat = true;
                }
                default -> {
                    if (critical) {
                        throw corrupt("unknown critical chunk " + chunkName(type) + " at offset " + pos);
                    }
                }
            }
            pos = body + length + 4;
        }
    }

    /**
     * OpenCV reads the chunks before the first IDAT itself and gives up on some: a wrong size of bKGD, acTL or
     * fcTL, an acTL of no frames, an fcTL with unknown disposal or blending, a chunk it does not name of 8 MB or
     * more. An acTL of several frames marks the image animated.
     */
    private static boolean openCvAccepts(ByteBuffer data, int type, int length, int body, Layout layout) {
        return switch (type) {
            case BKGD -> length == 1 || length == 2 || length == 6;
            case ACTL -> {
                if (length != 8) {
                    yield false;
                }
                long frames = data.getInt(body) & 0xFFFFFFFFL;
                layout.animated |= frames > 1;
                yield frames != 0;
            }
            case FCTL -> length == 26 && (data.get(body + 24) & 0xFF) <= 2 && (data.get(body + 25) & 0xFF) <= 1;
            case IHDR, IDAT, IEND, PLTE, TRNS, TEXT, FDAT -> true;
            default -> length + 12L <= MAX_UNKNOWN_CHUNK;
        };
    }

    /** A tRNS chunk as libpng takes it; returns whether it counts (a later one is then a duplicate). */
    private static boolean readTransparency(
            ByteBuffer data, int body, int length, int colourType, boolean sawPalette, Layout layout) {
        return switch (colourType) {
            case 0 -> length == 2; // no effect: grey stays one channel
            case 2 -> {
                if (length != 6) {
                    yield false;
                }
                layout.transparentRed = data.getShort(body) & 0xFFFF;
                layout.transparentGreen = data.getShort(body + 2) & 0xFFFF;
                layout.transparentBlue = data.getShort(body + 4) & 0xFFFF;
                layout.transparentCount = 1;
                yield true;
            }
            case 3 -> {
                if (!sawPalette || length == 0 || length > layout.paletteSize) {
                    yield false;
                }
                for (int i = 0; i < length; i++) {
                    layout.alpha[i] = data.get(body + i);
                }
                layout.transparentCount = length;
                yield true;
            }
            default -> false;
        };
    }

    private static void addIdat(Layout layout, int body, int length) {
        if (layout.idatCount == layout.idatOffsets.length) {
            layout.idatOffsets = Arrays.copyOf(layout.idatOffsets, 2 * layout.idatCount);
            layout.idatLengths = Arrays.copyOf(layout.idatLengths, 2 * layout.idatCount);
        }
        layout.idatOffsets[layout.idatCount] = body;
        layout.idatLengths[layout.idatCount] = length;
        layout.idatCount++;
    }

    /** Inflates, unfilters and converts the rows of every pass into the output. */
    private static final class Rows {
        private final ByteBuffer data;
        private final Layout layout;
        private final Inflater inflater;
        private final byte[] out;
        private final int channels;
        private final int width;
        private final int height;
        private final int depth;
        private final int colourType;
        private final int bitsPerPixel;
        private int nextIdat;
        private byte[] prior = new byte[0];
        private byte[] current = new byte[0];

        Rows(ByteBuffer data, ImageHeader header, Layout layout, Inflater inflater, byte[] out, int channels) {
            this.data = data;
            this.layout = layout;
            this.inflater = inflater;
            this.out = out;
            this.channels = channels;
            this.width = (int) header.width();
            this.height = (int) header.height();
            this.depth = header.bitDepth();
            this.colourType = header.pngColourType();
            int samples =
                    switch (colourType) {
                        case 2 -> 3;
                        case 4 -> 2;
                        case 6 -> 4;
                        default -> 1;
                    };
            this.bitsPerPixel = samples * depth;
        }

        void decodeAll(boolean interlaced) throws DecodeException {
            if (!interlaced) {
                pass(0, 0, 1, 1, width, height);
            } else {
                for (int p = 0; p < 7; p++) {
                    int passWidth = width > PASS_X[p] ? (width - PASS_X[p] + PASS_DX[p] - 1) / PASS_DX[p] : 0;
                    int passHeight = height > PASS_Y[p] ? (height - PASS_Y[p] + PASS_DY[p] - 1) / PASS_DY[p] : 0;
                    if (passWidth > 0 && passHeight > 0) {
                        pass(PASS_X[p], PASS_Y[p], PASS_DX[p], PASS_DY[p], passWidth, passHeight);
                    }
                }
            }
            finishStream();
        }

        private void pass(int x0, int y0, int dx, int dy, int passWidth, int passHeight) throws DecodeException {
            int rowBytes = (int) (((long) passWidth * bitsPerPixel + 7) / 8);
            int filterStride = Math.max(1, bitsPerPixel / 8);
            if (current.length < rowBytes + 1) {
                current = new byte[rowBytes + 1];
                prior = new byte[rowBytes + 1];
            } else {
                Arrays.fill(prior, 0, rowBytes + 1, (byte) 0);
            }
            for (int r = 0; r < passHeight; r++) {
                inflateFully(current, rowBytes + 1);
                unfilter(current, prior, rowBytes, filterStride);
                convert(current, x0, y0 + r * dy, dx, passWidth);
                byte[] t = prior;
                prior = current;
                current = t;
            }
        }

        /** Fills {@code row[0, n)} from the IDAT stream: zlib errors and a stream that ends early are corrupt. */
        private void inflateFully(byte[] row, int n) throws DecodeException {
            int filled = 0;
            try {
                while (filled < n) {
                    int got = inflater.inflate(row, filled, n - filled);
                    filled += got;
                    if (got == 0) {
                        if (inflater.finished() || inflater.needsDictionary()) {
                            throw corrupt("not enough image data");
                        }
                        if (inflater.needsInput() && !feed()) {
                            throw corrupt("not enough image data");
                        }
                    }
                }
            } catch (DataFormatException e) {
                throw corrupt("image data: " + e.getMessage());
            }
        }

        /** Hands the next IDAT chunk of the run to the inflater; false when there is none. */
        private boolean feed() {
            while (nextIdat < layout.idatCount) {
                int i = nextIdat++;
                if (layout.idatLengths[i] > 0) {
                    inflater.setInput(data.slice(layout.idatOffsets[i], layout.idatLengths[i]));
                    return true;
                }
            }
            return false;
        }

        /**
         * libpng reads the zlib stream to its end after the last row: a stream that runs past the IDAT chunks is an
         * error there ("not enough image data"), while what follows its end, or a zlib error (a bad checksum), only
         * earns a warning.
         */
        private void finishStream() throws DecodeException {
            byte[] scratch = prior;
            try {
                while (!inflater.finished() && !inflater.needsDictionary()) {
                    if (inflater.inflate(scratch) == 0 && !inflater.finished() && inflater.needsInput() && !feed()) {
                        throw corrupt("image data ends inside its zlib stream");
                    }
                }
            } catch (DataFormatException e) {
                // a warning in libpng
            }
        }

        /** Undoes the row filter in place ({@code row[0]} is the filter type, the samples follow). */
        private static void unfilter(byte[] row, byte[] prior, int rowBytes, int bpp) throws DecodeException {
            int end = rowBytes + 1;
            switch (row[0]) {
                case 0 -> {}
                case 1 -> {
                    for (int i = 1 + bpp; i < end; i++) {
                        row[i] += row[i - bpp];
                    }
                }
                case 2 -> {
                    for (int i = 1; i < end; i++) {
                        row[i] += prior[i];
                    }
                }
                case 3 -> {
                    for (int i = 1; i < 1 + bpp && i < end; i++) {
                        row[i] += (byte) ((prior[i] & 0xFF) >>> 1);
                    }
                    for (int i = 1 + bpp; i < end; i++) {
                        row[i] += (byte) (((row[i - bpp] & 0xFF) + (prior[i] & 0xFF)) >>> 1);
                    }
                }
                case 4 -> {
                    for (int i = 1; i < 1 + bpp && i < end; i++) {
                        row[i] += prior[i]; // Paeth with a = c = 0 picks b
                    }
                    for (int i = 1 + bpp; i < end; i++) {
                        int a = row[i - bpp] & 0xFF;
                        int b = prior[i] & 0xFF;
                        int c = prior[i - bpp] & 0xFF;
                        int pa = Math.abs(b - c);
                        int pb = Math.abs(a - c);
                        int pc = Math.abs(a + b - 2 * c);
                        int predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
                        row[i] += (byte) predictor;
                    }
                }
                default -> throw corrupt("bad filter type " + (row[0] & 0xFF));
            }
        }

        /** Writes one unfiltered row of {@code count} pixels to columns x0, x0 + dx, ... of output row y. */
        private void convert(byte[] row, int x0, int y, int dx, int count) {
            int o = (y * width + x0) * channels;
            int step = dx * channels;
            switch (colourType) {
                case 0 -> grey(row, o, step, count);
                case 2 -> rgb(row, o, step, count);
                case 3 -> palette(row, o, step, count);
                case 4 -> {
                    int stride = depth == 16 ? 4 : 2;
                    for (int i = 0, s = 1; i < count; i++, s += stride, o += step) {
                        out[o] = row[s];
                    }
                }
                default -> {
                    int b = depth / 8; // RGBA: 1 or 2 bytes a sample, high byte first
                    for (int i = 0, s = 1; i < count; i++, s += 4 * b, o += step) {
                        out[o] = row[s + 2 * b];
                        out[o + 1] = row[s + b];
                        out[o + 2] = row[s];
                        out[o + 3] = row[s + 3 * b];
                    }
                }
            }
        }

        private void grey(byte[] row, int o, int step, int count) {
            if (depth >= 8) {
                int b = depth / 8;
                for (int i = 0, s = 1; i < count; i++, s += b, o += step) {
                    out[o] = row[s];
                }
                return;
            }
            int scale = depth == 1 ? 0xFF : depth == 2 ? 0x55 : 0x11; // libpng's bit replication
            for (int i = 0; i < count; i++, o += step) {
                out[o] = (byte) (packed(row, i) * scale);
            }
        }

        private void rgb(byte[] row, int o, int step, int count) {
            int b = depth / 8;
            boolean alpha = channels == 4;
            // libpng matches an 8-bit pixel against the low byte of each tRNS sample
            int tr = b == 1 ? layout.transparentRed & 0xFF : layout.transparentRed;
            int tg = b == 1 ? layout.transparentGreen & 0xFF : layout.transparentGreen;
            int tb = b == 1 ? layout.transparentBlue & 0xFF : layout.transparentBlue;
            for (int i = 0, s = 1; i < count; i++, s += 3 * b, o += step) {
                out[o] = row[s + 2 * b];
                out[o + 1] = row[s + b];
                out[o + 2] = row[s];
                if (alpha) {
                    boolean clear =
                            sample(row, s, b) == tr && sample(row, s + b, b) == tg && sample(row, s + 2 * b, b) == tb;
                    out[o + 3] = clear ? 0 : (byte) 0xFF;
                }
            }
        }

        private static int sample(byte[] row, int s, int bytes) {
            return bytes == 1 ? row[s] & 0xFF : (row[s] & 0xFF) << 8 | (row[s + 1] & 0xFF);
        }

        private void palette(byte[] row, int o, int step, int count) {
            boolean alpha = channels == 4;
            for (int i = 0; i < count; i++, o += step) {
                int index = depth == 8 ? row[1 + i] & 0xFF : packed(row, i);
                out[o] = layout.blue[index];
                out[o + 1] = layout.green[index];
                out[o + 2] = layout.red[index];
                if (alpha) {
                    out[o + 3] = layout.alpha[index];
                }
            }
        }

        /** Sample {@code i} of a row packed at 1, 2 or 4 bits, leftmost pixel in the high bits. */
        private int packed(byte[] row, int i) {
            int bit = i * depth;
            return (row[1 + (bit >>> 3)] >>> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
        }
    }

    private static String chunkName(int type) {
        char[] name = new char[4];
        for (int i = 0; i < 4; i++) {
            name[i] = (char) ((type >>> (24 - 8 * i)) & 0xFF);
        }
        return new String(name);
    }

    private static DecodeException corrupt(String what) {
        return new DecodeException(DecodeError.CORRUPT_DATA, "png " + what);
    }
}
