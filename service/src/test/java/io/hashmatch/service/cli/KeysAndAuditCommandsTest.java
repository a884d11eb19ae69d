package io.hashmatch.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.audit.AuditChain;
import io.hashmatch.service.audit.AuditLog;
import io.hashmatch.service.security.ApiKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hashmatch keys create} and {@code hashmatch audit verify}: output, exit codes, usage errors. */
class KeysAndAuditCommandsTest {
    @TempDir
    Path dir;

    @Test
    void keysCreatePrintsTheKeyOnceAndItsConfigurationEntry() {
        Cli.Result r = Cli.run("keys", "create", "--role", "admin", "--id", "ops-1");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        Matcher m = Pattern.compile("^key: (hm_[A-Za-z0-9_-]{43})\n").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        String key = m.group(1);
        assertThat(r.out())
                .isEqualTo("key: " + key + "\n"
                        + "(shown only now: hashmatch stores its SHA-256, not the key)\n\n"
                        + "Add to the configuration (application.yml, or a file given to hashmatch serve --config):\n"
                        + "hashmatch:\n  security:\n    keys:\n      ops-1:\n        role: admin\n        sha256: "
                        + ApiKeys.sha256Hex(key) + "\n");
    }

    @Test
    void keysCreateNamesTheKeyAfterItsRoleByDefault() {
        Cli.Result curate = Cli.run("keys", "create", "--role", "curate");
        assertThat(curate.exitCode()).isZero();
        assertThat(curate.out()).contains("        role: curate\n");
        Cli.Result r = Cli.run("keys", "create", "--role", "match");
        assertThat(r.exitCode()).isZero();
        String key = r.lines().get(0).substring("key: ".length());
        assertThat(r.out())
                .contains("      match-" + ApiKeys.sha256Hex(key).substring(0, 8) + ":\n        role: match\n");
    }

    @Test
    void keysCreateRefusesABadRoleOrId() {
        Cli.Result role = Cli.run("keys", "create", "--role", "root");
        assertThat(role.exitCode()).isEqualTo(1);
        assertThat(role.out()).isEmpty();
        assertThat(role.err()).contains("--role", "root");
        Cli.Result id = Cli.run("keys", "create", "--role", "match", "--id", "a b");
        assertThat(id.exitCode()).isEqualTo(1);
        assertThat(id.out()).isEmpty();
        assertThat(id.err())
                .contains("--id must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit:"
                        + " a b");
        assertThat(Cli.run("keys", "create").exitCode())
                .as("--role is required")
                .isEqualTo(1);
    }

