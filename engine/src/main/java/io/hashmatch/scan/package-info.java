/**
 * Scanning a seized drive: walking trees (never out of them), looking inside archives within bomb limits,
 * hashing every file on a pipeline that keeps the cores busy, matching it against lists, and journaling each
 * finished file so that a killed scan resumes where it stopped.
 *
 * <p>Public: {@link io.hashmatch.scan.Scanner} (the builder and the run), {@link io.hashmatch.scan.TreeWalker}
 * (the walk, shared with {@code hashmatch hash}), {@link io.hashmatch.scan.ScannedFile} (one record),
 * {@link io.hashmatch.scan.ScannedVideo} (a video's vPDQ in a record), {@link io.hashmatch.scan.ScanProgress},
 * {@link io.hashmatch.scan.MediaHasher} (bytes to hashes by kind), {@link io.hashmatch.scan.QueryHashing} (whether an
 * image to be matched is hashed with its variants),
 * {@link io.hashmatch.scan.ArchiveLimits}, the enums
 * {@link io.hashmatch.scan.MediaKind} and {@link io.hashmatch.scan.ScanError}. Archive expansion, archive
 * sniffing and the journal's encoding are package-private.
 */
@NullMarked
package io.hashmatch.scan;

import org.jspecify.annotations.NullMarked;
