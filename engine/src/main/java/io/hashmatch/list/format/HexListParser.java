package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Plain hex list: one hash per line, surrounding white space ignored, blank lines and lines starting with
 * {@code #} skipped. With {@link ReadOptions#hashKind()} every line must be that kind; without it 32 digits
 * are MD5 and 40 SHA-1, and 64 digits are refused (SHA-256 or PDQ: the caller must say).
 */
final class HexListParser implements EntryParser {
    private final TextInput in;
    private final ParseContext ctx;
    private final @Nullable HashKind kind;

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
            HashKind k = kind != null ? kind : kindOf(value, line, column);
            String hash = EntryParser.canonicalHash(ctx, k, value, line, column);
            return new ListEntry(Map.of(k, hash), null, null, List.of(), ctx.sourceList(null), null, line);
        }
        return null;
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
