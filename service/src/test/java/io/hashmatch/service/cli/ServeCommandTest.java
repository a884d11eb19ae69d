package io.hashmatch.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.security.TestKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hashmatch serve}: starts the HTTP server from the command tree, serves the given lists, stops when interrupted. */
class ServeCommandTest {
    static final String A = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path tmp;

    /** Runs serve on a thread; returns the command once it listens. */
    private static Thread serve(ServeCommand command, AtomicReference<Cli.Result> result, String... args)
            throws InterruptedException {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        Thread t = new Thread(() -> result.set(Cli.run(
                new CommandLine.IFactory() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <K> K create(Class<K> cls) throws Exception {
                        return cls == ServeCommand.class ? (K) command : defaults.create(cls);
                    }
                },
                args)));
        t.start();
        while (!command.started.await(100, TimeUnit.MILLISECONDS)) {
            if (!t.isAlive()) {
                throw new AssertionError("serve stopped: " + result.get());
            }
        }
        return t;
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header("X-API-Key", TestKeys.MATCH)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The configuration every serve of these tests gets (serve runs outside the "test" environment): the test API keys
     * of {@code application-test.yml} and an audit log in the test's folder.
     */
    private String keysAndAudit() {
        return """
        hashmatch:
          security:
            keys:
              test-match:
                role: match
                sha256: %s
          audit:
            file: %s
        """.formatted(
                        io.hashmatch.service.security.ApiKeys.sha256Hex(TestKeys.MATCH), tmp.resolve("audit.jsonl"));
    }

