package io.hashmatch.service.intake;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** The {@code intake_event} table (see {@link ReportRepository}). Thread-safe (Micronaut Data). */
@JdbcRepository(dataSource = IntakeDatabase.NAME, dialect = Dialect.POSTGRES)
interface ReportEventRepository extends CrudRepository<ReportEvent, Long> {
    List<ReportEvent> findByReportIdOrderByIdAsc(long reportId);

    /** Every action that set {@code action}, oldest first. */
    List<ReportEvent> findByActionOrderByIdAsc(String action);
}
