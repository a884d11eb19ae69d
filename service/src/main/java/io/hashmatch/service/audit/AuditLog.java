package io.hashmatch.service.audit;

import com.fasterxml.jackson.core.SerializableString;
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
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The audit log: appends one chained line per request ({@link AuditChain}), continues the chain of an existing log
 * across restarts, and rotates its file by size and by day with the chain carried into the next file.
 *
 * <p><b>Start.</b> The bean is created with the service's context, so a log that cannot be continued stops the start.
 * The log is locked first ({@code <file>.lock}, which records the holder's pid): a second process on the same log is
 * refused with a message naming the first, since two writers would fork the chain. A torn last line (a crash or a full
 * disk while writing it) is moved to a quarantine file {@code <stem>.<time>.torn}, the file is cut after its last
 * complete line, and a {@code recovered} line naming the quarantine file continues the chain. Then only the first line
 * (a log of another format version, see {@link AuditChain}, is refused; a version-1 log is rotated, so that version-2
 * lines continue it in a new file) and the last line are read: the last line must end with a {@code prev}; its hash is
 * the next line's {@code prev}. The whole chain is checked by {@code hashmatch audit verify}, not at each start.
 *
 * <p><b>Writing.</b> Requests do not write: {@link #append} formats the line and queues it, and one writer thread chains
 * the queued lines in queue order and writes them in batches, one {@code write} per batch, to a file opened in append
 * mode. That keeps the chain's lock, its SHA-256 and the system call off the HTTP event loops. A line reaches the file
 * within about a millisecond of its request's answer; {@link #flush} waits for it. Lines are not forced to disk: after
 * a power loss or a killed process the last lines may be missing, never reordered or altered. The queue is bounded:
 * when the writer falls behind, {@link #append} waits rather than drop a line.
 *
 * <p><b>Refused requests</b> (no key, a wrong key, rate-limited) are not written one by one: {@link #refused} counts
 * them per client address and key, and one {@code refused} line per address and key is written at the end of each
 * {@linkplain AuditConfiguration#refusedInterval() interval}, so a flood costs a bounded number of lines.
 *
 * <p><b>Failed writes.</b> If a write fails (disk full), the file is cut back to its last complete batch, the batch is
 * kept and retried every second, and {@link #unwritable} says why until a retry succeeds; meanwhile the service refuses
 * requests that would be served unaudited (see {@code AuditFilter}) and reports itself not ready, while its liveness
 * probes keep answering.
 *
 * <p>Thread-safe.
 */
@Context
@Requires(notEnv = Environment.CLI)
public final class AuditLog implements AutoCloseable {
    private static final int TAIL_CHUNK = 4096;
    /** How long the writer lets lines gather after a batch, so a busy service makes about a thousand writes a second. */
    private static final long BATCH_WINDOW_NANOS = 1_000_000;
    /** How long an idle writer sleeps before it looks at the refused-request counts again. */
    private static final long IDLE_NANOS = 100_000_000;
    /** How often a failed write is retried. */
    private static final long RETRY_NANOS = 1_000_000_000;
    /** Queued lines beyond which {@link #append} waits for the writer. */
    private static final int MAX_QUEUED = 1 << 16;

    private static final int MAX_BATCH_LINES = 4096;
    /** Client addresses (and keys) counted per interval; refusals of further ones are counted as client "other". */
    static final int MAX_REFUSED_CLIENTS = 10_000;

    static final String OTHER_CLIENTS = "other";

    // the names of a request's line, written as they are (JsonOutput.name)
    private static final SerializableString TIME = JsonOutput.name("time");
    private static final SerializableString KEY = JsonOutput.name("key");
    private static final SerializableString ROUTE = JsonOutput.name("route");
    private static final SerializableString STATUS = JsonOutput.name("status");
    private static final SerializableString QUERIES = JsonOutput.name("queries");
    private static final SerializableString HITS = JsonOutput.name("hits");
    private static final SerializableString MATCHED = JsonOutput.name("matched");
    private static final SerializableString LISTS = JsonOutput.name("lists");

    /** How a write reaches the file: {@link FileChannel#write}, or a failing one in tests. */
    interface Writes {
        int write(FileChannel channel, ByteBuffer buffer) throws IOException;
    }

    private final Path file;
    private final AuditConfiguration config;
    private final Clock clock;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** Lines without their {@code prev} value and closing: <code>{...,"prev":"</code>. */
    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();

    private final AtomicLong queued = new AtomicLong();
    private volatile long written;
    private volatile boolean writerParked;
    private volatile boolean closing;
    /** Why lines cannot be written now, or null. */
    private volatile @Nullable String problem;

    private volatile Writes writes = FileChannel::write;
    private final Thread writer;

    // Written by the writer thread only (and by the constructor before it starts, and by close() after it stopped).
    private FileChannel channel;
    private String head;
    private long fileSize;
    private LocalDate fileDay;
    private @Nullable Pending pending;
    private long retryAt;
    private Instant refusalsDue;

    /** Refused requests counted since the last {@code refused} lines, by client and key; guarded by itself. */
    private final Map<String, Refusals> refusals = new LinkedHashMap<>();

    @Inject
    AuditLog(AuditConfiguration config) {
        this(Path.of(config.file()), config, Clock.systemUTC());
    }

    /**
     * Opens {@code file} for appending (never rotated), creating it (and its folder) if missing, and starts the writer
     * thread.
     *
     * @throws AuditLogException if another process holds the log, its last complete line is not an audit line, or it
     *     cannot be opened
     */
    public AuditLog(Path file) {
        this(file, AuditConfiguration.of(file.toString()), Clock.systemUTC());
    }

    AuditLog(Path file, AuditConfiguration config, Clock clock) {
        this.file = file;
        this.config = config;
        this.clock = clock;
        Instant now = clock.instant();
        FileChannel lc = null;
        FileLock held = null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path lockFile = AuditFiles.lock(file);
            lc = FileChannel.open(
                    lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                held = lc.tryLock();
            } catch (OverlappingFileLockException e) {
                held = null; // held by this JVM
            }
            if (held == null) {
                String holder =
                        Files.readString(lockFile, StandardCharsets.UTF_8).strip();
                throw new AuditLogException(
                        file,
                        "in use by another hashmatch serve (" + (holder.isEmpty() ? "unknown process" : holder)
                                + ", lock " + lockFile + "); two processes appending to one log would fork its"
                                + " chain: stop the other one, or give each its own hashmatch.audit.file",
                        null);
            }
            lc.truncate(0);
            lc.write(
                    ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", since " + now + "\n")
                            .getBytes(StandardCharsets.UTF_8)),
                    0);

            List<String> startLines = new ArrayList<>();
            Torn torn = quarantineTornLine(file, now);
            Head existing = readHead(file);
            if (existing == null) {
                Path previous = AuditFiles.latestRotated(file);
                if (previous == null) {
                    this.head = AuditChain.genesisHash();
                } else { // the process stopped between rotating the file and writing the new one's first line
                    Head last = readHead(previous);
                    this.head = last == null ? AuditChain.genesisHash() : last.hash();
                    startLines.add(continuedLine(now, previous));
                }
            } else if (existing.version() >= AuditChain.VERSION_START && existing.version() < AuditChain.VERSION) {
                Path rotated = AuditFiles.rotated(file, now); // version-2 lines never join an older log's file
                Files.move(file, rotated, StandardCopyOption.ATOMIC_MOVE);
                this.head = existing.hash();
                startLines.add(continuedLine(now, rotated));
            } else {
                this.head = existing.hash();
            }
            if (torn != null) {
                startLines.add(recoveredLine(now, torn));
            }
            this.fileSize = Files.exists(file) ? Files.size(file) : 0;
            this.fileDay = fileSize == 0
                    ? day(now)
                    : day(Files.getLastModifiedTime(file).toInstant());
            this.channel = open(file);
            for (String line : startLines) {
                queue.offer(line);
                queued.incrementAndGet();
            }
        } catch (IOException | RuntimeException e) {
            try {
                if (lc != null) {
                    lc.close(); // releases the lock
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof AuditLogException a) {
                throw a;
            }
            throw new AuditLogException(file, "cannot open it: " + e.getMessage(), e);
        }
        this.lockChannel = lc;
        this.lock = held;
        this.refusalsDue = now.plus(config.refusedInterval());
        this.writer =
                Thread.ofPlatform().name("hashmatch-audit-writer").daemon().unstarted(this::writeUntilClosed);
        writer.start();
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private static LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    /** A torn last line moved to {@code quarantine}: {@code bytes} long. */
    private record Torn(Path quarantine, int bytes) {}

    /**
     * Moves the bytes after the last line end of {@code file} (a line the service stopped writing) to a new quarantine
     * file and cuts them off.
     *
     * @return what was moved, or null if the file ends with a line end (or is empty or missing)
     */
    private static @Nullable Torn quarantineTornLine(Path file, Instant now) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return null;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long size = f.length();
            f.seek(size - 1);
            if (f.read() == '\n') {
                return null;
            }
            long end = size - 1; // search [0, end) backwards for the last '\n'
            long cut = 0;
            byte[] chunk = new byte[TAIL_CHUNK];
            search:
            while (end > 0) {
                int n = (int) Math.min(TAIL_CHUNK, end);
                f.seek(end - n);
                f.readFully(chunk, 0, n);
                for (int i = n - 1; i >= 0; i--) {
                    if (chunk[i] == '\n') {
                        cut = end - n + i + 1;
                        break search;
                    }
                }
                end -= n;
            }
            long tornLength = size - cut;
            if (tornLength > Integer.MAX_VALUE - 16) {
                throw new AuditLogException(file, "its last line is incomplete and " + tornLength + " bytes long");
            }
            byte[] torn = new byte[(int) tornLength];
            f.seek(cut);
            f.readFully(torn);
            Path quarantine = AuditFiles.quarantine(file, now);
            Files.write(quarantine, torn, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            f.setLength(cut);
            f.getFD().sync();
            return new Torn(quarantine, torn.length);
        }
    }

    /** The hash of a file's last line and the format version its first line declares (-1: none). */
    private record Head(String hash, int version) {}

    /**
     * The hash the next line will carry as {@code prev}, or null if {@code file} is missing or empty.
     *
     * @throws io.hashmatch.list.FileFormatException if the log is of another format version (its first line)
     * @throws AuditLogException if its last line is incomplete or not an audit line
     */
    private static @Nullable Head readHead(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return null;
        }
        int version = -1;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] first = new AuditChain.LineReader(in).next();
            String line = first == null ? "" : new String(first, StandardCharsets.UTF_8);
            String prev = AuditChain.prevOf(line);
            if (prev != null) {
                version = AuditChain.checkVersion(file, line, prev).version();
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
                    tail = Arrays.copyOfRange(tail, nl + 1, tail.length);
                    break;
                }
            }
            // tail is the last line without its '\n'
            String last = new String(tail, StandardCharsets.UTF_8);
            if (AuditChain.prevOf(last) == null) {
                throw new AuditLogException(file, "the last line is not an audit line (it does not end with \"prev\")");
            }
            return new Head(AuditChain.hash(tail, 0, tail.length), version);
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

    /** The {@code continued} line that starts a file after {@code previous}, without its {@code prev} value. */
    private static String continuedLine(Instant time, Path previous) {
        return open(JsonOutput.write(160, g -> {
            g.writeStartObject();
            g.writeStringField("event", "continued");
            g.writeNumberField("format", AuditChain.VERSION);
            g.writeStringField("time", AuditTime.format(time));
            g.writeStringField("previous", previous.getFileName().toString());
            g.writeEndObject();
        }));
    }

    private static String recoveredLine(Instant time, Torn torn) {
        return open(JsonOutput.write(160, g -> {
            g.writeStartObject();
            g.writeStringField("event", "recovered");
            g.writeStringField("time", AuditTime.format(time));
            g.writeStringField("quarantine", torn.quarantine().getFileName().toString());
            g.writeNumberField("bytes", torn.bytes());
            g.writeEndObject();
        }));
    }

    /** {@code object} without its closing brace, then the start of "prev", whose value the writer thread appends. */
    private static String open(String object) {
        return object.substring(0, object.length() - 1) + ",\"prev\":\"";
    }

    /**
     * Queues the line of one request that acted on nothing named; see {@link #append(Instant, String, String, int,
     * String, MatchSummary)}.
     */
    public void append(Instant time, @Nullable String keyId, String route, int status, @Nullable MatchSummary summary) {
        append(time, keyId, route, status, null, summary);
    }

    /**
     * Queues the line of one request; the writer thread chains and writes it shortly after (see the class comment).
     *
     * @param time when the request was answered
     * @param keyId the caller's key id, or null (no valid key, or an open route)
     * @param route {@code METHOD /template} of the route ({@code METHOD (no route)} for a request that matched none)
     * @param status the HTTP status answered
     * @param subject what the request acted on ({@code list NCMEC entry 7}, {@code report 12}; written as
     *     {@code "subject"} after the status), or null
     * @param summary what a match or hash request did (counts and list versions only), or null
     * @throws AuditLogException if the log is closed, or lines cannot be written and too many wait
     */
    public void append(
            Instant time,
            @Nullable String keyId,
            String route,
            int status,
            @Nullable String subject,
            @Nullable MatchSummary summary) {
        checkUsable();
        String line = open(JsonOutput.write(256, g -> {
            g.writeStartObject();
            g.writeFieldName(TIME);
            g.writeString(AuditTime.format(time));
            g.writeFieldName(KEY);
            if (keyId == null) {
                g.writeNull();
            } else {
                g.writeString(keyId);
            }
            g.writeFieldName(ROUTE);
            g.writeString(route);
            g.writeFieldName(STATUS);
            g.writeNumber(status);
            if (subject != null) {
                g.writeStringField("subject", subject);
            }
            if (summary != null) {
                g.writeFieldName(QUERIES);
                g.writeNumber(summary.queries());
                g.writeFieldName(HITS);
                g.writeNumber(summary.hits());
                g.writeFieldName(MATCHED);
                g.writeNumber(summary.matched());
                g.writeFieldName(LISTS);
                g.writeStartArray();
                for (String list : summary.lists()) {
                    g.writeString(list);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }));
        enqueue(line);
    }

    private void enqueue(String line) {
        queue.offer(line);
        long n = queued.incrementAndGet();
        if (writerParked) {
            LockSupport.unpark(writer);
        }
        while (n - written > MAX_QUEUED && problem == null && writer.isAlive()) {
            LockSupport.unpark(writer);
            LockSupport.parkNanos(100_000);
        }
    }

    /**
     * Counts one refused request; the counts of each client address and key are written as one {@code refused} line
     * at the end of the interval (see the class comment). Never blocks, never fails.
     *
     * @param time when it was answered
     * @param client the client's address (as the rate limit of refused requests counts it)
     * @param keyId the key id if the request had a valid one (a rate-limited key), or null
     * @param status the HTTP status answered
     */
    public void refused(Instant time, String client, @Nullable String keyId, int status) {
        String id = client + '\u0000' + (keyId == null ? "" : keyId);
        synchronized (refusals) {
            Refusals r = refusals.get(id);
            if (r == null) {
                if (refusals.size() >= MAX_REFUSED_CLIENTS) {
                    id = OTHER_CLIENTS + '\u0000';
                    r = refusals.get(id);
                    if (r == null) {
                        r = new Refusals(OTHER_CLIENTS, null, time);
                        refusals.put(id, r);
                    }
                } else {
                    r = new Refusals(client, keyId, time);
                    refusals.put(id, r);
                }
            }
            r.count(time, status);
        }
    }

    /** The refused requests of one client and key in one interval. Guarded by {@link #refusals}. */
    private static final class Refusals {
        private final String client;
        private final @Nullable String keyId;
        private final Instant since;
        private Instant last;
        private long count;
        private final Map<Integer, Long> statuses = new TreeMap<>();

        Refusals(String client, @Nullable String keyId, Instant since) {
            this.client = client;
            this.keyId = keyId;
            this.since = since;
            this.last = since;
        }

        void count(Instant time, int status) {
            if (time.isAfter(last)) {
                last = time;
            }
            count++;
            statuses.merge(status, 1L, Long::sum);
        }

        String line() {
            return open(JsonOutput.write(200, g -> {
                g.writeStartObject();
                g.writeStringField("event", "refused");
                g.writeStringField("time", last.toString());
                g.writeStringField("since", since.toString());
                g.writeStringField("client", client);
                if (keyId == null) {
                    g.writeNullField("key");
                } else {
                    g.writeStringField("key", keyId);
                }
                g.writeNumberField("count", count);
                g.writeObjectFieldStart("statuses");
                for (Map.Entry<Integer, Long> e : statuses.entrySet()) {
                    g.writeNumberField(e.getKey().toString(), e.getValue());
                }
                g.writeEndObject();
                g.writeEndObject();
            }));
        }
    }

    /** Queues the {@code refused} lines of the interval if it is over (or {@code now} is forced). */
    private void queueRefusals(boolean force) {
        Instant now = clock.instant();
        if (!force && now.isBefore(refusalsDue)) {
            return;
        }
        refusalsDue = now.plus(config.refusedInterval());
        List<String> lines = new ArrayList<>();
        synchronized (refusals) {
            for (Refusals r : refusals.values()) {
                lines.add(r.line());
            }
            refusals.clear();
        }
        for (String line : lines) {
            queue.offer(line);
            queued.incrementAndGet();
        }
    }

    /**
     * Waits until every line queued before this call is in the file (not forced to disk).
     *
     * @throws AuditLogException if lines cannot be written now
     */
    public void flush() {
        long target = queued.get();
        while (written < target) {
            String failed = problem;
            if (failed != null) {
                throw new AuditLogException(file, failed, null);
            }
            if (!writer.isAlive()) {
                throw new AuditLogException(file, "closed", null);
            }
            LockSupport.unpark(writer);
            LockSupport.parkNanos(200_000);
        }
    }

    /** Why lines cannot be written now (a failed write, retried every second), or null if they can. */
    public @Nullable String unwritable() {
        return problem;
    }

    private void checkUsable() {
        if (closing) {
            throw new AuditLogException(file, "closed", null);
        }
        String failed = problem;
        if (failed != null && queued.get() - written > MAX_QUEUED) {
            throw new AuditLogException(file, failed, null);
        }
    }

    /** Makes every later write go through {@code w} (a failing one, to test a full disk). */
    void writeThrough(Writes w) {
        this.writes = w;
    }

    private void writeUntilClosed() {
        Batch batch = new Batch();
        while (true) {
            boolean stopping = closing; // read before draining: whatever was queued before close() is written
            Pending p = pending;
            if (p != null) {
                if (!stopping && System.nanoTime() - retryAt < 0) {
                    LockSupport.parkNanos(this, IDLE_NANOS);
                    continue;
                }
                if (!write(p) && stopping) {
                    return;
                }
                continue;
            }
            if (problem == null) {
                queueRefusals(stopping);
            }
            if (queue.isEmpty()) {
                if (stopping) {
                    return;
                }
                writerParked = true;
                if (queue.isEmpty() && !closing) {
                    LockSupport.parkNanos(this, IDLE_NANOS);
                }
                writerParked = false;
                continue;
            }
            Pending next;
            try {
                next = nextBatch(batch);
            } catch (IOException e) {
                fail(e);
                if (stopping) {
                    return;
                }
                continue;
            }
            pending = next;
            write(next);
            LockSupport.parkNanos(this, BATCH_WINDOW_NANOS);
        }
    }

    /** Bytes of complete lines to append to a file of {@code sizeBefore} bytes, and the head after them. */
    private record Pending(byte[] bytes, int lines, String headAfter, long sizeBefore, boolean retried) {
        Pending retry() {
            return new Pending(bytes, lines, headAfter, sizeBefore, true);
        }
    }

    /**
     * Chains what is queued, up to {@link #MAX_BATCH_LINES} lines, after rotating the file if it is due (the new
     * file's {@code continued} line first).
     */
    private Pending nextBatch(Batch batch) throws IOException {
        batch.reset();
        String h = head;
        Instant now = clock.instant();
        boolean bySize = config.rotateSize() > 0 && fileSize >= config.rotateSize();
        boolean byDay = config.rotateDaily() && !fileDay.equals(day(now));
        if (fileSize > 0 && (bySize || byDay)) {
            Path rotated = AuditFiles.rotated(file, now);
            channel.close();
            try {
                Files.move(file, rotated, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                channel = open(file);
            }
            fileSize = Files.size(file);
            fileDay = day(now);
            byte[] bytes = (continuedLine(now, rotated) + h + "\"}").getBytes(StandardCharsets.UTF_8);
            h = AuditChain.hash(bytes, 0, bytes.length);
            batch.add(bytes);
        }
        int lines = 0;
        String line;
        while (lines < MAX_BATCH_LINES && (line = queue.poll()) != null) {
            byte[] bytes = (line + h + "\"}").getBytes(StandardCharsets.UTF_8);
            h = AuditChain.hash(bytes, 0, bytes.length);
            batch.add(bytes);
            lines++;
        }
        return new Pending(batch.bytes(), lines, h, fileSize, false);
    }

    /** Writes {@code p}; on failure keeps it for a retry and says why. Returns whether it was written. */
    @SuppressWarnings("NonAtomicVolatileUpdate") // only the writer thread updates written
    private boolean write(Pending p) {
        try {
            if (p.retried()) {
                channel.truncate(p.sizeBefore()); // what a failed write left of the batch
            }
            ByteBuffer buf = ByteBuffer.wrap(p.bytes());
            while (buf.hasRemaining()) {
                writes.write(channel, buf);
            }
        } catch (IOException e) {
            try {
                channel.truncate(p.sizeBefore()); // no half line stays in the file, even if the process dies now
            } catch (IOException again) {
                e.addSuppressed(again); // cut again before the retry; a torn line is quarantined at the next start
            }
            pending = p.retry();
            fail(e);
            return false;
        }
        head = p.headAfter();
        fileSize = p.sizeBefore() + p.bytes().length;
        pending = null;
        problem = null;
        written += p.lines(); // single writer: no lost update
        return true;
    }

    private void fail(IOException e) {
        problem = "cannot write: " + e.getMessage();
        retryAt = System.nanoTime() + RETRY_NANOS;
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
                bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + line.length + 1));
            }
            System.arraycopy(line, 0, bytes, length, line.length);
            length += line.length;
            bytes[length++] = '\n';
        }

        byte[] bytes() {
            return Arrays.copyOf(bytes, length);
        }
    }

    /** The current file. */
    public Path file() {
        return file;
    }

    /** Writes what is queued and the refused-request counts, stops the writer, closes the file and releases the lock. */
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
        while (problem == null && !queue.isEmpty()) {
            Pending p = nextBatch(batch);
            if (!write(p)) {
                break;
            }
        }
        try {
            channel.close();
        } finally {
            lock.release();
            lockChannel.close();
        }
    }
}
