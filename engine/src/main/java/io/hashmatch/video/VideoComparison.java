package io.hashmatch.video;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The reference matcher's result for one pair of videos ({@code match-hashes-brute}): the share of the query's
 * frames that found a counterpart in the compared video, and the share of the compared video's frames that
 * found one in the query, both over the frames that passed the quality threshold.
 *
 * <p>Immutable; thread-safe.
 *
 * @param queryMatchedPercent {@code queryMatched * 100.0 / queryFrames}, 0 when either side has no frame
 * @param comparedMatchedPercent {@code comparedMatched * 100.0 / comparedFrames}, 0 when either side has no frame
 * @param queryMatched query frames with some compared frame strictly within the distance threshold
 * @param queryFrames query frames at or above the quality threshold
 * @param comparedMatched compared frames with some query frame strictly within the distance threshold
 * @param comparedFrames compared frames at or above the quality threshold
 */
public record VideoComparison(
        double queryMatchedPercent,
        double comparedMatchedPercent,
        int queryMatched,
        int queryFrames,
        int comparedMatched,
        int comparedFrames) {

    /** The percentages of the counts, as the reference computes them ({@code count * 100.0 / size}). */
    static VideoComparison of(int queryMatched, int queryFrames, int comparedMatched, int comparedFrames) {
        if (queryFrames == 0 || comparedFrames == 0) {
            return new VideoComparison(0, 0, 0, queryFrames, 0, comparedFrames);
        }
        return new VideoComparison(
                queryMatched * 100.0 / queryFrames,
                comparedMatched * 100.0 / comparedFrames,
                queryMatched,
                queryFrames,
                comparedMatched,
                comparedFrames);
    }

    /** A percentage as the reference prints it ({@code %0.2f}: exact binary value, rounded half-even). */
    public static String formatPercent(double percent) {
        return new BigDecimal(percent).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** The reference CLI's two output lines, each {@code '\n'}-terminated. */
    public String referenceOutput() {
        return formatPercent(queryMatchedPercent) + " Percentage Query Video match\n"
                + formatPercent(comparedMatchedPercent) + " Percentage Target Video match\n";
    }
}
