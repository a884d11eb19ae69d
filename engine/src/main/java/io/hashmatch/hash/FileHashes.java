package io.hashmatch.hash;

import io.hashmatch.decode.DecodeError;
import io.hashmatch.decode.ImageFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything hashmatch computes for one file: its size, its exact hashes (whenever its bytes could be
 * read), and for an image its PDQ hash, quality, dimensions and format, or the typed reason why it could
 * not be decoded.
 *
 * <p>Immutable; thread-safe.
 *
 * @param size file size in bytes
 * @param exact MD5/SHA-1/SHA-256 of the bytes; null only when the bytes could not be read
 *     ({@link DecodeError#IO_ERROR}, {@link DecodeError#FILE_TOO_LARGE})
 * @param pdq PDQ of the decoded image; null when {@code error} is set
 * @param width decoded width in pixels, 0 when {@code error} is set
 * @param height decoded height in pixels, 0 when {@code error} is set
 * @param format detected container format; null when unknown
 * @param error null on success, else why the image could not be hashed
 * @param errorMessage one-line explanation when {@code error} is set, else null
 * @param variants the PDQ variants the hasher's {@link VariantPolicy} derived, in its deterministic order; empty
 *     when the policy is {@link VariantPolicy#NONE}, when {@code error} is set, or when no region qualified
 */
public record FileHashes(
        long size,
        @Nullable ExactHashes exact,
        @Nullable PdqResult pdq,
        int width,
        int height,
        @Nullable ImageFormat format,
        @Nullable DecodeError error,
        @Nullable String errorMessage,
        List<PdqVariant> variants) {

    public FileHashes {
        variants = List.copyOf(variants);
    }

    /** The hashes of a file without variants. */
    public FileHashes(
            long size,
            @Nullable ExactHashes exact,
            @Nullable PdqResult pdq,
            int width,
            int height,
            @Nullable ImageFormat format,
            @Nullable DecodeError error,
            @Nullable String errorMessage) {
        this(size, exact, pdq, width, height, format, error, errorMessage, List.of());
    }

    /** True when the PDQ hash was computed. */
    public boolean ok() {
        return error == null;
    }
}