    private static void awaitReady(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (get(port, "/status").statusCode() != 200) {
            assertThat(System.nanoTime()).as("ready in time").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void servesTheListsGivenAndStopsWhenInterrupted() throws Exception {
        Path list = Files.writeString(tmp.resolve("mine.txt"), A + "\n");
        ServeCommand command = new ServeCommand();
        AtomicReference<Cli.Result> result = new AtomicReference<>();
        Path config = Files.writeString(tmp.resolve("serve.yml"), keysAndAudit());
        Thread t = serve(
                command, result, "serve", "--port", "0", "--list", "extra=" + list, "--config", config.toString());
        int port = command.boundPort();
        assertThat(port).isPositive();
        assertThat(get(port, "/status/live").body()).isEqualTo("I-AM-ALIVE");
        awaitReady(port);
        assertThat(get(port, "/v1/lists").body())
                .startsWith("{\"lists\":[{\"name\":\"extra\",\"version\":\"1\",\"entries\":1,");

        t.interrupt();
        t.join(60_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(result.get().exitCode()).isZero();
        assertThat(result.get().out())
                .isEqualTo("hashmatch: serving on http://localhost:" + port
                        + " (lists are loading: GET /status answers 200 when ready)\n"
                        + "hashmatch: readiness (200 I-AM-ALIVE when the lists are loaded):  curl http://localhost:"
                        + port + "/status\n");
    }

    @Test
    void aListThatFailsToLoadStopsServeWithTheReason() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.txt"), A + "\nnot a hash\n");
        Path good = Files.writeString(tmp.resolve("good.txt"), A + "\n");
        Path config = Files.writeString(tmp.resolve("serve.yml"), keysAndAudit());
        Cli.Result r = Cli.run(
                "serve",
                "--port",
                "0",
                "--list",
                "good=" + good,
                "--list",
                "bad=" + bad,
                "--config",
                config.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .startsWith("hashmatch serve: list 'bad' failed to load: " + bad + ":2")
                .endsWith("hashmatch serve: stopped; fix the list, or start with --allow-missing-lists to serve the"
                        + " others meanwhile\n");
    }

    @Test
    void withAllowMissingListsAListIsLoadedOnceItsFileAppearsAndHealthIsDownUntilThen() throws Exception {
        Path missing = tmp.resolve("later.txt");
        // 64 hex digits are PDQ or SHA-256: the :pdq suffix says which
        String pdq = "f".repeat(64);
        Path good = Files.writeString(tmp.resolve("pdq.txt"), pdq + "\n");
        ServeCommand command = new ServeCommand();
        AtomicReference<Cli.Result> result = new AtomicReference<>();
        Path config = Files.writeString(tmp.resolve("serve.yml"), keysAndAudit());
        Thread t = serve(
                command,
                result,
                "serve",
                "--port",
                "0",
                "--allow-missing-lists",
                "--list",
                "p=" + good + ":pdq",
                "--list",
                "later=" + missing,
                "--config",
                config.toString());
        int port = command.boundPort();
        awaitReady(port);
        assertThat(get(port, "/v1/lists").body()).contains("\"name\":\"p\"").contains("\"pdqHashes\":1");
        HttpResponse<String> down = get(port, "/health/readiness");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"failed\":{\"later\":\"" + missing);
        // a match answered by the other lists says which configured list it could not search, and why
        HttpResponse<String> partial = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/match/hashes"))
                                .header("Content-Type", "application/json")
                                .header("X-API-Key", TestKeys.MATCH)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"hashes\":[\"" + pdq + "\"]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(partial.statusCode()).isEqualTo(200);
        assertThat(partial.body())
                .contains("\"lists\":[{\"name\":\"p\",")
                .contains("\"failedLists\":[{\"name\":\"later\",\"error\":\"" + missing);

        Files.writeString(missing, A + "\n");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (get(port, "/health/readiness").statusCode() != 200) {
            assertThat(System.nanoTime()).as("loaded once the file appeared").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(get(port, "/v1/lists").body()).contains("\"name\":\"later\"");
        t.interrupt();
        t.join(60_000);
        assertThat(result.get().exitCode()).isZero();
    }

    @Test
    void readsAConfigurationFileWhoseSettingsTheOptionsOverride() throws Exception {
        Path list = Files.writeString(tmp.resolve("mine.txt"), A + "\n");
        Path config = Files.writeString(
                tmp.resolve("serve.yml"), """
        micronaut:
          server:
            port: 1
        hashmatch:
          lists:
            - fromconfig=%s
          limits:
            max-batch: 1
        """.formatted(list) + keysAndAudit().substring("hashmatch:\n".length()));
        ServeCommand command = new ServeCommand();
        AtomicReference<Cli.Result> result = new AtomicReference<>();
        Thread t = serve(command, result, "serve", "--config", config.toString(), "--port", "0");
        try {
            int port = command.boundPort();
            assertThat(port).isNotEqualTo(1); // --port 0 overrides the file's port
            awaitReady(port);
            assertThat(get(port, "/v1/lists").body()).startsWith("{\"lists\":[{\"name\":\"fromconfig\",");
            HttpResponse<String> two = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/match/hashes"))
                                    .header("Content-Type", "application/json")
                                    .header("X-API-Key", TestKeys.MATCH)
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"hashes\":[\"" + A + "\",\"" + A + "\"]}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(two.statusCode()).isEqualTo(413);
        } finally {
            t.interrupt();
            t.join(60_000);
        }
        assertThat(result.get().exitCode()).isZero();
    }

    @Test
    void usageErrorsExitOneWithoutStarting() throws IOException {
        Cli.Result missing = Cli.run("serve", "--list", tmp.resolve("none.txt").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err())
                .startsWith("hashmatch serve: --list: list '" + tmp.resolve("none.txt") + "': no such file: "
                        + tmp.resolve("none.txt"));
        assertThat(Cli.run("serve", "--port", "70000").err())
                .startsWith("hashmatch serve: --port must be 0..65535: 70000");
        Path badList = Files.writeString(
                tmp.resolve("bad-list.yml"),
                "hashmatch:\n  lists:\n    - " + tmp.resolve("none.csv") + "\n"
                        // the audit log in the test's folder, not the default one in the working directory
                        + keysAndAudit().substring("hashmatch:\n".length()));
        Cli.Result configured = Cli.run("serve", "--config", badList.toString(), "--port", "0");
        assertThat(configured.exitCode()).isEqualTo(1);
        assertThat(configured.out()).isEmpty();
        assertThat(configured.err())
                .startsWith("hashmatch serve: list '" + tmp.resolve("none.csv") + "': no such file");
        Path txt = Files.writeString(tmp.resolve("config.txt"), "x");
        Cli.Result config = Cli.run("serve", "--config", txt.toString());
        assertThat(config.exitCode()).isEqualTo(1);
        assertThat(config.err())
                .startsWith("hashmatch serve: --config: " + txt + " is neither .yml/.yaml nor .properties");
    }
}
