package io.hashmatch.spark;

import java.io.Serializable;
import java.util.Objects;
import org.apache.spark.broadcast.Broadcast;
import org.jspecify.annotations.Nullable;

/**
 * One list as the driver verified it and the executors must find it: where its snapshot lies, the checksum the
 * driver saw, and how it is matched. Sent to the executors with each task (small: no hashes).
 *
 * <p>Immutable; thread-safe.
 *
 * @param name the list's name
 * @param version the list's version label (of the new version when {@code delta} is set)
 * @param checksum the list's checksum (CRC32C, 8 hex digits; of the new version when {@code delta} is set): what
 *     the hit records carry
 * @param file where executors open the snapshot: a path on storage they share, or, when {@code shipped}, the file
 *     name under which it was added to the job ({@code SparkContext.addFile})
 * @param shipped whether {@code file} is a name to resolve with {@code SparkFiles.get}
 * @param fileChecksum the checksum of the snapshot file the executors open (the delta's when {@code delta} is set);
 *     an executor refuses a file with another one
 * @param maxDistance largest PDQ distance reported as a hit
 * @param suppression whether the list is a suppression list
 * @param delta for a list matched {@code --since-version}: the entry numbers in the new version of the delta
 *     snapshot's entries ({@link SnapshotDiff}); null for a list matched whole
 * @param sinceVersion the old version's label when {@code delta} is set, else null
 */
record ListRef(
        String name,
        String version,
        String checksum,
        String file,
        boolean shipped,
        String fileChecksum,
        int maxDistance,
        boolean suppression,
        @Nullable Broadcast<int[]> delta,
        @Nullable String sinceVersion)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    ListRef {
        Objects.requireNonNull(name);
        Objects.requireNonNull(version);
        Objects.requireNonNull(checksum);
        Objects.requireNonNull(file);
        Objects.requireNonNull(fileChecksum);
    }
}
