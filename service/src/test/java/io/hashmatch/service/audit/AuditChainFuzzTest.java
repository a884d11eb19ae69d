package io.hashmatch.service.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Fuzzes the audit-log verifier ({@link AuditChain#verify}) against a plain re-statement of the chain rule.
 *
 * <p>Input: byte 0 is the mode, the rest the file. Mode bit 0 clear: the file is verified as it is. Mode bit 0
 * set: each line is first chained properly (its text, then {@code ,"prev":"<SHA-256 of the line before>"}}), so
 * the verifier meets long chains that are intact, and mode bit 1 then flips one byte (at the position byte 1
 * gives) to break it. Contract: {@code verify} says exactly what the reference says: the number of lines read, the
 * first broken line (0: intact) and the head hash; it throws for no content but a first line that declares a format
 * version it does not read (a {@code continued} line of another format), and then a {@link FileFormatException}.
 *
 * <p>Seeds and reproducers: {@code src/test/resources/io/hashmatch/service/audit/AuditChainFuzzTestInputs/verify/}.
 */
class AuditChainFuzzTest {
    /** The rule in the class comment of {@link AuditChain}: the line's last member, nothing after it. */
    private static final Pattern LINE = Pattern.compile("\\A.*,\"prev\":\"([0-9a-f]{64})\"}\\z", Pattern.DOTALL);

    /** A first line that continues another file, and the format version it declares. */
    private static final Pattern CONTINUED = Pattern.compile("\\A\\{\"event\":\"continued\",\"format\":(\\d{1,9}),");

    /** The first line's {@code prev} of a log that starts its chain: the genesis of version 1 or 2. */
    private static final List<String> GENESES =
            List.of(AuditChain.hashOf("hashmatch audit log v1"), AuditChain.hashOf("hashmatch audit log v2"));

    private static final Path WORK;

    static {
        try {
            WORK = Files.createTempDirectory("auditfuzz");
            WORK.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void verify(byte[] data) throws IOException {
        if (data.length == 0) {
            return;
        }
        int mode = data[0] & 0xff;
        byte[] file = Arrays.copyOfRange(data, 1, data.length);
        if ((mode & 1) != 0) {
            file = chain(file);
            if ((mode & 2) != 0 && file.length > 0 && data.length > 1) {
                file[(data[1] & 0xff) * 31 % file.length] ^= 0x20;
            }
        }
        Path path = WORK.resolve("audit.jsonl");
        Files.write(path, file);
        try {
            long[] expected = reference(file);
            if (expected[1] < 0) {
                org.junit.jupiter.api.Assertions.assertThrows(
                        io.hashmatch.list.FileFormatException.class, () -> AuditChain.verify(path));
                return;
            }
            AuditChain.Verification v = AuditChain.verify(path);
            assertThat(new long[] {v.lines(), v.brokenLine()})
                    .as("lines, broken line")
                    .containsExactly(expected[0], expected[1]);
            assertThat(v.intact()).isEqualTo(expected[1] == 0);
            assertThat(v.head()).isEqualTo(referenceHead(file, expected[1]));
            assertThat(v.reason() == null).isEqualTo(v.intact());
        } finally {
            Files.deleteIfExists(path);
        }
    }

    /** Each line of {@code text} followed by the member that chains it to the line before. */
    private static byte[] chain(byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String prev = AuditChain.genesisHash();
        for (byte[] body : lines(text)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            line.writeBytes(body);
            line.writeBytes((",\"prev\":\"" + prev + "\"}").getBytes(StandardCharsets.US_ASCII));
            byte[] b = line.toByteArray();
            prev = AuditChain.hash(b, 0, b.length);
            out.writeBytes(b);
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** {lines read, first broken line or 0 (-1: a format version not read)} by the rule, line by line. */
    private static long[] reference(byte[] file) {
        String expected = AuditChain.genesisHash();
        List<byte[]> lines = lines(file);
        boolean lastComplete = file.length == 0 || file[file.length - 1] == '\n';
        for (int i = 0; i < lines.size(); i++) {
            long number = i + 1;
            byte[] line = lines.get(i);
            if (i == lines.size() - 1 && !lastComplete) {
                return new long[] {number, number};
            }
            String text = new String(line, StandardCharsets.UTF_8);
            var m = LINE.matcher(text);
            if (!m.matches()) {
                return new long[] {number, number};
            }
            var continued = CONTINUED.matcher(text);
            if (i == 0 && continued.find()) {
                int format = Integer.parseInt(continued.group(1));
                if (format < 1 || format > 2) {
                    return new long[] {number, -1};
                }
            } else if (i == 0 ? !GENESES.contains(m.group(1)) : !m.group(1).equals(expected)) {
                return new long[] {number, number};
            }
            expected = AuditChain.hash(line, 0, line.length);
        }
        return new long[] {lines.size(), 0};
    }

    /** The hash of the last intact line before {@code broken} (or of every line when 0). */
    private static String referenceHead(byte[] file, long broken) {
        String head = AuditChain.genesisHash();
        List<byte[]> lines = lines(file);
        long intact = broken == 0 ? lines.size() : broken - 1;
        for (int i = 0; i < intact; i++) {
            head = AuditChain.hash(lines.get(i), 0, lines.get(i).length);
        }
        return head;
    }

    /** The lines of {@code b} split on '\n', without it; a last line without '\n' included. */
    private static List<byte[]> lines(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                out.add(Arrays.copyOfRange(b, start, i));
                start = i + 1;
            }
        }
        if (start < b.length) {
            out.add(Arrays.copyOfRange(b, start, b.length));
        }
        return out;
    }
}
