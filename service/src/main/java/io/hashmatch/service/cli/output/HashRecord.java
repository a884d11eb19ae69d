package io.hashmatch.service.cli.output;

import io.hashmatch.decode.ImageFormat;
import io.hashmatch.hash.ExactHashes;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.PdqResult;
import io.hashmatch.hash.PdqVariant;
import io.hashmatch.scan.MediaHashes;
import io.hashmatch.video.VideoHash;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One output record of {@code hashmatch hash}: a file and what was computed for it, or why it could not
 * be. Either the engine's {@link FileHashes} for a file, or a failure found while walking the inputs
 * (unreadable directory, symbolic link not followed, not a regular file).
 *
 * <p>Immutable; thread-safe.
 *
 * @param path the path as reached from the command line (a PATH argument, or it joined with the walk)
 * @param size size in bytes; null when unknown (walk failures)
 * @param exact exact hashes; null when the bytes were not read
 * @param pdq PDQ result; null when the file could not be hashed as an image
 * @param width decoded width, meaningful only with {@code pdq}
 * @param height decoded height, meaningful only with {@code pdq}
 * @param format detected container format label ({@link ImageFormat#label()}); null when unknown
 * @param errorCode null on success, else a short stable code ({@code truncated}, {@code io_error}, ...)
 * @param errorMessage one line explaining {@code errorCode}; null on success
 * @param video the vPDQ hash when the file is a video (then {@code pdq} is null); null otherwise
 * @param variants the PDQ variants of an image (empty when none were asked for or found)
 */
public record HashRecord(
        String path,
        @Nullable Long size,
        @Nullable ExactHashes exact,
        @Nullable PdqResult pdq,
        int width,
        int height,
        @Nullable String format,
        @Nullable String errorCode,
        @Nullable String errorMessage,
        @Nullable VideoHash video,
        List<PdqVariant> variants) {

    public HashRecord {
        variants = List.copyOf(variants);
    }

    /** Error code of a walk failure: a directory could not be listed or an entry could not be read. */
    public static final String IO_ERROR = "io_error";
    /** Error code of a symbolic link the walk does not follow (to a directory, outside the tree, dangling). */
    public static final String SYMLINK_NOT_FOLLOWED = "symlink_not_followed";
    /** Error code of a FIFO, socket or device file, which would block or never end if read. */
    public static final String NOT_REGULAR_FILE = "not_regular_file";
    /** Error code of an unexpected exception thrown by the engine for one file. */
    public static final String INTERNAL_ERROR = "internal_error";

    /** The record of a file the engine processed (successfully or not). */
    public static HashRecord of(Path path, FileHashes h) {
        ImageFormat format = h.format();
        return new HashRecord(
                path.toString(),
                h.size(),
                h.exact(),
                h.pdq(),
                h.width(),
                h.height(),
                format == null ? null : format.label(),
                h.error() == null ? null : h.error().code(),
                h.error() == null
                        ? null
                        : messageOrCode(h.errorMessage(), h.error().code()),
                null,
                h.variants());
    }

    /**
     * The record of a video: the exact hashes the engine computed from its bytes, and either its vPDQ hash or
     * the video error.
     */
    public static HashRecord ofVideo(Path path, FileHashes h, MediaHashes.Video video) {
        VideoHash v = video.hash();
        return new HashRecord(
                path.toString(),
                h.size(),
                h.exact(),
                null,
                v == null ? 0 : v.width(),
                v == null ? 0 : v.height(),
                video.container(),
                video.errorCode(),
                video.errorMessage(),
                v,
                List.of());
    }

    /** The record of an input that was not hashed. */
    public static HashRecord failure(Path path, String errorCode, String errorMessage) {
        return new HashRecord(path.toString(), null, null, null, 0, 0, null, errorCode, errorMessage, null, List.of());
    }

    /** True when this record reports an error (the command then exits with status 2). */
    public boolean failed() {
        return errorCode != null;
    }

    private static String messageOrCode(@Nullable String message, String code) {
        return message == null || message.isEmpty() ? code : message;
    }
}
