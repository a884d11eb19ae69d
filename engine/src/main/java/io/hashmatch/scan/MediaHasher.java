package io.hashmatch.scan;

import io.hashmatch.decode.DecodeError;
import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.video.VideoDecodeException;
import io.hashmatch.video.VideoHash;
import io.hashmatch.video.VideoHasher;
import io.hashmatch.video.VideoLimits;
import io.hashmatch.video.VideoSniffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * Hashes one file by what its bytes are: the single path from a file's bytes to its hashes, used by
 * {@code hashmatch hash}, the {@link Scanner} and the service. {@link FileHasher} computes the exact hashes and,
 * for an image its decoder recognises, PDQ; bytes that are no image are checked by the one video detector,
 * {@link VideoSniffer}, and a video gets its vPDQ from {@link VideoHasher} within {@link VideoLimits}.
 *
 * <p>The kind: {@link MediaKind#IMAGE} when the image decoder recognised the format (decodable or not) or found
 * it truncated; else, when the bytes were read, {@link MediaKind#VIDEO} if {@link VideoSniffer} recognises a
 * container; else {@link MediaKind#OTHER} (then {@link MediaHashes#file()} tells why nothing more was computed:
 * {@code unsupported_format}, {@code empty_file}, {@code file_too_large}, {@code io_error}).
 *
 * <p>Thread-safe: {@link FileHasher} is, and each thread gets its own {@link VideoHasher}, which is not.
 */
public final class MediaHasher {
    private final FileHasher images;
    private final boolean hashVideos;
    private final VideoLimits videoLimits;
    private final ThreadLocal<VideoHasher> videoHasher;

    /**
     * A hasher of images with {@code images} and of videos as Meta's reference samples them.
     *
     * @param hashVideos whether videos get their vPDQ; without it a video gets its exact hashes only
     * @param secondsPerHash seconds of video between hashed frames, as the reference's {@code -r} (0: every frame)
     * @param videoLimits bounds on each video's decoding
     * @throws IllegalArgumentException if {@code secondsPerHash} is negative or not finite
     */
    public MediaHasher(FileHasher images, boolean hashVideos, float secondsPerHash, VideoLimits videoLimits) {
        this.images = Objects.requireNonNull(images);
        this.hashVideos = hashVideos;
        this.videoLimits = Objects.requireNonNull(videoLimits);
        new VideoHasher(secondsPerHash, VideoHasher.NO_PRUNING); // checks the value
        this.videoHasher = ThreadLocal.withInitial(() -> new VideoHasher(secondsPerHash, VideoHasher.NO_PRUNING));
    }

    /** The image hasher (its mode, limits and {@code fast} setting). */
    public FileHasher images() {
        return images;
    }

    /** The hashes of {@code bytes}, hashed in memory (a video is decoded from them, never written anywhere). */
    public MediaHashes hash(byte[] bytes) {
        FileHashes h = images.hash(bytes);
        if (isImage(h) || h.exact() == null) {
            return new MediaHashes(isImage(h) ? MediaKind.IMAGE : MediaKind.OTHER, h, null);
        }
        Optional<String> container = VideoSniffer.detect(bytes, Math.min(bytes.length, VideoSniffer.PREFIX_BYTES));
        if (container.isEmpty()) {
            return new MediaHashes(MediaKind.OTHER, h, null);
        }
        return new MediaHashes(MediaKind.VIDEO, h, video(container.get(), () -> videoHasher
                .get()
                .hash(bytes, videoLimits)));
    }

    /**
     * The hashes of {@code file}, read within the image hasher's limits ({@link FileHasher#hash(Path)}: a file over
     * them gets {@code file_too_large} and no hashes); a video is decoded by FFmpeg straight from the file.
     */
    public MediaHashes hash(Path file) {
        FileHashes h = images.hash(file);
        if (isImage(h) || h.exact() == null) {
            return new MediaHashes(isImage(h) ? MediaKind.IMAGE : MediaKind.OTHER, h, null);
        }
        Optional<String> container;
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ)) {
            container = VideoSniffer.detect(in.readNBytes(VideoSniffer.PREFIX_BYTES));
        } catch (IOException e) {
            container = Optional.empty(); // read a moment ago: keep the image hasher's answer
        }
        if (container.isEmpty()) {
            return new MediaHashes(MediaKind.OTHER, h, null);
        }
        return new MediaHashes(MediaKind.VIDEO, h, video(container.get(), () -> videoHasher
                .get()
                .hash(file, videoLimits)));
    }

    /** The video side of a file over the in-memory limit, decoded by FFmpeg straight from {@code file}. */
    MediaHashes.Video videoOnDisk(String container, Path file) {
        return video(container, () -> videoHasher.get().hash(file, videoLimits));
    }

    /** Whether the image decoder recognised {@code h}'s bytes as an image (decodable or not). */
    static boolean isImage(FileHashes h) {
        return h.format() != null || h.error() == DecodeError.TRUNCATED;
    }

    /** Decodes and hashes one video (from memory or from its file). */
    @FunctionalInterface
    private interface VideoSource {
        VideoHash hash() throws VideoDecodeException, IOException;
    }

    private MediaHashes.Video video(String container, VideoSource source) {
        if (!hashVideos) {
            return new MediaHashes.Video(container, null, null, null);
        }
        try {
            return new MediaHashes.Video(container, source.hash(), null, null);
        } catch (VideoDecodeException e) {
            return new MediaHashes.Video(container, null, e.error().code(), oneLine(e));
        } catch (IOException e) {
            return new MediaHashes.Video(
                    container, null, ScanError.IO_ERROR.code(), "cannot read the video: " + oneLine(e));
        } catch (RuntimeException e) {
            return new MediaHashes.Video(
                    container, null, ScanError.INTERNAL_ERROR.code(), "video hashing failed: " + oneLine(e));
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.strip().replaceAll("\\s+", " ");
    }
}
