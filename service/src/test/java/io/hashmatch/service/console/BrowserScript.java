package io.hashmatch.service.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one Playwright script of {@code src/test/e2e} in headless Debian Chromium and reads what it reports. Every script
 * runs named scenarios and writes {@code {"scenarios":[{"name","passed","error"}...], ...}} to {@code RESULTS_FILE};
 * {@link #runScenarios} fails the calling test unless the script finished in time, ran exactly the expected number of
 * scenarios, all passed and node exited 0, and returns the whole report for the caller's own oracles.
 *
 * <p>It fails, never skips, when Chromium, node or the script's node_modules are missing, and the message says how to
 * install them.
 */
public final class BrowserScript {
    static final Path E2E = Path.of("src", "test", "e2e");
    public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    private BrowserScript() {}

    /**
     * Runs {@code node script} with {@code env} (plus {@code CHROMIUM}, {@code RESULTS_FILE} and no browser download),
     * its output and results in {@code work}, and checks the scenarios as the class comment says.
     */
    public static Map<String, Object> runScenarios(
            String script, Path work, Duration limit, int scenarios, JsonMapper json, Map<String, String> env)
            throws IOException, InterruptedException {
        requireTools();
        Files.createDirectories(work);
        Path results = work.resolve("results.json").toAbsolutePath();
        Path output = work.resolve("node-output.txt").toAbsolutePath();
        Files.deleteIfExists(results);
        ProcessBuilder pb = new ProcessBuilder("node", script)
                .directory(E2E.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().putAll(env);
        pb.environment().put("RESULTS_FILE", results.toString());
        pb.environment().put("CHROMIUM", CHROMIUM.toString());
        pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Process node = pb.start();
        if (!node.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            node.destroyForcibly().waitFor();
            fail(script + " took more than " + limit + ": " + Files.readString(output));
        }
        String log = Files.readString(output);
        assertThat(results).as("results of %s; its output:\n%s", script, log).exists();
        Map<String, Object> report =
                json.readValue(Files.readString(results), Argument.mapOf(String.class, Object.class));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ran = (List<Map<String, Object>>) report.get("scenarios");
        assertThat(ran).as("scenarios of %s; its output:\n%s", script, log).hasSize(scenarios);
        for (Map<String, Object> s : ran) {
            assertThat(s.get("passed"))
                    .as("scenario '%s': %s", s.get("name"), s.get("error"))
                    .isEqualTo(true);
        }
        assertThat(node.exitValue()).as(log).isZero();
        return report;
    }

    /** Chromium, node and the script's node_modules must be there: the test fails (never skips) and says how. */
    public static void requireTools() {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("Chromium is not installed at " + CHROMIUM + ": install it with 'apt-get install -y chromium' (or set"
                    + " CHROMIUM to its path); .ci/run does this");
        }
        if (!onPath("node")) {
            fail("node is not on the PATH: install it with 'apt-get install -y nodejs npm'; .ci/run does this");
        }
        if (!Files.isDirectory(E2E.resolve("node_modules").resolve("playwright-core"))) {
            fail("playwright-core is not installed in service/src/test/e2e: run 'cd service/src/test/e2e &&"
                    + " PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci'; .ci/run does this");
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
