package io.hashmatch.scan;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the scan found about a disk image as a whole, for the chain of custody: its format and segments, its own
 * hashes before and after the scan (equal: the image was not changed), the acquisition metadata an EnCase image
 * carries and whether its medium still has the acquisition hashes stored in it, one line per partition, and one for
 * the space outside every partition.
 *
 * <p>Immutable; thread-safe.
 *
 * @param format {@code raw}, {@code split-raw} or {@code e01}
 * @param segments the image's files, in order (one for a single raw or E01 file)
 * @param mediaSize bytes of the medium the image holds (for E01: uncompressed)
 * @param md5Before MD5 of the segments' bytes, concatenated in order, before the scan
 * @param sha256Before SHA-256 of the same, before the scan
 * @param md5After MD5 of the same after the scan, or null when it could not be read again
 * @param sha256After SHA-256 of the same after the scan, or null likewise
 * @param metadata acquisition metadata stored in the image (E01: {@code case_number}, {@code examiner},
 *     {@code evidence_number}, {@code description}, {@code notes}, {@code acquiry_date}, {@code acquired_md5},
 *     {@code acquired_sha1}...), empty for a raw image
 * @param acquisitionHash whether the medium as read has the acquisition hashes stored in the image, or null in a
 *     record written before this was checked
 * @param partitions the partitions read (one named {@code ""} for a file system without a partition table), in
 *     table order
 * @param volumeError why the partition table could not be read (the medium was then read as one file system, and
 *     carved), or null
 * @param outsidePartitions the space outside every partition (between and after them) and the objects carved there,
 *     or null in a record written before this was counted
 */
public record DiskImageSummary(
        String format,
        List<String> segments,
        long mediaSize,
        String md5Before,
        String sha256Before,
        @Nullable String md5After,
        @Nullable String sha256After,
        Map<String, String> metadata,
        @Nullable AcquisitionHash acquisitionHash,
        List<Partition> partitions,
        @Nullable String volumeError,
        @Nullable OutsidePartitions outsidePartitions) {

    /** Checks for nulls, copies the collections. */
    public DiskImageSummary {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(md5Before, "md5Before");
        Objects.requireNonNull(sha256Before, "sha256Before");
        segments = List.copyOf(segments);
        metadata = Map.copyOf(metadata);
        partitions = List.copyOf(partitions);
    }

    /** Whether the image's hashes after the scan equal those before it. */
    public boolean unchanged() {
        return md5Before.equals(md5After) && sha256Before.equals(sha256After);
    }

    /**
     * Writes {@code "format"}, {@code "segments"}, {@code "media_size"}, the hashes before and after,
     * {@code "unchanged"}, {@code "metadata"} (sorted by key), {@code "acquisition_hash"}, {@code "volume_error"},
     * {@code "partitions"} and {@code "outside_partitions"} into
     * the JSON object {@code g} is writing: the one shape every hashmatch output gives a disk image.
     *
     * @param absentAsNull whether an absent (null) value is written as {@code null}, as the chain of custody states
     *     every field, or left out, as a scan record does
     * @throws IOException if {@code g} cannot write
     */
    public void writeFields(JsonGenerator g, boolean absentAsNull) throws IOException {
        DiskImageJson.writeFields(g, this, absentAsNull);
    }

    /**
     * One partition (or the whole medium, for a file system without a partition table).
     *
     * @param name {@code "p1"}..., or {@code ""} for the whole medium
     * @param offset byte offset in the image
     * @param length bytes
     * @param description the partition table's description of it ({@code "Win95 FAT32 (0x0c)"}...)
     * @param fileSystem the file system found ({@code fat32}, {@code ntfs}, {@code ext4}...), or null
     * @param error why its file system could not be read (its bytes were carved instead), or null
     * @param files allocated files read
     * @param deleted deleted files read
     * @param carved objects carved out of its unallocated space
     */
    public record Partition(
            String name,
            long offset,
            long length,
            String description,
            @Nullable String fileSystem,
            @Nullable String error,
            long files,
            long deleted,
            long carved) {
        /** Checks for nulls. */
        public Partition {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
        }

        /** This partition with {@code files} allocated and {@code deleted} deleted files read. */
        Partition withFiles(long files, long deleted) {
            return new Partition(name, offset, length, description, fileSystem, error, files, deleted, carved);
        }

        /** This partition with {@code carved} objects carved. */
        Partition withCarved(long carved) {
            return new Partition(name, offset, length, description, fileSystem, error, files, deleted, carved);
        }
    }

    /**
     * The space of the medium outside every partition of its table (before the first, between them, after the
     * last), which is carved like unallocated space.
     *
     * @param bytes bytes of that space (0 without a partition table)
     * @param carved objects carved out of it
     */
    public record OutsidePartitions(long bytes, long carved) {}
}
