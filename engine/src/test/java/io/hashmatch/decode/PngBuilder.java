package io.hashmatch.decode;

import io.hashmatch.Gen;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes PNG files chunk by chunk for the decoder tests, including what no image library writes: any colour type
 * and bit depth, Adam7, every row filter, palettes shorter than the indices, tRNS chunks libpng ignores, IDAT
 * split anywhere, broken checksums. Not thread-safe; one builder per file.
 */
final class PngBuilder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    /** Adam7 passes: first column and row, column and row steps. */
    private static final int[][] ADAM7 = {
        {0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}
    };

    record Chunk(String type, byte[] data, boolean badCrc) {
        Chunk(String type, byte[] data) {
            this(type, data, false);
        }
    }

    private final List<Chunk> chunks = new ArrayList<>();

    static byte[] ihdr(int width, int height, int depth, int colourType, int interlace) {
        return ByteBuffer.allocate(13)
                .putInt(width)
                .putInt(height)
                .put((byte) depth)
                .put((byte) colourType)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) interlace)
                .array();
    }

    PngBuilder add(String type, byte[] data) {
        chunks.add(new Chunk(type, data));
        return this;
    }

    PngBuilder add(Chunk chunk) {
        chunks.add(chunk);
        return this;
    }

    /** The image data deflated and cut into IDAT chunks of at most {@code maxChunk} bytes (at least one chunk). */
    PngBuilder idat(byte[] deflated, int maxChunk) {
        int pos = 0;
        do {
            int n = Math.min(maxChunk, deflated.length - pos);
            byte[] part = new byte[n];
            System.arraycopy(deflated, pos, part, 0, n);
            add("IDAT", part);
            pos += n;
        } while (pos < deflated.length);
        return this;
    }

    /** The chunks so far, in file order; a test may change the list before {@link #build}. */
    List<Chunk> chunks() {
        return chunks;
    }

    byte[] build() {
        return build(chunks);
    }

    static byte[] build(List<Chunk> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        for (Chunk c : chunks) {
            byte[] type = c.type().getBytes(StandardCharsets.ISO_8859_1);
            CRC32 crc = new CRC32();
            crc.update(type);
            crc.update(c.data());
            int sum = (int) crc.getValue() ^ (c.badCrc() ? 1 : 0);
            out.writeBytes(ByteBuffer.allocate(4).putInt(c.data().length).array());
            out.writeBytes(type);
            out.writeBytes(c.data());
            out.writeBytes(ByteBuffer.allocate(4).putInt(sum).array());
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] raw, int level) {
        Deflater deflater = new Deflater(level);
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        return out.toByteArray();
    }

    /** Samples per pixel of a colour type. */
    static int samples(int colourType) {
        return switch (colourType) {
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> 1;
        };
    }

    /**
     * The filtered scanlines of an image: for each pass (one, or Adam7's seven, empty ones skipped) each row's filter
     * byte, picked by {@code gen}, then the row's bytes as {@code rows} makes them (raw, before filtering).
     */
    static byte[] scanlines(int width, int height, int bitsPerPixel, boolean interlaced, Gen gen, RowSource rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[][] passes = interlaced ? ADAM7 : new int[][] {{0, 0, 1, 1}};
        int bpp = Math.max(1, bitsPerPixel / 8);
        for (int[] p : passes) {
            int w = width > p[0] ? (width - p[0] + p[2] - 1) / p[2] : 0;
            int h = height > p[1] ? (height - p[1] + p[3] - 1) / p[3] : 0;
            if (w == 0 || h == 0) {
                continue;
            }
            int rowBytes = (w * bitsPerPixel + 7) / 8;
            byte[] prior = new byte[rowBytes];
            for (int y = 0; y < h; y++) {
                byte[] raw = rows.row(rowBytes, w);
                int filter = gen.intIn(0, 4);
                out.write(filter);
                out.writeBytes(filter(raw, prior, filter, bpp));
                prior = raw;
            }
        }
        return out.toByteArray();
    }

    /** Makes the raw bytes of one row of {@code pixels} pixels. */
    interface RowSource {
        byte[] row(int rowBytes, int pixels);
    }

    private static byte[] filter(byte[] raw, byte[] prior, int type, int bpp) {
        byte[] f = new byte[raw.length];
        for (int i = 0; i < raw.length; i++) {
            int a = i >= bpp ? raw[i - bpp] & 0xFF : 0;
            int b = prior[i] & 0xFF;
            int c = i >= bpp ? prior[i - bpp] & 0xFF : 0;
            int predictor =
                    switch (type) {
                        case 1 -> a;
                        case 2 -> b;
                        case 3 -> (a + b) >>> 1;
                        case 4 -> {
                            int pa = Math.abs(b - c);
                            int pb = Math.abs(a - c);
                            int pc = Math.abs(a + b - 2 * c);
                            yield pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
                        }
                        default -> 0;
                    };
            f[i] = (byte) (raw[i] - predictor);
        }
        return f;
    }
}
