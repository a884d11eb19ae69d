/**
 * The reports of a scan, written from its {@link io.hashmatch.scan.ScanResult}: {@code files.jsonl} and
 * {@code files.csv} (every record), {@code hits.csv}, a VICS 2.0 export of the hits, {@code custody.json} and
 * {@code report.html} (chain of custody, summary counts, hits without pictures, near-duplicate groups), and a
 * {@code manifest.sha256} over every file of the output folder, checked by {@link io.hashmatch.report.Manifest}.
 *
 * <p>Public: {@link io.hashmatch.report.ScanReport}, {@link io.hashmatch.report.Custody},
 * {@link io.hashmatch.report.Manifest} and their value types, {@link io.hashmatch.report.NearDuplicateGroups} (the
 * report's grouping of similar images) and {@link io.hashmatch.report.BlurredThumbnail} (the thumbnail a scan makes
 * for the report, see {@link io.hashmatch.scan.Scanner.Builder#thumbnails}); the writers are package-private.
 */
@NullMarked
package io.hashmatch.report;

import org.jspecify.annotations.NullMarked;
