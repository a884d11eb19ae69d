package io.hashmatch.video;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one video detector of hashmatch: recognises video containers from their first bytes (never from a file
 * name), for {@code hashmatch hash}, the scanner and the service alike, so that bytes that are not an image go
 * to {@link VideoHasher} exactly when FFmpeg can demux them as a video container.
 *
 * <p>Recognised: ISO base media ({@code ftyp} at offset 4: MP4, MOV, M4V, 3GP, and the HEVC/AVIF image
 * <em>sequence</em> brands {@code hevc}, {@code hevx}, {@code msf1}, {@code avis}, whose tracks FFmpeg's MOV
 * demuxer reads like any other; only the HEIF/AVIF <em>still image</em> brands {@code heic}, {@code heix},
 * {@code heim}, {@code heis}, {@code mif1}, {@code avif} are not videos), Matroska/WebM (EBML magic), AVI
 * ({@code RIFF....AVI }), FLV, MPEG-TS (sync byte 0x47 at 0, 188 and 376), MPEG-PS (pack start code), ASF/WMV,
 * Ogg (FFmpeg decodes Theora and VP8 in Ogg). A container may still hold no video stream (an Ogg of Vorbis
 * audio); the hasher then reports {@link VideoDecodeError#NO_VIDEO_STREAM}.
 *
 * <p>Stateless; thread-safe.
 */
public final class VideoSniffer {
    /** Bytes {@link #detect} needs at most (the MPEG-TS check looks at offset 376). */
    public static final int PREFIX_BYTES = 377;

    private VideoSniffer() {}

    /**
     * The container's name ({@code "mp4"}, {@code "matroska"}, {@code "avi"}, {@code "flv"}, {@code "mpegts"},
     * {@code "mpegps"}, {@code "asf"}, {@code "ogg"}) if the bytes start like a video container.
     *
     * @param head the first bytes of the file (up to {@link #PREFIX_BYTES}; fewer if the file is shorter)
     */
    public static Optional<String> detect(byte[] head) {
        return detect(head, head.length);
    }

    /**
     * {@link #detect(byte[])} of the first {@code n} bytes of {@code head}.
     *
     * @throws IndexOutOfBoundsException if {@code n} is negative or over {@code head.length}
     */
    public static Optional<String> detect(byte[] head, int n) {
        java.util.Objects.checkFromToIndex(0, n, head.length);
        if (n >= 12 && ascii(head, 4, "ftyp")) {
            String brand = new String(head, 8, 4, StandardCharsets.ISO_8859_1);
            return switch (brand) {
                case "heic", "heix", "heim", "heis", "mif1", "avif" -> Optional.empty();
                default -> Optional.of("mp4");
            };
        }
        if (n >= 4
                && (head[0] & 0xff) == 0x1a
                && (head[1] & 0xff) == 0x45
                && (head[2] & 0xff) == 0xdf
                && (head[3] & 0xff) == 0xa3) {
            return Optional.of("matroska");
        }
        if (n >= 12 && ascii(head, 0, "RIFF") && ascii(head, 8, "AVI ")) {
            return Optional.of("avi");
        }
        if (n >= 4 && ascii(head, 0, "FLV") && head[3] == 1) {
            return Optional.of("flv");
        }
        if (n >= 377 && head[0] == 0x47 && head[188] == 0x47 && head[376] == 0x47) {
            return Optional.of("mpegts");
        }
        if (n >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 1 && (head[3] & 0xff) == 0xba) {
            return Optional.of("mpegps");
        }
        if (n >= 8
                && (head[0] & 0xff) == 0x30
                && (head[1] & 0xff) == 0x26
                && (head[2] & 0xff) == 0xb2
                && (head[3] & 0xff) == 0x75
                && (head[4] & 0xff) == 0x8e
                && (head[5] & 0xff) == 0x66
                && (head[6] & 0xff) == 0xcf
                && (head[7] & 0xff) == 0x11) {
            return Optional.of("asf");
        }
        if (n >= 4 && ascii(head, 0, "OggS")) {
            return Optional.of("ogg");
        }
        return Optional.empty();
    }

    private static boolean ascii(byte[] b, int offset, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (b[offset + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
