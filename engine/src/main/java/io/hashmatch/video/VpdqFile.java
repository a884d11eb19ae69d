package io.hashmatch.video;

import io.hashmatch.hash.PdqHash;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The reference's vPDQ text format, read and written exactly as {@code vpdq-hash-video} does: one line per
 * hashed frame, {@code '\n'}-terminated, no header:
 *
 * <pre>frameIndex,quality,hash,timestamp</pre>
 *
 * <p>{@code frameIndex} and {@code quality} are decimal integers; {@code hash} is 64 lower-case hex digits
 * (16-bit words 15..0, each {@code %04hx}, the usual PDQ hex); {@code timestamp} is the float32 timestamp
 * printed as C's {@code %.3f} would (its exact binary value rounded half-even to 3 decimals). Reading also
 * accepts upper-case hex and {@code \r\n} line ends; anything else is a {@link VpdqFormatException}.
 *
 * <p>Stateless; thread-safe.
 */
public final class VpdqFile {
    /**
     * The extension of the vPDQ files hashmatch writes ({@code video hash --output-dir}, a scan's {@code vpdq/},
     * {@code list export --vpdq-dir}). Reading takes any name: the reference writes {@code .txt}.
     */
    public static final String EXTENSION = ".vpdq";

    private static final Pattern LINE =
            Pattern.compile("(\\d{1,10}),(\\d{1,3}),([0-9a-fA-F]{64}),(\\d{1,12}\\.\\d{1,9})");

    private VpdqFile() {}

    /** One line, without its {@code '\n'}. */
    public static String line(VpdqFrame frame) {
        return frame.frameIndex() + "," + frame.quality() + "," + frame.hash().toHex() + ","
                + timestamp(frame.timestampSeconds());
    }

    /** The whole file: every frame's {@link #line} followed by {@code '\n'}. */
    public static String format(List<VpdqFrame> frames) {
        StringBuilder out = new StringBuilder(frames.size() * 90);
        for (VpdqFrame frame : frames) {
            out.append(line(frame)).append('\n');
        }
        return out.toString();
    }

    /** A timestamp as C's {@code printf("%.3f", (double) t)} prints it. */
    static String timestamp(float seconds) {
        return new BigDecimal((double) seconds)
                .setScale(3, RoundingMode.HALF_EVEN)
                .toPlainString();
    }

    /** Whether a line has the shape of a vPDQ line (for format auto-detection). */
    public static boolean looksLikeVpdq(String line) {
        return LINE.matcher(stripCr(line)).matches();
    }

    /**
     * Reads a whole file. An empty input is an empty list (the reference writes nothing for a video with no
     * sampled frame). Blank lines are errors except a missing final newline, which is accepted.
     *
     * @param source a name for error messages (e.g. the file name)
     * @throws VpdqFormatException on the first malformed line
     * @throws IOException if reading fails
     */
    public static List<VpdqFrame> read(Reader in, String source) throws IOException, VpdqFormatException {
        BufferedReader reader = in instanceof BufferedReader b ? b : new BufferedReader(in);
        List<VpdqFrame> frames = new ArrayList<>();
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            frames.add(parse(stripCr(line), source, lineNumber));
        }
        return frames;
    }

    /**
     * Parses one line.
     *
     * @throws VpdqFormatException if the line is not {@code frameIndex,quality,hash,timestamp} with values in
     *     range
     */
    public static VpdqFrame parse(String line, String source, int lineNumber) throws VpdqFormatException {
        var m = LINE.matcher(line);
        if (!m.matches()) {
            throw new VpdqFormatException(
                    source,
                    lineNumber,
                    "expected frameIndex,quality,hash(64 hex),timestamp(decimal), got \"" + abbreviate(line) + "\"");
        }
        long index = Long.parseLong(m.group(1));
        int quality = Integer.parseInt(m.group(2));
        if (index > Integer.MAX_VALUE) {
            throw new VpdqFormatException(source, lineNumber, "frame index out of range: " + index);
        }
        if (quality > 100) {
            throw new VpdqFormatException(source, lineNumber, "quality must be 0..100: " + quality);
        }
        float timestamp = Float.parseFloat(m.group(4));
        if (Float.isInfinite(timestamp)) {
            throw new VpdqFormatException(source, lineNumber, "timestamp out of range: " + m.group(4));
        }
        return new VpdqFrame((int) index, quality, PdqHash.fromHex(m.group(3)), timestamp);
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
