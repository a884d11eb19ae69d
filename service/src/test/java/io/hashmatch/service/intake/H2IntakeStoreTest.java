package io.hashmatch.service.intake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** {@link IntakeStoreContract} on the default database: an H2 file, with the URL the service uses by default. */
class H2IntakeStoreTest extends IntakeStoreContract {
    private Path dir;

    @Override
    Map<String, Object> database() throws Exception {
        dir = Files.createTempDirectory("hashmatch-h2-");
        return Map.of("hashmatch.intake.datasource.url", H2Files.url(dir.resolve("intake")));
    }

    @Override
    void release() throws Exception {
        H2Files.delete(dir);
    }
}
