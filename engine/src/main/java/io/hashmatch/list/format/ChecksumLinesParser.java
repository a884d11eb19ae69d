package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checksum-tool output as a list: GNU {@code md5sum}/{@code sha1sum}/{@code sha256sum} lines
 * ({@code <hex>  <name>} text mode, {@code <hex> *<name>} binary mode, a leading {@code \} when the name was escaped)
 * and the BSD tag form ({@code --tag}: {@code SHA256 (<name>) = <hex>}). Blank lines and {@code #} comments are
 * skipped. The kind follows from the tag, else from the length: 32 digits MD5, 40 SHA-1, 64 SHA-256 (what these
 * tools print; {@link ReadOptions#hashKind()} says otherwise, e.g. PDQ). The name becomes the entry's external id
 * (escapes {@code \\}, {@code \n} and {@code \r} undone; {@code -}, the tools' name for standard input, is no name).
 */
final class ChecksumLinesParser implements EntryParser {
    private static final Pattern GNU = Pattern.compile("(\\\\?)([0-9A-Fa-f]{32,64}) [ *](.+)", Pattern.DOTALL);
    private static final Pattern BSD = Pattern.compile("(MD5|SHA1|SHA256) \\((.*)\\) = ([0-9A-Fa-f]+)");

    private final TextInput in;
    private final ParseContext ctx;

    ChecksumLinesParser(TextInput in, ParseContext ctx) {
        this.in = in;
        this.ctx = ctx;
    }

    /** Whether {@code line} (stripped) has the shape of a checksum-tool line. */
    static boolean looksLikeChecksumLine(String line) {
        Matcher gnu = GNU.matcher(line);
        if (gnu.matches()) {
            int digits = gnu.group(2).length();
            return digits == 32 || digits == 40 || digits == 64;
        }
        return BSD.matcher(line).matches();
    }

    @Override
    public @Nullable ListEntry next() throws IOException, ListFormatException {
        String raw;
        while ((raw = in.readLine()) != null) {
            String text = raw.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int line = in.lineStart();
            int column = EntryParser.leadingSpace(raw) + 1;
            HashKind kind;
            String hex;
            String name;
            int hashColumn;
            // the name is kept as written up to the line's end (a name may end in a space)
            Matcher gnu = GNU.matcher(raw.stripLeading());
            Matcher bsd = BSD.matcher(text);
            if (gnu.matches()) {
                hex = gnu.group(2);
                hashColumn = column + gnu.start(2);
                name = gnu.group(1).isEmpty() ? gnu.group(3) : unescape(gnu.group(3));
                kind = ctx.options.hashKind() != null ? ctx.options.hashKind() : kindOf(hex.length(), line, hashColumn);
            } else if (bsd.matches()) {
                hex = bsd.group(3);
                hashColumn = column + bsd.start(3);
                name = bsd.group(2);
                kind = switch (bsd.group(1)) {
                    case "MD5" -> HashKind.MD5;
                    case "SHA1" -> HashKind.SHA1;
                    default -> HashKind.SHA256;
                };
            } else {
                throw ctx.error(
                        line,
                        column,
                        "not a checksum line: expected '<hex>  <name>', '<hex> *<name>' or 'SHA256 (<name>) = <hex>'");
            }
            String hash = EntryParser.canonicalHash(ctx, kind, hex, line, hashColumn);
            return new ListEntry(
                    Map.of(kind, hash),
                    name.isEmpty() || name.equals(HashLinesWriter.NO_NAME) ? null : name,
                    null,
                    List.of(),
                    ctx.sourceList(null),
                    null,
                    line);
        }
        return null;
    }

    private HashKind kindOf(int digits, int line, int column) throws ListFormatException {
        return switch (digits) {
            case 32 -> HashKind.MD5;
            case 40 -> HashKind.SHA1;
            case 64 -> HashKind.SHA256;
            default ->
                throw ctx.error(line, column, "wrong length: " + digits + " hex digits (32 MD5, 40 SHA-1, 64 SHA-256)");
        };
    }

    /** GNU's escaping of a name holding a backslash or a line break. */
    private static String unescape(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' && i + 1 < name.length()) {
                char next = name.charAt(++i);
                b.append(
                        switch (next) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            default -> next;
                        });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
