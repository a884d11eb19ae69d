package io.hashmatch.service.intake;

import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import org.jspecify.annotations.Nullable;

/**
 * One file of a report, as its hashes: a row of {@code intake_item}.
 *
 * @param id the row id (null before it is inserted)
 * @param reportId the {@link Report#id()} it belongs to
 * @param itemNo its position in the report, from 0
 * @param kind {@code image}, {@code video} or {@code file}
 * @param md5 MD5 of the file's bytes, 32 lowercase hex digits
 * @param sha256 SHA-256 of the file's bytes, 64 lowercase hex digits
 * @param pdq PDQ hash of an image, 64 lowercase hex digits, or null
 * @param quality PDQ quality (0..100), with {@code pdq}
 * @param width image width in pixels, with {@code pdq}
 * @param height image height in pixels, with {@code pdq}
 */
@MappedEntity("intake_item")
record ReportItem(
        @Id @GeneratedValue @Nullable Long id,
        long reportId,
        int itemNo,
        String kind,
        String md5,
        String sha256,
        @Nullable String pdq,
        @Nullable Integer quality,
        @Nullable Integer width,
        @Nullable Integer height) {}
