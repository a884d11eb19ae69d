package io.hashmatch.list.format;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where one copy of a Media record was found, as a VICS {@code MediaFiles} element: what tells the analyst's suite
 * not only the hashes but the place.
 *
 * <p>Immutable; thread-safe.
 *
 * @param fileName the file name (last path element), as {@code FileName}
 * @param filePath the full path, as {@code FilePath} ({@code image.E01!/p1/DCIM/IMG_0001.JPG})
 * @param created creation time, as {@code Created}, or null
 * @param written last modification, as {@code Written}, or null
 * @param accessed last access, as {@code Accessed}, or null
 * @param deleted whether the file system marks the file deleted (or it was carved), as {@code Deleted}
 * @param offset byte offset of the content in its image (carved objects), as {@code PhysicalLocation}; -1 unknown
 */
public record VicsMediaFile(
        String fileName,
        String filePath,
        @Nullable Instant created,
        @Nullable Instant written,
        @Nullable Instant accessed,
        boolean deleted,
        long offset) {
    /** Checks for nulls. */
    public VicsMediaFile {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(filePath, "filePath");
    }

    /** A copy at {@code filePath}, named after its last element, with no dates, not deleted. */
    public static VicsMediaFile at(String filePath) {
        int slash = Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\'));
        return new VicsMediaFile(filePath.substring(slash + 1), filePath, null, null, null, false, -1);
    }
}
