package io.hashmatch.service.audit;

import io.hashmatch.list.FileFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The hash chain of the audit log. Each line is a JSON object, UTF-8, ending with {@code \n}, whose last member is
 * {@code "prev":"<64 hex digits>"}: the SHA-256 of the previous line's bytes (without its {@code \n}), or for the
 * first line of a log the SHA-256 of {@link #GENESIS}. Removing, editing or reordering a line changes what the next
 * line should carry, so {@link #verify} finds the first line whose {@code prev} does not match.
 *
 * <p><b>Files.</b> A log may be rotated into several files ({@link AuditLog}). The first line of every file after the
 * first is a {@code continued} line whose {@code prev} is the hash of the previous file's last line, so the chain runs
 * across the files; {@link #verify(List)} checks a set of files in order. A set may start with such a file (older
 * files deleted by a retention policy): its first line is then taken as the start, and {@link Verification#startsAfter}
 * names the file it continues.
 *
 * <p><b>Versions.</b> The genesis string carries the log's format version: {@code "hashmatch audit log v<N>"}.
 * Version 1 has request lines only, in one file. Version 2 ({@value #VERSION}, written now) adds lines whose first
 * member is {@code "event"}: {@code continued} (first line of a rotated-to file, with {@code "format":2} as its second
 * member), {@code recovered} (a torn last line moved to a quarantine file) and {@code refused} (refused requests of one
 * client address counted over an interval). {@link #verify} reads both; a first line that starts the chain of another
 * version (its genesis, or a {@code continued} line of another format) is refused with a {@link FileFormatException}
 * (TOO_NEW above {@value #VERSION}, TOO_OLD below {@value #VERSION_START}) naming the file and line 1; a first line
 * that chains from no genesis at all is a broken chain (lines removed or edited), as any other damage.
 *
 * <p>What a chain cannot show on its own: the last lines cut off, or the last line edited (no line follows it). Keep
 * the {@linkplain Verification#head() head hash} printed by {@code hashmatch audit verify} elsewhere (a ticket, a
 * second machine) to detect those too.
 *
 * <p>Stateless; thread-safe.
 */
public final class AuditChain {
    /** The format version this build writes. */
    public static final int VERSION = 2;

    /** The oldest format version this build reads. */
    public static final int VERSION_START = 1;

    /** What the first line's {@code prev} is the hash of: {@link #genesis} of {@link #VERSION}. */
    public static final String GENESIS = "hashmatch audit log v2";

    /** How a {@code continued} line starts; the format version follows. */
    static final String CONTINUED_PREFIX = "{\"event\":\"continued\",\"format\":";

    /** How a {@code recovered} line starts. */
    static final String RECOVERED_PREFIX = "{\"event\":\"recovered\",";

    /** Versions whose genesis {@link #verify} recognises, to tell a newer log from a damaged one. */
    private static final int RECOGNISED_VERSIONS = 100;

    /** One digest per thread (the writer hashes every line), not a provider lookup per line. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(AuditChain::newSha256);

    /** The genesis hash of each version in {@code [0, RECOGNISED_VERSIONS)}, by hash. */
    private static final Map<String, Integer> GENESIS_VERSIONS = genesisVersions();

    private static final Pattern PREV = Pattern.compile(",\"prev\":\"([0-9a-f]{64})\"}\\z");
    private static final Pattern CONTINUED_FORMAT = Pattern.compile("\\A(\\d{1,9}),");
    private static final Pattern PREVIOUS = Pattern.compile(",\"previous\":\"([^\"\\\\]*)\",");
    /** The length of <code>,"prev":"<64 hex>"}</code>. */
    private static final int PREV_MEMBER_LENGTH = 75;

    private static final int READ_CHUNK = 1 << 16;

    private AuditChain() {}

    /** The SHA-256 of {@link #GENESIS}, 64 hex digits: the first line's {@code prev}. */
    public static String genesisHash() {
        return hashOf(GENESIS);
    }

    /** What the first line's {@code prev} of a version-{@code version} log is the SHA-256 of. */
    static String genesis(int version) {
        return "hashmatch audit log v" + version;
    }

    private static Map<String, Integer> genesisVersions() {
        Map<String, Integer> m = new HashMap<>();
        for (int v = 0; v < RECOGNISED_VERSIONS; v++) {
            m.put(hashOf(genesis(v)), v);
        }
        return Map.copyOf(m);
    }

    /**
     * How a file's first line starts a chain: the format version it declares (its genesis, or the {@code format} of a
     * {@code continued} line), and whether it continues another file.
     *
     * @param version the declared version, or -1 if the line declares none (a broken chain, or a continued line
     *     without a readable format)
     * @param continued whether the line is a {@code continued} line
     */
    record Start(int version, boolean continued) {}

    /**
     * How {@code firstLine} starts its file's chain; checks that it is of a version this build reads.
     *
     * @throws FileFormatException TOO_NEW or TOO_OLD when the line starts a chain of another version
     */
    static Start checkVersion(Path file, String firstLine, String prev) throws FileFormatException {
        Start start;
        if (firstLine.startsWith(CONTINUED_PREFIX)) {
            Matcher m = CONTINUED_FORMAT.matcher(firstLine.substring(CONTINUED_PREFIX.length()));
            start = new Start(m.find() ? Integer.parseInt(m.group(1)) : -1, true);
        } else {
            Integer version = GENESIS_VERSIONS.get(prev);
            start = new Start(version == null ? -1 : version, false);
        }
        boolean unread = start.version() < VERSION_START || start.version() > VERSION;
        if (start.version() >= 0 && unread) {
            throw FileFormatException.unsupportedVersion(
                    file, "audit log", "line 1", start.version(), VERSION_START, VERSION);
        }
        return start;
    }

    /** The SHA-256 of one line, 64 hex digits: what the next line carries as {@code prev}. */
    public static String hashOf(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return hash(b, 0, b.length);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static String hash(byte[] bytes, int from, int to) {
        MessageDigest d = SHA256.get();
        d.update(bytes, from, to - from);
        return HexFormat.of().formatHex(d.digest()); // digest() resets it for the next line
    }

    /** The {@code prev} a line carries, or null if it does not end with a well-formed one. */
    static @Nullable String prevOf(String line) {
        Matcher m = PREV.matcher(line);
        return m.find() ? m.group(1) : null;
    }

    /**
     * A line that {@code audit verify} shows besides its verdict: a {@code recovered} line.
     *
     * @param file the file
     * @param line its 1-based line number in the file
     * @param text the line without its {@code prev}
     */
    public record Event(Path file, long line, String text) {}

    /**
     * The result of checking a file or a set of files: {@code brokenLine} 0 when the chain is intact.
     *
     * @param lines complete lines read, in every file (up to and including the broken one)
     * @param brokenLine 1-based number, in {@code brokenFile}, of the first line that breaks the chain, or 0
     * @param reason what is wrong with it, or null
     * @param head the hash of the last intact line (the {@code prev} the next line must carry)
     * @param brokenFile the file of the broken line, or null
     * @param events the {@code recovered} lines met, in order
     * @param startsAfter when the first file continues another one that was not given: that file's name (as its
     *     {@code continued} line says), otherwise null
     */
    public record Verification(
            long lines,
            long brokenLine,
            @Nullable String reason,
            String head,
            @Nullable Path brokenFile,
            List<Event> events,
            @Nullable String startsAfter) {
        /** A verification without events, of a chain starting from its genesis. */
        public Verification(long lines, long brokenLine, @Nullable String reason, String head) {
            this(lines, brokenLine, reason, head, null, List.of(), null);
        }

        public Verification {
            events = List.copyOf(events);
        }

        /** Whether every line is chained to the one before and the last line is complete. */
        public boolean intact() {
            return brokenLine == 0;
        }
    }

    /**
     * Checks the chain of a whole file, reading it once, line by line.
     *
     * @throws FileFormatException (an {@link IOException}) TOO_NEW or TOO_OLD when the log is of another format version
     * @throws IOException if the file cannot be read
     */
    public static Verification verify(Path file) throws IOException {
        return verify(List.of(file));
    }

    /**
     * Checks the chain across {@code files}, in this order (the oldest first), reading each once.
     *
     * @throws FileFormatException (an {@link IOException}) TOO_NEW or TOO_OLD when a file is of another format version
     * @throws IOException if a file cannot be read
     */
    public static Verification verify(List<Path> files) throws IOException {
        String expected = genesisHash();
        long total = 0;
        List<Event> events = new ArrayList<>();
        String startsAfter = null;
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            long number = 0;
            try (InputStream in = Files.newInputStream(file)) {
                LineReader lines = new LineReader(in);
                byte[] line;
                while ((line = lines.next()) != null) {
                    number++;
                    total++;
                    String problem = null;
                    String text = new String(line, StandardCharsets.UTF_8);
                    String prev = prevOf(text);
                    if (!lines.lastEndedWithNewline()) {
                        problem = "the last line is incomplete (no line end): the service stopped while writing it";
                    } else if (prev == null) {
                        problem = "not an audit line: it does not end with \"prev\":\"<sha-256>\"}";
                    } else if (number == 1) {
                        Start start = checkVersion(file, text, prev);
                        if (start.continued() && f == 0) {
                            Matcher m = PREVIOUS.matcher(text);
                            startsAfter = m.find() ? m.group(1) : "?";
                            expected = prev;
                        } else if (f == 0 && start.version() > 0) {
                            expected = prev;
                        } else if (!prev.equals(expected)) {
                            problem = f == 0
                                    ? "the first line does not start the chain: lines before it were removed, or it"
                                            + " was edited"
                                    : "the first line does not continue "
                                            + files.get(f - 1).getFileName()
                                            + ": a file or lines between them are missing, or the files are out of"
                                            + " order";
                        }
                    } else if (!prev.equals(expected)) {
                        problem = "\"prev\" is not the hash of line " + (number - 1)
                                + ": a line before it was removed, edited or moved";
                    }
                    if (problem != null) {
                        return new Verification(total, number, problem, expected, file, events, startsAfter);
                    }
                    if (text.startsWith(RECOVERED_PREFIX)) {
                        events.add(
                                new Event(file, number, text.substring(0, text.length() - PREV_MEMBER_LENGTH) + "}"));
                    }
                    expected = hash(line, 0, line.length);
                }
            }
        }
        return new Verification(total, 0, null, expected, null, events, startsAfter);
    }

    /**
     * The files of the audit logs in {@code dir}, in chain order: the rotated files of one log ({@code
     * <stem>.<time>.jsonl}, by name, which is by time) and then its current file ({@code <stem>.jsonl}).
     *
     * @throws IllegalArgumentException if the folder holds no audit log, or the files of several
     * @throws IOException if the folder cannot be listed
     */
    public static List<Path> filesIn(Path dir) throws IOException {
        Map<String, List<Path>> byStem = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (!Files.isRegularFile(p) || !name.endsWith(AuditFiles.EXTENSION)) {
                    continue;
                }
                Matcher rotated = AuditFiles.ROTATED.matcher(name);
                String stem = rotated.matches()
                        ? rotated.group(1)
                        : name.substring(0, name.length() - AuditFiles.EXTENSION.length());
                byStem.computeIfAbsent(stem, k -> new ArrayList<>()).add(p);
            }
        }
        if (byStem.isEmpty()) {
            throw new IllegalArgumentException(dir + ": no audit log (*" + AuditFiles.EXTENSION + ") in this folder");
        }
        if (byStem.size() > 1) {
            throw new IllegalArgumentException(dir + ": the files of several audit logs ("
                    + String.join(", ", byStem.keySet()) + "): give the files of one, in order");
        }
        List<Path> files = byStem.values().iterator().next();
        // "<stem>.<digits>..." sorts before "<stem>.jsonl": the current file comes last
        files.sort(java.util.Comparator.comparing(p -> p.getFileName().toString()));
        return List.copyOf(files);
    }

    /** Splits a stream on {@code \n}; remembers whether the last line returned had one. */
    static final class LineReader {
        private final InputStream in;
        private final byte[] buffer = new byte[READ_CHUNK];
        private int pos;
        private int end;
        private boolean ended;
        private boolean lastHadNewline;

        LineReader(InputStream in) {
            this.in = in;
        }

        /** The next line without its {@code \n}, or null at the end. */
        byte @Nullable [] next() throws IOException {
            java.io.ByteArrayOutputStream line = null;
            while (true) {
                if (pos == end) {
                    if (ended) {
                        if (line == null) {
                            return null;
                        }
                        lastHadNewline = false;
                        return line.toByteArray();
                    }
                    end = in.read(buffer);
                    pos = 0;
                    if (end < 0) {
                        end = 0;
                        ended = true;
                    }
                    continue;
                }
                int nl = -1;
                for (int i = pos; i < end; i++) {
                    if (buffer[i] == '\n') {
                        nl = i;
                        break;
                    }
                }
                if (line == null) {
                    line = new java.io.ByteArrayOutputStream(256);
                }
                if (nl >= 0) {
                    line.write(buffer, pos, nl - pos);
                    pos = nl + 1;
                    lastHadNewline = true;
                    return line.toByteArray();
                }
                line.write(buffer, pos, end - pos);
                pos = end;
            }
        }

        boolean lastEndedWithNewline() {
            return lastHadNewline;
        }
    }
}
