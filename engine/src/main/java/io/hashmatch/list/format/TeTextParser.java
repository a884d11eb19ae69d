package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * ThreatExchange/HMA signal file: {@code <signal_type> <signal>} per line, split at the first space (or
 * tab), or the bare signal when {@link ReadOptions#hashKind()} names its kind. Blank lines and {@code #}
 * comments are skipped. Signal types follow {@link SignalTypes}: non-file signals are skipped with a warning,
 * unknown types are errors.
 */
final class TeTextParser implements EntryParser {
    private final TextInput in;
    private final ParseContext ctx;

    TeTextParser(TextInput in, ParseContext ctx) {
        this.in = in;
        this.ctx = ctx;
    }

    @Override
    public @Nullable ListEntry next() throws IOException, ListFormatException {
        String raw;
        while ((raw = in.readLine()) != null) {
            int start = EntryParser.leadingSpace(raw);
            String text = raw.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int line = in.lineStart();
            int split = firstSpace(text);
            HashKind kind;
            String signal;
            int signalColumn;
            if (split < 0) {
                kind = ctx.options.hashKind();
                if (kind == null) {
                    throw ctx.error(
                            line,
                            start + 1,
                            "no signal type: expected '<signal_type> <signal>' (or state the kind of bare signals)");
                }
                signal = text;
                signalColumn = start + 1;
            } else {
                String type = text.substring(0, split);
                kind = SignalTypes.kind(type);
                if (kind == null) {
                    if (SignalTypes.isOtherSignal(type)) {
                        ctx.warn(line, "skipped signal type '" + type + "': not a file hash");
                        continue;
                    }
                    throw ctx.error(line, start + 1, "unknown signal type '" + type + "'");
                }
                int s = split;
                while (s < text.length() && (text.charAt(s) == ' ' || text.charAt(s) == '\t')) {
                    s++;
                }
                signal = text.substring(s);
                signalColumn = start + s + 1;
            }
            String hash = EntryParser.canonicalHash(ctx, kind, signal, line, signalColumn);
            return new ListEntry(Map.of(kind, hash), null, null, List.of(), ctx.sourceList(null), null, line);
        }
        return null;
    }

    private static int firstSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }
}
