package io.hashmatch.service.audit;

import io.hashmatch.list.FileFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The hash chain of the audit log. Each line is a JSON object, UTF-8, ending with {@code \n}, whose last member is
 * {@code "prev":"<64 hex digits>"}: the SHA-256 of the previous line's bytes (without its {@code \n}), or for the
 * first line the SHA-256 of {@link #GENESIS}. Removing, editing or reordering a line changes what the next line
 * should carry, so {@link #verify} finds the first line whose {@code prev} does not match.
 *
 * <p><b>Version.</b> The genesis string carries the log's format version: {@code "hashmatch audit log v1"} for
 * version 1, the only version so far, so every log written until now is version 1 with no marker of its own and the
 * lines' form is unchanged. A later format starts its chain from {@code "hashmatch audit log v<N>"}. {@link #verify}
 * recognises the first line's {@code prev} as the genesis of another version and refuses the log with a
 * {@link FileFormatException} (TOO_NEW above {@value #VERSION}, TOO_OLD below), naming the file and line 1; a first
 * line that chains from no genesis at all is a broken chain (lines removed or edited), as any other damage.
 *
 * <p>What a chain cannot show on its own: the last lines cut off, or the last line edited (no line follows it). Keep
 * the {@linkplain Verification#head() head hash} printed by {@code hashmatch audit verify} elsewhere (a ticket, a
 * second machine) to detect those too.
 *
 * <p>Stateless; thread-safe.
 */
public final class AuditChain {
    /** The format version this build writes and reads. */
    public static final int VERSION = 1;

    /** What the first line's {@code prev} is the hash of: {@link #genesis} of {@link #VERSION}. */
    public static final String GENESIS = "hashmatch audit log v1";

    /** Versions whose genesis {@link #verify} recognises, to tell a newer log from a damaged one. */
    private static final int RECOGNISED_VERSIONS = 100;

    /** The genesis hash of each version in {@code [0, RECOGNISED_VERSIONS)}, by hash. */
    private static final Map<String, Integer> GENESIS_VERSIONS = genesisVersions();

    private static final Pattern PREV = Pattern.compile(",\"prev\":\"([0-9a-f]{64})\"}\\z");
    private static final int READ_CHUNK = 1 << 16;

    private AuditChain() {}

    /** The SHA-256 of {@link #GENESIS}, 64 hex digits: the first line's {@code prev}. */
    public static String genesisHash() {
        return hash(GENESIS.getBytes(StandardCharsets.UTF_8), 0, GENESIS.length());
    }

    /** What the first line's {@code prev} of a version-{@code version} log is the SHA-256 of. */
    static String genesis(int version) {
        return "hashmatch audit log v" + version;
    }

    private static Map<String, Integer> genesisVersions() {
        Map<String, Integer> m = new HashMap<>();
        for (int v = 0; v < RECOGNISED_VERSIONS; v++) {
            byte[] g = genesis(v).getBytes(StandardCharsets.UTF_8);
            m.put(hash(g, 0, g.length), v);
        }
        return Map.copyOf(m);
    }

    /**
     * Checks that a log's first line starts a chain of a version this build reads.
     *
     * @throws FileFormatException TOO_NEW or TOO_OLD when {@code prev} is the genesis hash of another version
     */
    static void checkVersion(Path file, String prev) throws FileFormatException {
        Integer version = GENESIS_VERSIONS.get(prev);
        if (version != null && version != VERSION) {
            throw FileFormatException.unsupportedVersion(file, "audit log", "line 1", version, VERSION, VERSION);
        }
    }

    /** The SHA-256 of one line, 64 hex digits: what the next line carries as {@code prev}. */
    public static String hashOf(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return hash(b, 0, b.length);
    }

    static String hash(byte[] bytes, int from, int to) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(bytes, from, to - from);
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The {@code prev} a line carries, or null if it does not end with a well-formed one. */
    static @Nullable String prevOf(String line) {
        Matcher m = PREV.matcher(line);
        return m.find() ? m.group(1) : null;
    }

    /**
     * The result of checking a file: {@code brokenLine} 0 when the chain is intact.
     *
     * @param lines complete lines read (up to and including the broken one)
     * @param brokenLine 1-based number of the first line that breaks the chain, or 0
     * @param reason what is wrong with it, or null
     * @param head the hash of the last intact line (the {@code prev} the next line must carry)
     */
    public record Verification(
            long lines, long brokenLine, @Nullable String reason, String head) {
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
        String expected = genesisHash();
        long number = 0;
        try (InputStream in = Files.newInputStream(file)) {
            LineReader lines = new LineReader(in);
            byte[] line;
            while ((line = lines.next()) != null) {
                number++;
                if (!lines.lastEndedWithNewline()) {
                    return new Verification(
                            number,
                            number,
                            "the last line is incomplete (no line end): the service stopped" + " while writing it",
                            expected);
                }
                String text = new String(line, StandardCharsets.UTF_8);
                String prev = prevOf(text);
                if (prev == null) {
                    return new Verification(
                            number,
                            number,
                            "not an audit line: it does not end with \"prev\":\"<sha-256>\"}",
                            expected);
                }
                if (number == 1) {
                    checkVersion(file, prev);
                }
                if (!prev.equals(expected)) {
                    return new Verification(
                            number,
                            number,
                            number == 1
                                    ? "the first line does not start the chain: lines before it were removed, or it was edited"
                                    : "\"prev\" is not the hash of line " + (number - 1)
                                            + ": a line before it was removed, edited or" + " moved",
                            expected);
                }
                expected = hash(line, 0, line.length);
            }
        }
        return new Verification(number, 0, null, expected);
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