    Path auditLog(int lines) {
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog log = new AuditLog(file)) {
            for (int i = 0; i < lines; i++) {
                log.append(Instant.EPOCH.plusSeconds(i), "k", "GET /v1/lists", 200, null);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file;
    }

    @Test
    void auditVerifyPrintsTheHeadOfAnIntactChain() throws IOException {
        Path file = auditLog(4);
        Cli.Result r = Cli.run("audit", "verify", file.toString());
        assertThat(r)
                .isEqualTo(new Cli.Result(
                        0, "ok 4 lines, head " + AuditChain.verify(file).head() + "\n", ""));
        List<String> lines = Files.readAllLines(file);
        assertThat(AuditChain.verify(file).head()).isEqualTo(AuditChain.hashOf(lines.get(3)));
    }

    @Test
    void auditVerifyNamesTheFirstBrokenLineAndExits2() throws IOException {
        Path file = auditLog(4);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.remove(1);
        Files.write(file, lines);
        Cli.Result r = Cli.run("audit", "verify", file.toString());
        assertThat(r)
                .isEqualTo(new Cli.Result(
                        2,
                        "",
                        file + ":2: \"prev\" is not the hash of line 1: a line before it was"
                                + " removed, edited or moved\n"));
    }

    @Test
    void auditVerifyOfAMissingFileIsAUsageError() {
        Cli.Result r = Cli.run("audit", "verify", dir.resolve("nope.jsonl").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("no such file: " + dir.resolve("nope.jsonl"));
    }

    @Test
    void auditVerifyOfAFolderChecksItsRotatedFilesInOrderAndShowsRecoveredLines() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path file = logs.resolve("hashmatch-audit.jsonl");
        Files.writeString(file, "{\"time\":\"2026-11-29T07:59:59Z\",\"ke"); // torn: recovered at start
        for (int i = 0; i < 3; i++) {
            try (AuditLog log = new AuditLog(file)) {
                log.append(Instant.EPOCH.plusSeconds(i), "k", "GET /v1/lists", 200, null);
            }
            if (i < 2) { // what a rotation does, as AuditLog does it at a size or a day
                Files.move(file, logs.resolve("hashmatch-audit.2026112" + i + "T080000.000Z.jsonl"));
            }
        }
        List<Path> files = AuditChain.filesIn(logs);
        assertThat(files).hasSize(3);
        String head = AuditChain.verify(files).head();
        Path quarantined;
        try (var s = Files.list(logs)) {
            quarantined =
                    s.filter(p -> p.toString().endsWith(".torn")).findFirst().orElseThrow();
        }
        Cli.Result r = Cli.run("audit", "verify", logs.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .matches(Pattern.quote(files.get(0) + ":1: {\"event\":\"recovered\",\"time\":\"")
                        + "[0-9T:.Z-]+"
                        + Pattern.quote("\",\"quarantine\":\"" + quarantined.getFileName() + "\",\"bytes\":34}\n"
                                + "ok 6 lines in 3 files, head " + head + "\n"));
        assertThat(r.exitCode()).isZero();

        // the same files given one by one; an edited line in the middle file breaks the chain there
        List<String> middle = new ArrayList<>(Files.readAllLines(files.get(1)));
        middle.set(1, middle.get(1).replace("\"status\":200", "\"status\":201"));
        Files.write(files.get(1), middle);
        Cli.Result broken = Cli.run(
                "audit",
                "verify",
                files.get(0).toString(),
                files.get(1).toString(),
                files.get(2).toString());
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.err())
                .isEqualTo(files.get(2) + ":1: the first line does not continue "
                        + files.get(1).getFileName()
                        + ": a file or lines between them are missing, or the files are out of order\n");
    }

    @Test
    void servePrintsTheDemoKeysOnlyWhenNoneIsConfiguredAndHowToCheckReadinessWithAKey() {
        StringWriter out = new StringWriter();
        io.hashmatch.service.security.ApiKeys demo = demoKeys();
        ServeCommand.printHowToConnect(new PrintWriter(out, true), demo, "http://localhost:8080");
        String match = demo.demoKeys().get(0).key();
        String admin = demo.demoKeys().get(1).key();
        assertThat(out.toString())
                .isEqualTo(
                        "hashmatch: demo API key, role match (this run only; configure your own with hashmatch keys create): "
                                + match
                                + "\nhashmatch: demo API key, role admin (this run only; configure your own with hashmatch keys create): "
                                + admin
                                + "\nhashmatch: readiness (200 I-AM-ALIVE when the lists are loaded):  curl"
                                + " http://localhost:8080/status"
                                + "\nhashmatch: try  curl -H 'X-API-Key: " + match
                                + "' http://localhost:8080/v1/lists\n");
    }

    /** The demo keys of a context without configured keys (as serve's, but its audit log in the test's folder). */
    private ApiKeys demoKeys() {
        try (io.micronaut.context.ApplicationContext ctx = io.micronaut.context.ApplicationContext.builder()
                .deduceEnvironment(false)
                .properties(java.util.Map.of(
                        "hashmatch.audit.file", dir.resolve("a.jsonl").toString()))
                .start()) {
            return ctx.getBean(ApiKeys.class);
        }
    }
}
