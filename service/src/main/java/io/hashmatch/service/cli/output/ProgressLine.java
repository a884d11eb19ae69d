package io.hashmatch.service.cli.output;

import io.hashmatch.scan.ScanProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The scan's progress bar: one line on stderr, redrawn twice a second with {@code \r}: files done of the total,
 * a bar, files/s, MB/s, matched records and the time left (from bytes, once the counting walk has finished).
 * Only drawn on a terminal. Thread-safe: its own daemon thread draws; {@link #stop()} from any thread.
 *
 * <p>Not a progress-bar library (me.tongfei:progressbar): those track one counter with one rate and ETA, while this
 * line shows two rates (files, bytes) and matches, and its ETA comes from bytes whose total is only known once the
 * counting walk ends; the drawing itself is one {@code String.format} per half second.
 */
public final class ProgressLine {
    private static final long PERIOD_MS = 500;
    private static final int BAR = 24;

    private final ScanProgress progress;
    private final PrintWriter err;
    private final long startNanos = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;

    private ProgressLine(ScanProgress progress, PrintWriter err) {
        this.progress = progress;
        this.err = err;
        this.thread = new Thread(this::loop, "hashmatch-progress");
        thread.setDaemon(true);
    }

    /** Whether standard error is an interactive terminal (not a pipe or a file). */
    @SuppressWarnings("SystemConsoleNull") // isTerminal() decides; null remains possible (-Djdk.console=java.base)
    public static boolean isTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    public static ProgressLine start(ScanProgress progress, PrintWriter err) {
        ProgressLine p = new ProgressLine(progress, err);
        p.thread.start();
        return p;
    }

    public void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        err.print("\r" + render(System.nanoTime()) + "\n");
        err.flush();
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
            err.print("\r" + render(System.nanoTime()) + "\u001b[K");
            err.flush();
        }
    }

    /** The line at {@code now} (nanoTime). */
    String render(long now) {
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        long files = progress.files();
        long bytes = progress.bytes();
        long totalFiles = progress.totalFiles();
        long totalBytes = progress.totalBytes();
        long doneFiles = files + progress.resumedFiles();
        StringBuilder sb = new StringBuilder();
        if (totalFiles > 0) {
            double fraction = Math.min(1, (double) doneFiles / totalFiles);
            int filled = (int) Math.round(fraction * BAR);
            sb.append('[')
                    .append("#".repeat(filled))
                    .append(" ".repeat(BAR - filled))
                    .append("] ");
            sb.append(doneFiles).append('/').append(totalFiles).append(" files");
        } else {
            sb.append(doneFiles).append(" files");
        }
        double mbPerSecond = bytes / 1e6 / seconds;
        sb.append(String.format(
                Locale.ROOT, "  %.1f files/s  %.1f MB/s  hits %d", files / seconds, mbPerSecond, progress.matched()));
        if (totalBytes >= 0 && bytes > 0) {
            long left = Math.max(0, totalBytes - bytes - progress.resumedBytes());
            long eta = Math.round(left / (bytes / seconds));
            sb.append(String.format(Locale.ROOT, "  ETA %d:%02d:%02d", eta / 3600, eta / 60 % 60, eta % 60));
        }
        return sb.toString();
    }
}
