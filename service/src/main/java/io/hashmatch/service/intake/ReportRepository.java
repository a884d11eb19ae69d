package io.hashmatch.service.intake;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code intake_report} table. PostgreSQL's dialect on both databases: the embedded H2 runs in its PostgreSQL
 * mode ({@link IntakeDatabase}). Thread-safe (Micronaut Data).
 */
@JdbcRepository(dataSource = IntakeDatabase.NAME, dialect = Dialect.POSTGRES)
interface ReportRepository extends CrudRepository<Report, Long> {
    Optional<Report> findByReceipt(String receipt);

    Optional<Report> findBySubmission(String submission);

    /** The reports in {@code status}, oldest first. */
    List<Report> findByStatusOrderByIdAsc(String status, Pageable page);

    /** All reports, newest first. */
    List<Report> findAllOrderByIdDesc(Pageable page);

    long countByStatus(String status);

    /** Sets a report's status; returns the rows changed (0 or 1). */
    long updateStatusAndStatusReasonAndUpdatedAt(
            @io.micronaut.data.annotation.Id Long id, String status, String statusReason, Instant updatedAt);
}
