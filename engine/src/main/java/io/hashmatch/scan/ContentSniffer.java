package io.hashmatch.scan;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Recognises archives and videos from their first bytes (magic numbers); names are never consulted. Images
 * are recognised by the decoder's own sniffing (through {@link io.hashmatch.hash.FileHasher}).
 * Stateless; thread-safe.
 */
final class ContentSniffer {
    /** Bytes read from the start of a file to sniff it: covers the TAR magic at offset 257 and MPEG-TS's 188. */
    static final int HEAD_BYTES = 512;

    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] ZIP_EMPTY = {'P', 'K', 5, 6};
    private static final byte[] GZIP = {0x1F, (byte) 0x8B};
    private static final byte[] BZIP2 = {'B', 'Z', 'h'};
    private static final byte[] XZ = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0};
    private static final byte[] SEVEN_Z = {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C};
    private static final byte[] TAR_MAGIC = {'u', 's', 't', 'a', 'r'};
    private static final int TAR_MAGIC_OFFSET = 257;

    private static final byte[] MATROSKA = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3};
    private static final byte[] ASF = {0x30, 0x26, (byte) 0xB2, 0x75, (byte) 0x8E, 0x66, (byte) 0xCF, 0x11};
    private static final byte[] MPEG_PS = {0, 0, 1, (byte) 0xBA};
    private static final byte[] FLV = {'F', 'L', 'V', 1};
    private static final int MPEG_TS_PACKET = 188;
    /** ISO base media brands of still images (HEIF, AVIF): an {@code ftyp} box that is not a video. */
    private static final String[] STILL_IMAGE_BRANDS = {
        "heic", "heix", "hevc", "heim", "heis", "mif1", "msf1", "avif", "avis"
    };

    private ContentSniffer() {}

    /** The archive type of bytes starting with {@code head[0..n)}, or null. */
    static @Nullable ArchiveType archiveType(byte[] head, int n) {
        if (startsWith(head, n, 0, ZIP) || startsWith(head, n, 0, ZIP_EMPTY)) {
            return ArchiveType.ZIP;
        }
        if (startsWith(head, n, 0, SEVEN_Z)) {
            return ArchiveType.SEVEN_Z;
        }
        if (startsWith(head, n, 0, XZ)) {
            return ArchiveType.XZ;
        }
        if (startsWith(head, n, 0, GZIP)) {
            return ArchiveType.GZIP;
        }
        if (startsWith(head, n, 0, BZIP2) && n > 3 && head[3] >= '1' && head[3] <= '9') {
            return ArchiveType.BZIP2;
        }
        if (startsWith(head, n, TAR_MAGIC_OFFSET, TAR_MAGIC)) {
            return ArchiveType.TAR;
        }
        return null;
    }

    /** Whether bytes starting with {@code head[0..n)} are a video container. */
    static boolean isVideo(byte[] head, int n) {
        if (n >= 12 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p') {
            String brand = new String(head, 8, 4, StandardCharsets.ISO_8859_1);
            for (String still : STILL_IMAGE_BRANDS) {
                if (still.equals(brand)) {
                    return false;
                }
            }
            return true; // mp4, isom, qt, 3gp...
        }
        if (n >= 12
                && startsWith(head, n, 0, new byte[] {'R', 'I', 'F', 'F'})
                && startsWith(head, n, 8, new byte[] {'A', 'V', 'I', ' '})) {
            return true;
        }
        if (startsWith(head, n, 0, MATROSKA)
                || startsWith(head, n, 0, ASF)
                || startsWith(head, n, 0, MPEG_PS)
                || startsWith(head, n, 0, FLV)) {
            return true;
        }
        return n > 2 * MPEG_TS_PACKET
                && head[0] == 0x47
                && head[MPEG_TS_PACKET] == 0x47
                && head[2 * MPEG_TS_PACKET] == 0x47;
    }

    private static boolean startsWith(byte[] data, int n, int offset, byte[] magic) {
        if (n < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (data[offset + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
