/**
 * Apache Spark jobs over the engine, for work that outgrows one machine: {@code retro-scan} matches a table of
 * stored hashes against snapshots ({@link io.hashmatch.spark.RetroScan}), {@code hash} hashes a tree of image and
 * video files into the records of {@code hashmatch hash} ({@link io.hashmatch.spark.HashJob}). Both run on a
 * cluster through {@code spark-submit} and on one machine in local mode ({@link io.hashmatch.spark.SparkJobs}).
 *
 * <p>Executors need Java 25 (the engine maps snapshots with the FFM API). Spark itself is not shipped with the
 * jobs: the cluster's Spark is used.
 */
@NullMarked
package io.hashmatch.spark;

import org.jspecify.annotations.NullMarked;
