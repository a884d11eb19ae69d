package io.hashmatch.list.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * UTF-8 text read one character (or line) at a time, with the line and column of each character.
 *
 * <p>Lines end at {@code \n}, {@code \r\n} or {@code \r}. The caller has already dropped a byte-order mark at
 * the start of the file, so any U+FEFF met here is in the middle and is an error. Malformed UTF-8 is an error
 * too; the decoder reads ahead, so its line is the line being read when the decoder noticed. A line longer than
 * {@link #MAX_LINE} characters is refused, so memory stays bounded on binary input (CSV records: {@link CsvRecords}).
 */
final class TextInput {
    static final int MAX_LINE = 1 << 20;

    private final Reader in;
    private final char[] buffer;
    private int position;
    private int limit;
    private final ParseContext ctx;
    private int nextLine = 1;
    private int nextColumn = 1;
    private boolean afterCr;
    private boolean dropLf;
    private int line;
    private int column;
    private int lineStart;

    TextInput(InputStream bytes, ParseContext ctx) {
        this(bytes, ctx, 1 << 16);
    }

    /** With a decoded-character buffer of {@code bufferChars} (tests use tiny ones to hit every buffer end). */
    TextInput(InputStream bytes, ParseContext ctx, int bufferChars) {
        this.buffer = new char[bufferChars];
        this.in = utf8(bytes);
        this.ctx = ctx;
    }

    /** {@code bytes} decoded as UTF-8; malformed bytes make a read throw {@link CharacterCodingException}. */
    static Reader utf8(InputStream bytes) {
        return new InputStreamReader(
                bytes,
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    /** Line of the character last returned by {@link #read()}. */
    int line() {
        return line;
    }

    /** Column of the character last returned by {@link #read()}. */
    int column() {
        return column;
    }

    /**
     * The next character, or -1 at the end. Every character is returned, including the {@code \n} of a
     * {@code \r\n}, unless the caller asked for it to be dropped with {@link #dropLineFeed()}.
     */
    int read() throws IOException, ListFormatException {
        boolean drop = dropLf;
        dropLf = false;
        int c;
        try {
            c = rawRead();
            if (drop && c == '\n') {
                afterCr = false;
                c = rawRead();
            }
        } catch (CharacterCodingException e) {
            throw ctx.error(nextLine, 0, "not UTF-8 text (malformed bytes on or after this line)");
        }
        if (c < 0) {
            line = nextLine;
            column = nextColumn;
            afterCr = false;
            return -1;
        }
        if (c == '\n' && afterCr) {
            afterCr = false; // second half of \r\n: the \r already counted the line
            return c;
        }
        line = nextLine;
        column = nextColumn;
        afterCr = c == '\r';
        if (c == '\n' || c == '\r') {
            nextLine++;
            nextColumn = 1;
        } else {
            nextColumn++;
        }
        if (c == '\uFEFF') {
            throw ctx.error(line, column, "byte-order mark (U+FEFF) in the middle of the file");
        }
        return c;
    }

    /** The next char of the decoded text, or -1; a private buffer, so no lock per character. */
    private int rawRead() throws IOException {
        if (position == limit) {
            int n;
            do {
                n = in.read(buffer, 0, buffer.length);
            } while (n == 0);
            if (n < 0) {
                return -1;
            }
            position = 0;
            limit = n;
        }
        return buffer[position++];
    }

    /**
     * Appends to {@code sb} the characters that follow, as {@link #read()} would return them one by one, up to
     * {@code max} of them, stopping before a line break or a U+FEFF; only characters already decoded are taken,
     * so it may stop early (at a buffer end: the caller goes on with {@link #read()}). Afterwards {@link #line()}
     * and {@link #column()} are those of the last character appended. The fast path of {@link #readLine()}: one
     * bulk copy instead of a call and a line/column update per character.
     *
     * @return the number of characters appended
     */
    int readRun(StringBuilder sb, int max) {
        if (dropLf || max <= 0) {
            return 0;
        }
        int start = position;
        int end = Math.min(limit, start + max);
        char[] b = buffer;
        int i = start;
        while (i < end) {
            char c = b[i];
            if (c < PLAIN.length ? !PLAIN[c] : c == '\uFEFF') {
                break;
            }
            i++;
        }
        int n = i - start;
        if (n > 0) {
            sb.append(b, start, n);
            position = i;
            line = nextLine;
            column = nextColumn + n - 1;
            nextColumn += n;
            afterCr = false;
        }
        return n;
    }

    /** ASCII characters that {@link #readRun} passes on: all but line breaks. */
    private static final boolean[] PLAIN = new boolean[128];

    static {
        java.util.Arrays.fill(PLAIN, true);
        PLAIN['\n'] = false;
        PLAIN['\r'] = false;
    }

    /** Drops the next character if it is {@code \n}: called after a {@code \r} that ended a line or record. */
    void dropLineFeed() {
        dropLf = true;
    }

    /** The next line without its terminator, or null at the end; {@link #lineStart()} is its number. */
    @Nullable
    String readLine() throws IOException, ListFormatException {
        StringBuilder sb = new StringBuilder();
        int c = read();
        if (c < 0) {
            return null;
        }
        lineStart = line;
        while (c >= 0 && c != '\n' && c != '\r') {
            if (sb.length() == MAX_LINE) {
                throw ctx.error(lineStart, 0, "line longer than " + MAX_LINE + " characters");
            }
            sb.append((char) c);
            readRun(sb, MAX_LINE - sb.length());
            c = read();
        }
        if (c == '\r') {
            dropLineFeed();
        }
        return sb.toString();
    }

    /** Number of the line last returned by {@link #readLine()}. */
    int lineStart() {
        return lineStart;
    }
}
