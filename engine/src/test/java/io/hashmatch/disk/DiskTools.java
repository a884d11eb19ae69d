package io.hashmatch.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The system's disk tools ({@code mkfs.*}, mtools, {@code debugfs}, ewf-tools' {@code ewfacquire}...) as tests run
 * them to make disk and file-system images: whether one is installed (a test without it is skipped), and a run that
 * must succeed. Stateless; thread-safe.
 */
public final class DiskTools {
    private DiskTools() {}

    /** Whether {@code name} is an executable in one of the system's program folders. */
    public static boolean installed(String name) {
        for (String dir : List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code command} in {@code dir} and waits for it (two minutes at most); fails the test, showing the command
     * and what it printed, unless it exits 0.
     */
    public static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }

    /**
     * Acquires {@code medium} as the E01 image {@code target}.E01 with {@code ewfacquire}, unattended ({@code -u -q}),
     * with {@code options} (e.g. {@code -S 1MiB} for 1 MiB segments, {@code -d sha1} to store a SHA-1 too), run in
     * {@code dir}; fails the test unless it exits 0.
     *
     * @return the image's first segment, {@code target}.E01
     */
    public static Path ewfacquire(Path dir, Path target, Path medium, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("ewfacquire", "-u", "-q"));
        command.addAll(List.of(options));
        command.addAll(List.of("-t", target.toString(), medium.toString()));
        run(dir, command.toArray(String[]::new));
        return target.resolveSibling(target.getFileName() + ".E01");
    }

    /**
     * Acquires {@code medium} as the E01 image {@code target}.E01 with {@code ewfacquire}, unattended, stating case
     * number C-42, examiner J. Doe, evidence number EV-7, description "SD card" and {@code notes}.
     *
     * @return the image's first segment, {@code target}.E01
     */
    public static Path acquireE01(Path dir, Path target, Path medium, String notes) throws Exception {
        return ewfacquire(
                dir, target, medium, "-C", "C-42", "-e", "J. Doe", "-E", "EV-7", "-D", "SD card", "-N", notes);
    }
}
