package io.hashmatch.service.intake;

import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One hotline action on a report: a row of {@code intake_event}, the report's history.
 *
 * @param id the row id (null before it is inserted)
 * @param reportId the {@link Report#id()} acted on
 * @param action the {@link ReportStatus#id()} the action set
 * @param keyId the id of the API key that acted
 * @param reason the reason given (a dismissal's), may be empty
 * @param at when
 */
@MappedEntity("intake_event")
record ReportEvent(
        @Id @GeneratedValue @Nullable Long id, long reportId, String action, String keyId, String reason, Instant at) {}
