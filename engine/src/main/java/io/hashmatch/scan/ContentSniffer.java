package io.hashmatch.scan;

import org.jspecify.annotations.Nullable;

/**
 * Recognises archives from their first bytes (magic numbers); names are never consulted. Images are
 * recognised by the decoder's own sniffing (through {@link io.hashmatch.hash.FileHasher}), videos by
 * {@link io.hashmatch.video.VideoSniffer}.
 * Stateless; thread-safe.
 */
final class ContentSniffer {
    /** Bytes read from the start of a file to sniff it: covers the TAR magic at offset 257 and {@link io.hashmatch.video.VideoSniffer#PREFIX_BYTES}. */
    static final int HEAD_BYTES = 512;

    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] ZIP_EMPTY = {'P', 'K', 5, 6};
    private static final byte[] GZIP = {0x1F, (byte) 0x8B};
    private static final byte[] BZIP2 = {'B', 'Z', 'h'};
    private static final byte[] XZ = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0};
    private static final byte[] SEVEN_Z = {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C};
    private static final byte[] TAR_MAGIC = {'u', 's', 't', 'a', 'r'};
    private static final int TAR_MAGIC_OFFSET = 257;

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
