package io.hashmatch.service.intake;

import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import org.jspecify.annotations.Nullable;

/**
 * One sampled frame of a reported video's vPDQ: a row of {@code intake_frame}.
 *
 * @param id the row id (null before it is inserted)
 * @param reportId the {@link Report#id()} it belongs to
 * @param itemNo the {@link ReportItem#itemNo()} of the video
 * @param frameNo its position in the video's vPDQ, from 0
 * @param frameIndex the frame's index in the video (decoding order, from 0)
 * @param pdq the frame's PDQ hash, 64 lowercase hex digits
 * @param quality its PDQ quality, 0..100
 * @param seconds the frame's time in the video
 */
@MappedEntity("intake_frame")
record ReportFrame(
        @Id @GeneratedValue @Nullable Long id,
        long reportId,
        int itemNo,
        int frameNo,
        int frameIndex,
        String pdq,
        int quality,
        float seconds) {}
