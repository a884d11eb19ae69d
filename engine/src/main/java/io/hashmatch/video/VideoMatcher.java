package io.hashmatch.video;

import java.util.List;

/**
 * Compares videos with the rules of Meta's {@code match-hashes-brute}, and decides hits.
 *
 * <p>Rules (VPDQ.md section 8): frames with quality below {@link #qualityThreshold()} are dropped from both
 * sides; a frame counts as matched when some frame of the other video is at Hamming distance <b>strictly
 * below</b> {@link #distanceThreshold()}; duplicate frames are not merged (each counts); if either side has no
 * frame left, both percentages are 0. The reference prints the two percentages and decides nothing; here a
 * pair is a hit when the query percentage reaches {@link #queryPercent()} and the compared percentage reaches
 * {@link #comparedPercent()} (both default 80, as the reference's README suggests).
 *
 * <p>Immutable; thread-safe.
 *
 * @param distanceThreshold frames match when {@code distance < distanceThreshold}; 0..257
 * @param qualityThreshold frames with {@code quality < qualityThreshold} are ignored; 0..101
 * @param queryPercent least query percentage of a hit, 0..100
 * @param comparedPercent least compared percentage of a hit, 0..100
 */
public record VideoMatcher(int distanceThreshold, int qualityThreshold, double queryPercent, double comparedPercent) {
    /** The reference's usual distance threshold: distance strictly below 31. */
    public static final int DEFAULT_DISTANCE = 31;
    /** The reference's usual quality threshold. */
    public static final int DEFAULT_QUALITY = 50;
    /** Default least percentage on each side for a hit. */
    public static final double DEFAULT_PERCENT = 80.0;
    /** Distance 31, quality 50, 80 % / 80 %. */
    public static final VideoMatcher DEFAULT =
            new VideoMatcher(DEFAULT_DISTANCE, DEFAULT_QUALITY, DEFAULT_PERCENT, DEFAULT_PERCENT);

    /** @throws IllegalArgumentException if a threshold is out of range */
    public VideoMatcher {
        if (distanceThreshold < 0 || distanceThreshold > 257) {
            throw new IllegalArgumentException(
                    "distance threshold must be 0..257 (matches are < it): " + distanceThreshold);
        }
        if (qualityThreshold < 0 || qualityThreshold > 101) {
            throw new IllegalArgumentException("quality threshold must be 0..101: " + qualityThreshold);
        }
        if (!(queryPercent >= 0 && queryPercent <= 100) || !(comparedPercent >= 0 && comparedPercent <= 100)) {
            throw new IllegalArgumentException(
                    "hit percentages must be 0..100: " + queryPercent + ", " + comparedPercent);
        }
    }

    /** Compares two videos by brute force (every kept query frame against every kept compared frame). */
    public VideoComparison compare(List<VpdqFrame> query, List<VpdqFrame> compared) {
        List<VpdqFrame> q = kept(query);
        List<VpdqFrame> c = kept(compared);
        if (q.isEmpty() || c.isEmpty()) {
            return VideoComparison.of(0, q.size(), 0, c.size());
        }
        return VideoComparison.of(matched(q, c), q.size(), matched(c, q), c.size());
    }

    /** Whether a comparison is a hit: both percentages reach their thresholds (and some frame matched). */
    boolean isHit(VideoComparison comparison) {
        return comparison.queryMatched() > 0
                && comparison.queryMatchedPercent() >= queryPercent
                && comparison.comparedMatchedPercent() >= comparedPercent;
    }

    List<VpdqFrame> kept(List<VpdqFrame> frames) {
        return frames.stream().filter(f -> f.quality() >= qualityThreshold).toList();
    }

    private int matched(List<VpdqFrame> from, List<VpdqFrame> to) {
        int count = 0;
        for (VpdqFrame f : from) {
            for (VpdqFrame t : to) {
                if (f.hash().distance(t.hash()) < distanceThreshold) {
                    count++;
                    break;
                }
            }
        }
        return count;
    }
}
