package io.hashmatch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A second JVM that runs a {@code main} with the test's own class path and JVM options, for the tests that run code
 * in a child process: to kill it with SIGKILL and check what it left on disk, or to see what a fresh JVM does.
 *
 * <p>{@link #command} builds the command line. The child inherits this JVM's options, which under Maven are the
 * project's flags ({@code hashmatch.jvm.flags} and the others of surefire's {@code argLine}), so it runs as
 * {@code ./hashmatch} does; agents are left out (a coverage or debug agent would not let two JVMs share its port or
 * file).
 *
 * <p>{@link #start} runs it. Its stdout is read as it comes into a file and a list of lines (the protocol of the
 * tests that wait for the child to say how far it got), its stderr goes to a file of its own: the project's flags add
 * the {@code jdk.incubator.vector} module, and such a JVM prints {@code WARNING: Using incubator modules} on stderr
 * at start. What the child printed before it was killed stays readable.
 *
 * <p>Waits are for a condition or for the child's end, never for a time: {@link #HANG_GUARD} only bounds a hang, and
 * is long because a JVM that starts, compiles and works on a machine shared by many builds can take minutes for what
 * takes seconds alone. A failed wait throws an {@link AssertionError} that carries the child's output, and
 * {@link #transcript()} gives it for the test's own assertions.
 *
 * <p>Shared with the service's tests through the engine's test jar. The static methods are stateless; an instance is
 * driven by one test thread.
 */
public final class ChildJvm implements AutoCloseable {
    /**
     * How long a child may take to do what it is waited for: only bounds a hang. A snapshot writer's child, a few CPU
     * seconds alone, got no line out in 240 s (and used 1 s of CPU in 2 minutes) on 2 cores shared by 30 to 60
     * runnable threads.
     */
    public static final Duration HANG_GUARD = Duration.ofMinutes(10);

    /** The exit value of a process that SIGKILL ended: 128 + 9, as a shell reports it. */
    private static final int KILLED = 128 + 9;

    /** Lines of each stream that a {@link #transcript()} shows, the last ones. */
    private static final int TRANSCRIPT_LINES = 200;

    /** Until what is awaited is met, a condition that no output line signals is checked this often. */
    private static final long POLL_MILLIS = 10;

    private final List<String> command;
    private final Process process;
    private final Path stdoutFile;
    private final Path stderrFile;
    private final Thread pump;
    /** Complete stdout lines; guarded by itself. Its monitor is also notified at every line and at the end. */
    private final List<String> lines = new ArrayList<>();

    private ChildJvm(List<String> command, Process process, Path stdoutFile, Path stderrFile) {
        this.command = List.copyOf(command);
        this.process = process;
        this.stdoutFile = stdoutFile;
        this.stderrFile = stderrFile;
        this.pump = Thread.ofPlatform()
                .daemon()
                .name("child-" + process.pid() + "-stdout")
                .start(this::pumpStdout);
        process.onExit().thenRun(this::signal);
    }

    /** {@code java <this JVM's options> -cp <class path> <main> <args>}. */
    public static List<String> command(Class<?> main, String... args) {
        return command(List.of(), main, List.of(args));
    }

    /**
     * {@code java <this JVM's options> <jvmOptions> -cp <class path> <main> <args>}; a {@code -Dname=value} of
     * {@code jvmOptions} replaces an inherited one of the same name.
     */
    public static List<String> command(List<String> jvmOptions, Class<?> main, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-javaagent") && !a.startsWith("-agentlib"))
                .filter(a -> jvmOptions.stream().noneMatch(o -> sameProperty(a, o)))
                .toList());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        return cmd;
    }

    /** Starts {@code command}, its stdout and stderr kept in new files {@code child-*.out} and {@code .err} of dir. */
    public static ChildJvm start(Path dir, List<String> command) throws IOException {
        return start(dir, command, Map.of());
    }

    /** {@link #start(Path, List)} with {@code environment} added to the child's. */
    public static ChildJvm start(Path dir, List<String> command, Map<String, String> environment) throws IOException {
        Path out = Files.createTempFile(dir, "child-", ".out");
        String name = out.getFileName().toString();
        Path err = dir.resolve(name.substring(0, name.length() - ".out".length()) + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
        pb.environment().putAll(environment);
        return new ChildJvm(command, pb.start(), out, err);
    }

    private static boolean sameProperty(String inherited, String option) {
        int eq = option.indexOf('=');
        return option.startsWith("-D") && eq > 2 && inherited.startsWith(option.substring(0, eq + 1));
    }

    /** The running child, to signal it ({@link Process#destroy()} is SIGTERM) or ask for its pid. */
    public Process process() {
        return process;
    }

    /** The complete lines the child printed on stdout so far (a last line without its newline is not one yet). */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Everything the child printed on stdout so far, as it is in its file. */
    public String stdout() {
        return read(stdoutFile);
    }

    /** Everything the child printed on stderr so far. */
    public String stderr() {
        return read(stderrFile);
    }

    /**
     * Waits until the child printed a line equal to {@code line} on stdout.
     *
     * @throws AssertionError if it ended without, or still runs after {@link #HANG_GUARD}
     */
    public void awaitLine(String line) throws InterruptedException {
        awaitLine("the line \"" + line + "\"", line::equals);
    }

    /**
     * Waits until the child printed a line that {@code test} accepts on stdout; returns the first such line.
     *
     * @throws AssertionError if it ended without, or still runs after {@link #HANG_GUARD}
     */
    public String awaitLine(String what, Predicate<String> test) throws InterruptedException {
        int[] from = {0};
        String[] found = {null};
        await(what, () -> {
            synchronized (lines) {
                for (; from[0] < lines.size(); from[0]++) {
                    if (test.test(lines.get(from[0]))) {
                        found[0] = lines.get(from[0]);
                        return true;
                    }
                }
                return false;
            }
        });
        return Objects.requireNonNull(found[0]);
    }

    /** A condition of the child's progress, checked by this thread. */
    @FunctionalInterface
    public interface Condition {
        /** Whether it is met; an exception fails the wait. */
        boolean met() throws Exception;
    }

    /**
     * Waits until {@code condition} is met: checked at every line the child prints, at its end, and every few
     * milliseconds. A condition met by what the child did just before it ended counts.
     *
     * @param what what is awaited, for the failure message
     * @throws AssertionError if the child ended without meeting it, or still runs after {@link #HANG_GUARD} (it is
     *     then killed)
     */
    public void await(String what, Condition condition) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (true) {
            int seen;
            synchronized (lines) {
                seen = lines.size();
            }
            if (check(what, condition)) {
                return;
            }
            if (!process.isAlive()) {
                pump.join(HANG_GUARD.toMillis()); // every line it printed, read
                if (check(what, condition)) {
                    return;
                }
                throw new AssertionError("the child ended without " + what + "\n" + transcript());
            }
            if (System.nanoTime() - deadline > 0) {
                process.destroyForcibly();
                process.waitFor(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
                throw new AssertionError("the child still ran after " + HANG_GUARD.toSeconds() + " s without " + what
                        + "; killed\n" + transcript());
            }
            synchronized (lines) {
                if (lines.size() == seen && process.isAlive()) {
                    lines.wait(POLL_MILLIS);
                }
            }
        }
    }

    private boolean check(String what, Condition condition) {
        try {
            return condition.met();
        } catch (Exception e) {
            throw new AssertionError("checking " + what + ": " + e + "\n" + transcript(), e);
        }
    }

    /**
     * Waits for the child's end and all it printed; returns its exit value.
     *
     * @throws AssertionError if it still runs after {@link #HANG_GUARD} (it is then killed)
     */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(HANG_GUARD.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError(
                    "the child still ran after " + HANG_GUARD.toSeconds() + " s; killed\n" + transcript());
        }
        pump.join(HANG_GUARD.toMillis());
        return process.exitValue();
    }

    /**
     * Kills the child with SIGKILL (no shutdown hook, no finally, no flush) and waits for its end and all it printed.
     * The kill must land: a child that ended by itself first would let a test of what a kill leaves behind pass
     * without any kill, so the child of such a test never ends by itself (it works on forever, or waits to be killed
     * at the point the test chose).
     *
     * @throws AssertionError if the child had ended before the signal, or has not ended after {@link #HANG_GUARD}
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(HANG_GUARD.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError(
                    "the child killed with SIGKILL still ran after " + HANG_GUARD.toSeconds() + " s\n" + transcript());
        }
        pump.join(HANG_GUARD.toMillis());
        if (process.exitValue() != KILLED) {
            throw new AssertionError("the child ended by itself before the SIGKILL\n" + transcript());
        }
    }

    /**
     * What a failure message shows of the child: its main class and arguments, pid, state, and the last lines of its
     * stdout and stderr.
     */
    public String transcript() {
        int main = command.indexOf("-cp") + 2;
        String state = process.isAlive() ? "running" : "exited with " + process.exitValue();
        return "child " + String.join(" ", command.subList(Math.min(main, command.size()), command.size())) + " (pid "
                + process.pid() + ", " + state + ")\n--- stdout " + stdoutFile + "\n" + tail(stdout())
                + "--- stderr " + stderrFile + "\n" + tail(stderr()) + "---";
    }

    /** Kills the child if it still runs: a failed test leaves no process behind. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
        }
        pump.join(HANG_GUARD.toMillis());
    }

    private void pumpStdout() {
        byte[] buffer = new byte[8192];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (InputStream in = process.getInputStream();
                OutputStream file = Files.newOutputStream(stdoutFile)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                file.write(buffer, 0, n);
                file.flush();
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        String complete = line.toString(StandardCharsets.UTF_8);
                        line.reset();
                        synchronized (lines) {
                            lines.add(complete);
                            lines.notifyAll();
                        }
                    } else {
                        line.write(buffer[i]);
                    }
                }
            }
        } catch (IOException e) {
            try {
                Files.writeString(
                        stdoutFile,
                        "\n(hashmatch test: stdout not read further: " + e + ")\n",
                        StandardOpenOption.APPEND);
            } catch (IOException ignored) {
                // the transcript then lacks this note only
            }
        } finally {
            signal();
        }
    }

    private void signal() {
        synchronized (lines) {
            lines.notifyAll();
        }
    }

    private static String read(Path file) {
        try {
            // a line torn by the kill may end inside a character: decoded leniently
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(String text) {
        List<String> all = text.lines().toList();
        List<String> shown = all.subList(Math.max(0, all.size() - TRANSCRIPT_LINES), all.size());
        String skipped = shown.size() < all.size() ? "(" + (all.size() - shown.size()) + " lines before)\n" : "";
        return skipped + shown.stream().map(l -> l + "\n").reduce("", String::concat);
    }
}
