package io.hashmatch.decode;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Detects the container format from the leading bytes (magic numbers) only; file names are never consulted.
 * Stateless; thread-safe.
 */
final class FormatSniffer {
    private FormatSniffer() {}

    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] GIF87 = {'G', 'I', 'F', '8', '7', 'a'};
    private static final byte[] GIF89 = {'G', 'I', 'F', '8', '9', 'a'};
    private static final byte[] RIFF = {'R', 'I', 'F', 'F'};
    private static final byte[] WEBP = {'W', 'E', 'B', 'P'};
    private static final byte[] TIFF_LE = {'I', 'I', 42, 0};
    private static final byte[] TIFF_BE = {'M', 'M', 0, 42};
    private static final byte[] BMP = {'B', 'M'};

    /** Common non-image signatures, so that the error says what the file probably is. */
    private record KnownMagic(byte[] magic, String name) {}

    private static final KnownMagic[] NOT_IMAGES = {
        new KnownMagic(ascii("%PDF"), "PDF"),
        new KnownMagic(new byte[] {'P', 'K', 3, 4}, "ZIP"),
        new KnownMagic(new byte[] {'P', 'K', 5, 6}, "ZIP (empty)"),
        new KnownMagic(new byte[] {0x1F, (byte) 0x8B}, "gzip"),
        new KnownMagic(new byte[] {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C}, "7-Zip"),
        new KnownMagic(ascii("Rar!"), "RAR"),
        new KnownMagic(new byte[] {0x7F, 'E', 'L', 'F'}, "ELF executable"),
        new KnownMagic(ascii("MZ"), "Windows executable"),
        new KnownMagic(ascii("II+\0"), "BigTIFF"),
        new KnownMagic(ascii("MM\0+"), "BigTIFF"),
        new KnownMagic(ascii("8BPS"), "Photoshop PSD"),
        new KnownMagic(new byte[] {0, 0, 1, 0}, "ICO"),
        new KnownMagic(ascii("ID3"), "MP3"),
        new KnownMagic(ascii("OggS"), "Ogg"),
        new KnownMagic(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3}, "Matroska/WebM"),
        new KnownMagic(new byte[] {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51}, "JPEG 2000 codestream"),
        new KnownMagic(new byte[] {0, 0, 0, 0x0C, 'j', 'P', ' ', ' '}, "JPEG 2000"),
        new KnownMagic(new byte[] {(byte) 0xFF, 0x0A}, "JPEG XL"),
        new KnownMagic(ascii("<?xml"), "XML/SVG"),
        new KnownMagic(ascii("<svg"), "SVG"),
        new KnownMagic(ascii("<!DOCTYPE"), "HTML"),
        new KnownMagic(ascii("<html"), "HTML"),
        new KnownMagic(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "UTF-8 text"),
    };

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * The format of {@code data} (from its position to its limit; the buffer's position is not moved).
     *
     * @throws DecodeException {@link DecodeError#EMPTY_FILE} for zero bytes, {@link DecodeError#TRUNCATED} for
     *     a file that ends inside a signature, else {@link DecodeError#UNSUPPORTED_FORMAT}
     */
    static ImageFormat sniff(ByteBuffer data) throws DecodeException {
        int n = data.remaining();
        if (n == 0) {
            throw new DecodeException(DecodeError.EMPTY_FILE, "empty file (0 bytes)");
        }
        if (startsWith(data, JPEG)) {
            return ImageFormat.JPEG;
        }
        if (startsWith(data, PNG)) {
            return ImageFormat.PNG;
        }
        if (startsWith(data, GIF87) || startsWith(data, GIF89)) {
            return ImageFormat.GIF;
        }
        if (startsWith(data, TIFF_LE) || startsWith(data, TIFF_BE)) {
            return ImageFormat.TIFF;
        }
        if (startsWith(data, BMP) && n >= 14) {
            return ImageFormat.BMP;
        }
        if (startsWith(data, RIFF) && n >= 12) {
            if (regionEquals(data, 8, WEBP)) {
                return ImageFormat.WEBP;
            }
            throw new DecodeException(
                    DecodeError.UNSUPPORTED_FORMAT,
                    "not an image format hashmatch decodes (RIFF container of type '" + printable(data, 8, 4)
                            + "', not WebP)");
        }
        // A file that stops inside a signature (but has at least two of its bytes) is a cut-off image.
        for (byte[] magic : new byte[][] {JPEG, PNG, GIF87, GIF89, TIFF_LE, TIFF_BE}) {
            if (n >= 2 && n < magic.length && isPrefix(data, magic)) {
                throw new DecodeException(
                        DecodeError.TRUNCATED, "file ends after " + n + " bytes, inside the image header");
            }
        }
        // BMP's 2-byte signature only counts with the 12 bytes of file header after it.
        if (n >= 2 && n < BMP.length + 12 && isPrefix(data, BMP)) {
            throw new DecodeException(
                    DecodeError.TRUNCATED, "file ends after " + n + " bytes, inside the image header");
        }
        if (n >= 2 && n < 12 && isPrefix(data, RIFF)) {
            throw new DecodeException(DecodeError.TRUNCATED, "file ends after " + n + " bytes, inside the RIFF header");
        }
        throw new DecodeException(
                DecodeError.UNSUPPORTED_FORMAT, "not an image format hashmatch decodes " + describe(data));
    }

    /** "(first bytes 25 50 44 46: PDF?)" */
    static String describe(ByteBuffer data) {
        int shown = Math.min(4, data.remaining());
        StringBuilder sb = new StringBuilder("(first bytes ");
        HexFormat hex = HexFormat.of().withUpperCase();
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(hex.toHexDigits(data.get(data.position() + i)));
        }
        String guess = guess(data);
        if (guess != null) {
            sb.append(": ").append(guess).append('?');
        }
        return sb.append(')').toString();
    }

    private static @Nullable String guess(ByteBuffer data) {
        for (KnownMagic k : NOT_IMAGES) {
            if (startsWith(data, k.magic())) {
                return k.name();
            }
        }
        if (data.remaining() >= 12 && regionEquals(data, 4, ascii("ftyp"))) {
            String brand = printable(data, 8, 4);
            return brand.startsWith("avif") || brand.startsWith("heic") || brand.startsWith("mif1")
                    ? "HEIF/AVIF image (" + brand + ")"
                    : "ISO media (" + brand + ")";
        }
        if (looksLikeText(data)) {
            return "text";
        }
        return null;
    }

    private static boolean looksLikeText(ByteBuffer data) {
        int n = Math.min(64, data.remaining());
        for (int i = 0; i < n; i++) {
            int b = data.get(data.position() + i) & 0xFF;
            boolean ok = b == '\t' || b == '\n' || b == '\r' || (b >= 0x20 && b < 0x7F);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String printable(ByteBuffer data, int offset, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len && offset + i < data.remaining(); i++) {
            int b = data.get(data.position() + offset + i) & 0xFF;
            sb.append(b >= 0x20 && b < 0x7F ? (char) b : '?');
        }
        return sb.toString();
    }

    private static boolean startsWith(ByteBuffer data, byte[] magic) {
        return regionEquals(data, 0, magic);
    }

    private static boolean regionEquals(ByteBuffer data, int offset, byte[] magic) {
        if (data.remaining() < offset + magic.length) {
            return false;
        }
        int base = data.position() + offset;
        for (int i = 0; i < magic.length; i++) {
            if (data.get(base + i) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** True when all of {@code data} equals the start of {@code magic}. */
    private static boolean isPrefix(ByteBuffer data, byte[] magic) {
        int n = Math.min(data.remaining(), magic.length);
        for (int i = 0; i < n; i++) {
            if (data.get(data.position() + i) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
