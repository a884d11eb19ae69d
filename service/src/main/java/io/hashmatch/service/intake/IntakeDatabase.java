package io.hashmatch.service.intake;

/**
 * The intake's database: the Micronaut data source {@value #NAME}, configured from {@code hashmatch.intake.datasource}
 * (application.yml). By default an embedded H2 file, {@code ./hashmatch-intake.mv.db}, in H2's PostgreSQL mode (so
 * one SQL dialect serves both databases) and with {@code WRITE_DELAY=0}, so a commit is written to the file before the
 * receipt is sent: it survives the process being killed (not a power cut: H2 does not sync to the disk at each commit;
 * PostgreSQL does). For deployments, {@code hashmatch.intake.datasource.url=jdbc:postgresql://...}. The schema is
 * made by the Flyway migrations in {@code db/intake} at start.
 */
final class IntakeDatabase {
    /** The data source's name. */
    static final String NAME = "intake";

    private IntakeDatabase() {}
}
