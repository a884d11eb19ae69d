package io.hashmatch;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a second JVM that runs a {@code main} with the test's own class path and JVM options, for the
 * tests that run the code in a child process: to kill it with SIGKILL ({@link Process#destroyForcibly()}) and check
 * what it left on disk, or to see what a fresh JVM does.
 *
 * <p>The child inherits this JVM's options, which under Maven are the project's flags ({@code hashmatch.jvm.flags}
 * and the others of surefire's {@code argLine}), so it runs as {@code ./hashmatch} does; agents are left out (a
 * coverage or debug agent would not let two JVMs share its port or file). The flags add the
 * {@code jdk.incubator.vector} module, and such a JVM prints {@code WARNING: Using incubator modules} on stderr at
 * start: a test that reads what the child says must read stdout only
 * ({@code redirectError(ProcessBuilder.Redirect.INHERIT)} or a file of its own).
 *
 * <p>Shared with the service's tests through the engine's test jar. Stateless; thread-safe.
 */
public final class ChildJvm {
    private ChildJvm() {}

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

    private static boolean sameProperty(String inherited, String option) {
        int eq = option.indexOf('=');
        return option.startsWith("-D") && eq > 2 && inherited.startsWith(option.substring(0, eq + 1));
    }
}
