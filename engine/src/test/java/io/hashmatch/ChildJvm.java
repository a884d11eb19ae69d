package io.hashmatch;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a second JVM that runs a test class's {@code main} with the test's own class path and JVM
 * options (agents left out: a coverage or debug agent would not let two JVMs share its port or file), for the tests
 * that kill a writer with SIGKILL ({@link Process#destroyForcibly()}) and check what it left on disk.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** {@code java <this JVM's options> -cp <class path> <main> <args>}. */
    public static List<String> command(Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> !a.startsWith("-javaagent") && !a.startsWith("-agentlib"))
                .toList());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
