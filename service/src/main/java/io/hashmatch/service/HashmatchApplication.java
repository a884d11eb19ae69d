package io.hashmatch.service;

import io.hashmatch.service.cli.HashmatchCommand;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Entry point of {@code hashmatch.jar}: runs the {@code hashmatch} command tree and exits with the command's exit
 * code. No Micronaut context is started here: only {@code serve} needs one, and starts its own; the other commands
 * are plain picocli commands, so that a {@code hash} of one file does not pay for a dependency-injection container,
 * metrics and logging it never uses.
 *
 * <p>Standard output and error are UTF-8 whatever the platform locale, because records are JSON Lines
 * or CSV meant for other programs; standard output is buffered and flushed once at the end.
 */
public final class HashmatchApplication {
    private HashmatchApplication() {}

    public static void main(String[] args) {
        NativeLibraryCache.configure(HashmatchApplication.class);
        // picocli's factory otherwise looks for groovy.lang.Closure (for Groovy closures in annotations, which these
        // Java commands have none of): a class-path miss that reads the jar's central directory. With this property
        // and the return below, a run whose classes all come from the start-up cache never opens the jar.
        System.setProperty("picocli.disable.closures", "true");
        int code = run(args);
        // Success with no other non-daemon thread left: returning ends the JVM with status 0, as System.exit(0) would,
        // without Runtime.exit's look-up of a System.Logger, whose service search on the class path reads the jar's
        // central directory (some 32,000 entries, ~10 ms at the end of a run; bench/RESULTS.md, "Start-up of
        // `hash`: what is left").
        if (code != 0 || otherNonDaemonThreadsAlive()) {
            System.exit(code);
        }
    }

    /** Whether a platform thread other than the current one that would keep the JVM running is alive. */
    private static boolean otherNonDaemonThreadsAlive() {
        Thread current = Thread.currentThread();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t != current && t.isAlive() && !t.isDaemon()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs the command tree on {@code args}, writing to standard output and error, and returns its exit
     * code; never calls {@code System.exit}.
     */
    static int run(String[] args) {
        PrintWriter out = new PrintWriter(
                new BufferedWriter(
                        new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8),
                        1 << 16),
                false);
        PrintWriter err = new PrintWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        return run(args, out, err);
    }

    /** Runs the command tree on {@code args} with the given output streams; flushes both before returning. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        try {
            CommandLine cmd = HashmatchCommand.newCommandLine(CommandLine.defaultFactory(), args);
            cmd.setOut(out);
            cmd.setErr(err);
            return cmd.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
