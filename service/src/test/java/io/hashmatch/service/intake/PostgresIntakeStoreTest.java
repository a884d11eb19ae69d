package io.hashmatch.service.intake;

import java.util.Map;

/** {@link IntakeStoreContract} on PostgreSQL: a cluster this test starts ({@link TestPostgres}). */
class PostgresIntakeStoreTest extends IntakeStoreContract {
    private TestPostgres pg;

    @Override
    Map<String, Object> database() throws Exception {
        pg = TestPostgres.start();
        return Map.of(
                "hashmatch.intake.datasource.url",
                pg.url(),
                "hashmatch.intake.datasource.username",
                TestPostgres.USER,
                "hashmatch.intake.datasource.password",
                "");
    }

    @Override
    void release() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }
}
