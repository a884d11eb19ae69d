package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Plain hex list: one hash per line, surrounding white space ignored, blank lines and lines starting with
 * {@code #} skipped. The first other line may be a one-word header naming the kind of every line
 * ({@code MD5}, {@code SHA1}/{@code SHA-1}, {@code SHA256}/{@code SHA-256}, {@code PDQ}, any case), as lists
 * exported from spreadsheets and forensic suites have. With {@link ReadOptions#hashKind()} (or the header) every
 * line must be that kind (a header that contradicts the option is an error); without either, 32 digits are MD5 and
 * 40 SHA-1, and 64 digits are refused (SHA-256 or PDQ: the caller must say).
 */
final class HexListParser implements EntryParser {
    private final TextInput in;
    private final ParseContext ctx;
    private @Nullable HashKind kind;
    private boolean first = true;

    HexListParser(TextInput in, ParseContext ctx) {
        this.in = in;
        this.ctx = ctx;
        this.kind = ctx.options.hashKind();
    }

    @Override
    public @Nullable ListEntry next() throws IOException, ListFormatException {
        String raw;
        while ((raw = in.readLine()) != null) {
            int start = EntryParser.leadingSpace(raw);
            String value = raw.strip();
            if (value.isEmpty() || value.startsWith("#")) {
                continue;
            }
            int line = in.lineStart();
            int column = start + 1;
            if (first) {
                first = false;
                HashKind stated = headerKind(value);
                if (stated != null) {
                    if (kind != null && kind != stated) {
                        throw ctx.error(
                                line,
                                column,
                                "the header says " + stated.label() + " but the list was imported as " + kind.label());
                    }
                    kind = stated;
                    continue;
                }
            }
            HashKind k = kind != null ? kind : kindOf(value, line, column);
            String hash = EntryParser.canonicalHash(ctx, k, value, line, column);
            return new ListEntry(Map.of(k, hash), null, null, List.of(), ctx.sourceList(null), null, line);
        }
        return null;
    }

    /** The kind a one-word header line names ({@code MD5}, {@code SHA-1}...), or null when it is not one. */
    static @Nullable HashKind headerKind(String line) {
        return switch (line.strip().toUpperCase(java.util.Locale.ROOT)) {
            case "MD5" -> HashKind.MD5;
            case "SHA1", "SHA-1" -> HashKind.SHA1;
            case "SHA256", "SHA-256" -> HashKind.SHA256;
            case "PDQ" -> HashKind.PDQ;
            default -> null;
        };
    }

    private HashKind kindOf(String value, int line, int column) throws ListFormatException {
        int bad = HashKind.firstNonHex(value);
        if (bad >= 0) {
            throw ctx.error(line, column + bad, "not a hex digit: " + HashKind.describe(value.charAt(bad)));
        }
        return switch (value.length()) {
            case 32 -> HashKind.MD5;
            case 40 -> HashKind.SHA1;
            case 64 ->
                throw ctx.error(
                        line,
                        column,
                        "64 hex digits is SHA-256 or PDQ: state the kind of the list (hash kind option)",
                        ListFormatException.Remedy.STATE_PDQ_OR_SHA256);
            default ->
                throw ctx.error(
                        line,
                        column,
                        "wrong length: " + value.length()
                                + " hex digits (32 for MD5, 40 for SHA-1, 64 for SHA-256 or PDQ)");
        };
    }
}
