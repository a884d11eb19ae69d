package io.hashmatch.service.lists;

import io.hashmatch.list.DurableFiles;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;

/**
 * Copies a list file that someone else owns, and may be rewriting, into the service's work directory, so the
 * service only ever maps or imports its own immutable copy: truncating or overwriting the original cannot fault a
 * mapped page or feed an import half a file.
 *
 * <p>The copy is taken only once the original has settled, i.e. its size and modification time have not changed
 * for the settle interval. A text list must also look complete (it ends with a newline, or a JSON document's closing
 * bracket); one whose last line has no newline must stay unchanged {@value #INCOMPLETE_LINE_FACTOR} times as long
 * (a writer in the middle of a line), then is taken as it is (a file that merely lacks its final newline). After
 * copying, the original is sampled again: if it changed meanwhile, the copy is discarded and
 * the caller tries again on the next change. The copy is written to a temporary file (owner-only), forced to disk
 * and renamed into place.
 *
 * <p>Stateless; thread-safe.
 */
final class SettledCopy {
    /** A text list whose last line has no newline must stay unchanged this many settle intervals. */
    static final int INCOMPLETE_LINE_FACTOR = 10;

    private SettledCopy() {}

    /** Size and modification time: what changes when a file is written. */
    private record Sample(long size, Instant modified) {
        static Sample of(Path file) throws IOException {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Sample(a.size(), a.lastModifiedTime().toInstant());
        }
    }

    /**
     * Copies {@code source} to {@code target} once it has settled (see the class comment).
     *
     * @param settle how long the file must stay unchanged
     * @param maxWait how long to wait for it to settle before giving up
     * @param text whether the file is a text list that must end with a complete last line
     * @throws IOException if the file is missing, does not settle within {@code maxWait}, or changed
     *     while it was being copied (nothing is left at {@code target} then), or the copy cannot be written
     */
    static void copy(Path source, Path target, Duration settle, Duration maxWait, boolean text) throws IOException {
        Sample settled = awaitSettled(source, settle, maxWait);
        if (text && !endsComplete(source, settled.size())) {
            // most likely still being written; a file that simply lacks its final newline is taken after a while
            Duration longer = settle.multipliedBy(INCOMPLETE_LINE_FACTOR);
            settled = awaitSettled(source, longer, maxWait.plus(longer));
        }
        Sample copied = settled;
        // the copy is owner-only, as the temporary file it is written to
        DurableFiles.replace(target, tmp -> {
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                    FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                long size = copied.size();
                for (long at = 0; at < size; ) {
                    long n = in.transferTo(at, size - at, out);
                    if (n <= 0) {
                        throw changed(source);
                    }
                    at += n;
                }
            }
            if (!Sample.of(source).equals(copied)) {
                throw changed(source);
            }
        });
    }

    /** Waits until neither size nor modification time of {@code file} has changed for {@code settle}. */
    private static Sample awaitSettled(Path file, Duration settle, Duration maxWait) throws IOException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        Sample last = Sample.of(file);
        while (true) {
            Duration age = Duration.between(last.modified(), Instant.now());
            if (age.compareTo(settle) >= 0) {
                return last;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException(file + " is still being written (it changed within " + settle.toMillis()
                        + " ms again and again for " + maxWait.toSeconds() + " s); it is loaded once it settles");
            }
            // a modification time in the future (another host's clock) counts from now
            Duration rest = age.isNegative() ? settle : settle.minus(age);
            try {
                Thread.sleep(Math.max(1, rest.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + file + " to settle");
            }
            Sample now = Sample.of(file);
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
    }

    /**
     * Whether the first {@code size} bytes of a text list end complete: with a newline, or (a JSON list) with a
     * closing bracket or brace followed by nothing but white space. An empty file is complete.
     */
    private static boolean endsComplete(Path file, long size) throws IOException {
        if (size == 0) {
            return true;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            int n = (int) Math.min(size, 4096);
            ByteBuffer tail = ByteBuffer.allocate(n);
            while (tail.hasRemaining() && ch.read(tail, size - n + tail.position()) > 0) {
                // reads the tail
            }
            byte[] b = tail.array();
            int end = tail.position();
            if (end == 0) {
                return false;
            }
            if (b[end - 1] == '\n') {
                return true;
            }
            for (int i = end - 1; i >= 0; i--) {
                byte c = b[i];
                if (c == '}' || c == ']') {
                    return true;
                }
                if (c != ' ' && c != '\t' && c != '\r') {
                    return false;
                }
            }
            return false;
        }
    }

    private static IOException changed(Path source) {
        return new IOException(source + " changed while it was being copied; it is loaded once it settles");
    }
}
