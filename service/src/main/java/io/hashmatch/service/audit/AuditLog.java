package io.hashmatch.service.audit;

import io.hashmatch.service.http.MatchSummary;
import io.hashmatch.service.json.JsonOutput;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The audit log file: appends one chained line per request ({@link AuditChain}) and continues the chain of an existing
 * file across restarts.
 *
 * <p>At start (the bean is created with the service's context, so a damaged log stops the start) only the first line
 * (a log of another format version, see {@link AuditChain}, is refused) and the last line are read: it must be complete and end with a {@code prev}; its hash is the next line's {@code prev}. A torn last line
 * (a crash while writing) is refused with an {@link AuditLogException} rather than chained over. The whole chain is
 * checked by {@code hashmatch audit verify}, not at each start (the file may be large).
 *
 * <p>Requests do not write: {@link #append} formats the line and queues it, and one writer thread chains the queued
 * lines in queue order and writes them in batches, one {@code write} per batch, to a file opened in append mode. That
 * keeps the chain's lock, its SHA-256 and the system call off the HTTP event loops (under load they were a fifth of the
 * service's CPU, most of it two event loops waiting for each other). A line reaches the file within about a
 * millisecond of its request's answer; {@link #flush} waits for it. Lines are not forced to disk: after a power loss
 * or a killed process the last lines may be missing, never reordered or altered. The queue is bounded: when the writer
 * falls behind, {@link #append} waits rather than drop a line. If a write fails, the log is broken for good: every
 * later {@link #append} throws, so requests are refused rather than served unaudited.
 *
 * <p>Thread-safe.
 */
@Context
@Requires(notEnv = Environment.CLI)
public final class AuditLog implements AutoCloseable {
    private static final int TAIL_CHUNK = 4096;
    /** How long the writer lets lines gather after a batch, so a busy service makes about a thousand writes a second. */
    private static final long BATCH_WINDOW_NANOS = 1_000_000;
    /** Queued lines beyond which {@link #append} waits for the writer. */
    private static final int MAX_QUEUED = 1 << 16;

    private static final int MAX_BATCH_LINES = 4096;

    private final Path file;
    private final FileChannel channel;
    /** Lines without their {@code prev} value and closing: <code>{...,"prev":"</code>. */
    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();

    private final AtomicLong queued = new AtomicLong();
    private volatile long written;
    private volatile boolean writerParked;
    private volatile boolean closing;
    private volatile @Nullable AuditLogException failure;
    private final Thread writer;
    /** Written by the writer thread only (and by {@link #close} after it has stopped). */
    private String head;

    @Inject
    AuditLog(AuditConfiguration config) {
        this(Path.of(config.file()));
    }

    /**
     * Opens {@code file} for appending, creating it (and its folder) if missing, and starts the writer thread.
     *
     * @throws AuditLogException if its last line is incomplete or not an audit line, or it cannot be opened
     */
    public AuditLog(Path file) {
        this.file = file;
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            this.head = readHead(file);
            this.channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new AuditLogException(file, "cannot open it: " + e.getMessage(), e);
        }
        this.writer =
                Thread.ofPlatform().name("hashmatch-audit-writer").daemon().unstarted(this::writeUntilClosed);
        writer.start();
    }

    /**
     * The hash the next line will carry as {@code prev}.
     *
     * @throws io.hashmatch.list.FileFormatException if the log is of another format version (its first line)
     */
    static String readHead(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return AuditChain.genesisHash();
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] first = new AuditChain.LineReader(in).next();
            String prev = first == null ? null : AuditChain.prevOf(new String(first, StandardCharsets.UTF_8));
            if (prev != null) {
                AuditChain.checkVersion(file, prev); // never append version-1 lines to a newer log
            }
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long size = f.length();
            f.seek(size - 1);
            if (f.read() != '\n') {
                throw new AuditLogException(file, "the last line is incomplete (the service stopped while writing it)");
            }
            long start = size - 1;
            byte[] tail = new byte[0];
            while (start > 0) {
                int n = (int) Math.min(TAIL_CHUNK, start);
                byte[] chunk = new byte[n];
                f.seek(start - n);
                f.readFully(chunk);
                byte[] joined = new byte[n + tail.length];
                System.arraycopy(chunk, 0, joined, 0, n);
                System.arraycopy(tail, 0, joined, n, tail.length);
                tail = joined;
                start -= n;
                int nl = lastNewline(chunk);
                if (nl >= 0) {
                    int from = nl + 1;
                    tail = java.util.Arrays.copyOfRange(tail, from, tail.length);
                    break;
                }
            }
            // tail is the last line without its '\n'
            String last = new String(tail, StandardCharsets.UTF_8);
            if (AuditChain.prevOf(last) == null) {
                throw new AuditLogException(file, "the last line is not an audit line (it does not end with \"prev\")");
            }
            return AuditChain.hash(tail, 0, tail.length);
        }
    }

    private static int lastNewline(byte[] b) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Queues the line of one request; the writer thread chains and writes it shortly after (see the class comment).
     *
     * @param time when the request was answered
     * @param keyId the caller's key id, or null (no valid key, or an open route)
     * @param route {@code METHOD /template} of the route ({@code METHOD (no route)} for a request that matched none)
     * @param status the HTTP status answered
     * @param summary what a match or hash request did (counts and list versions only), or null
     * @throws AuditLogException if an earlier write failed, or the log is closed
     */
    public void append(Instant time, @Nullable String keyId, String route, int status, @Nullable MatchSummary summary) {
        checkUsable();
        // the object without its closing brace, then the start of "prev", whose value the writer thread appends
        String fields = JsonOutput.write(256, g -> {
            g.writeStartObject();
            g.writeStringField("time", time.toString());
            if (keyId == null) {
                g.writeNullField("key");
            } else {
                g.writeStringField("key", keyId);
            }
            g.writeStringField("route", route);
            g.writeNumberField("status", status);
            if (summary != null) {
                g.writeNumberField("queries", summary.queries());
                g.writeNumberField("hits", summary.hits());
                g.writeNumberField("matched", summary.matched());
                g.writeArrayFieldStart("lists");
                for (String list : summary.lists()) {
                    g.writeString(list);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
        String line = fields.substring(0, fields.length() - 1) + ",\"prev\":\"";
        queue.offer(line);
        long n = queued.incrementAndGet();
        if (writerParked) {
            LockSupport.unpark(writer);
        }
        while (n - written > MAX_QUEUED && failure == null && writer.isAlive()) {
            LockSupport.unpark(writer);
            LockSupport.parkNanos(100_000);
        }
    }

    /**
     * Waits until every line queued before this call is in the file (not forced to disk).
     *
     * @throws AuditLogException if a write failed
     */
    public void flush() {
        long target = queued.get();
        while (written < target) {
            AuditLogException failed = failure;
            if (failed != null) {
                throw failed;
            }
            if (!writer.isAlive()) {
                throw new AuditLogException(file, "closed", null);
            }
            LockSupport.unpark(writer);
            LockSupport.parkNanos(200_000);
        }
    }

    private void checkUsable() {
        AuditLogException failed = failure;
        if (failed != null) {
            throw new AuditLogException(file, "an earlier write failed: " + failed.getMessage(), failed);
        }
        if (closing) {
            throw new AuditLogException(file, "closed", null);
        }
    }

    private void writeUntilClosed() {
        Batch batch = new Batch();
        while (true) {
            boolean stopping = closing; // read before draining: whatever was queued before close() is written
            if (queue.isEmpty()) {
                if (stopping) {
                    return;
                }
                writerParked = true;
                if (queue.isEmpty() && !closing) {
                    LockSupport.park(this);
                }
                writerParked = false;
                continue;
            }
            try {
                writeBatch(batch);
            } catch (AuditLogException e) {
                failure = e;
                return;
            }
            LockSupport.parkNanos(this, BATCH_WINDOW_NANOS);
        }
    }

    /** Chains and writes what is queued, up to {@link #MAX_BATCH_LINES} lines, with one write. */
    @SuppressWarnings("NonAtomicVolatileUpdate") // only the writer thread updates written
    private void writeBatch(Batch batch) {
        batch.reset();
        int lines = 0;
        String line;
        while (lines < MAX_BATCH_LINES && (line = queue.poll()) != null) {
            byte[] bytes = (line + head + "\"}").getBytes(StandardCharsets.UTF_8);
            head = AuditChain.hash(bytes, 0, bytes.length);
            batch.add(bytes);
            lines++;
        }
        try {
            ByteBuffer buf = batch.buffer();
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            throw new AuditLogException(file, "cannot write: " + e.getMessage(), e);
        }
        written += lines; // single writer: no lost update
    }

    /** The bytes of one batch of lines, each followed by a newline; reused across batches. */
    private static final class Batch {
        private byte[] bytes = new byte[1 << 16];
        private int length;

        void reset() {
            length = 0;
        }

        void add(byte[] line) {
            if (length + line.length + 1 > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + line.length + 1));
            }
            System.arraycopy(line, 0, bytes, length, line.length);
            length += line.length;
            bytes[length++] = '\n';
        }

        ByteBuffer buffer() {
            return ByteBuffer.wrap(bytes, 0, length);
        }
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** Writes what is queued, stops the writer and closes the file. */
    @Override
    @PreDestroy
    public void close() throws IOException {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        LockSupport.unpark(writer);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // an append that passed its check just before close() may have queued a line after the writer stopped
        Batch batch = new Batch();
        while (failure == null && !queue.isEmpty()) {
            writeBatch(batch);
        }
        channel.close();
    }
}
