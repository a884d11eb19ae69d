package io.hashmatch.video;

/**
 * One indexed video that shares at least one matching frame with a query.
 *
 * <p>Immutable; thread-safe.
 *
 * @param video position of the video in the list the index was built from
 * @param id the video's identifier
 * @param comparison the reference matcher's counts and percentages for (query, this video)
 * @param hit whether both percentages reach the matcher's thresholds
 */
public record VideoMatch(int video, String id, VideoComparison comparison, boolean hit) {}
