package io.hashmatch.service.intake;

import io.hashmatch.video.VpdqFrame;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A report as the page sends it, checked ({@link IntakeController}): only hashes and what the reporter wrote.
 *
 * @param submission the page's random id for this submission (a retry sends the same)
 * @param lang the page's language
 * @param items the files' hashes
 * @param categories chosen category ids, each a configured one
 * @param seenWhere where the images were seen, may be empty
 * @param contact how to reach the reporter, may be empty
 */
record Submission(
        String submission, String lang, List<Item> items, List<String> categories, String seenWhere, String contact) {

    /**
     * The hashes of one file.
     *
     * @param kind {@code image}, {@code video} or {@code file}
     * @param md5 32 lowercase hex digits
     * @param sha256 64 lowercase hex digits
     * @param pdq 64 lowercase hex digits, images only
     * @param quality PDQ quality 0..100, with {@code pdq}
     * @param width pixels, with {@code pdq}
     * @param height pixels, with {@code pdq}
     * @param frames a video's vPDQ, in frame order, as the reporter's browser computed it; empty for an image, a file,
     *     or a video the browser could not decode
     */
    record Item(
            String kind,
            String md5,
            String sha256,
            @Nullable String pdq,
            @Nullable Integer quality,
            @Nullable Integer width,
            @Nullable Integer height,
            List<VpdqFrame> frames) {}
}
