package io.hashmatch.service.intake;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** The {@code intake_frame} table (see {@link ReportRepository}). Thread-safe (Micronaut Data). */
@JdbcRepository(dataSource = IntakeDatabase.NAME, dialect = Dialect.POSTGRES)
interface ReportFrameRepository extends CrudRepository<ReportFrame, Long> {
    /** A report's frames, in no particular order. */
    List<ReportFrame> findByReportId(long reportId);
}
