package io.hashmatch.service.intake;

import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One report as stored: a row of {@code intake_report}. Its hashes are {@link ReportItem} rows.
 *
 * @param id the row id (null before it is inserted); the hotline's case number
 * @param receipt the receipt code given to the reporter, normalized ({@link ReceiptCodes#normalize})
 * @param submission the page's random id of the submission, so that a retried submission finds its report
 * @param lang the language the reporter used ({@code km}, {@code en}): the status page answers in it
 * @param categories the chosen category ids, space separated (may be empty)
 * @param seenWhere where the reporter saw the images, as they wrote it (may be empty)
 * @param contact how to reach the reporter, as they wrote it (may be empty)
 * @param status {@link ReportStatus#id()}
 * @param statusReason the hotline's reason for the status (a dismissal's reason), may be empty
 * @param receivedAt when the report was stored
 * @param updatedAt when its status last changed
 */
@MappedEntity("intake_report")
record Report(
        @Id @GeneratedValue @Nullable Long id,
        String receipt,
        String submission,
        String lang,
        String categories,
        String seenWhere,
        String contact,
        String status,
        String statusReason,
        @MappedProperty("received_at") Instant receivedAt,
        @MappedProperty("updated_at") Instant updatedAt) {}
