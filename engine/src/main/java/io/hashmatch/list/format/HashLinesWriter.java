package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The lists of one hash per line (see {@link ListWriter}), {@code \n} line ends:
 *
 * <ul>
 *   <li>{@link ListFormat#HEX}: a one-word header naming the kind ({@code MD5}, {@code SHA1}, {@code SHA256},
 *       {@code PDQ}), then the entries' hashes of that kind, lowercase, one a line;
 *   <li>{@link ListFormat#CHECKSUMS}: what {@code md5sum}, {@code sha1sum} and {@code sha256sum} print,
 *       {@code <hex>  <name>}, one line per MD5, SHA-1 and SHA-256 hash of an entry (or of the chosen kind only, which
 *       {@code md5sum -c} and its siblings accept), the name being the external id or {@code -} (the tools' name for
 *       standard input) when there is none; a name holding a backslash or a line break is escaped as GNU's tools
 *       escape it (a leading {@code \}, then {@code \\}, {@code \n}, {@code \r}).
 * </ul>
 *
 * Categories, tags, dates and the other kinds are not written: these files have no place for them.
 */
final class HashLinesWriter implements ListWriter {
    /** The name of a line without one: what the checksum tools print for standard input. */
    static final String NO_NAME = "-";

    private static final List<HashKind> CHECKSUM_KINDS = List.of(HashKind.MD5, HashKind.SHA1, HashKind.SHA256);

    private final Writer out;
    private final List<HashKind> kinds;
    private final boolean names;
    private boolean closed;

    private HashLinesWriter(OutputStream stream, List<HashKind> kinds, boolean names) {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        this.kinds = kinds;
        this.names = names;
    }

    /** A hex list of {@code kind}, its header written. */
    static HashLinesWriter hex(OutputStream stream, @Nullable HashKind kind) throws IOException {
        if (kind == null || kind == HashKind.PHOTODNA) {
            throw new IllegalArgumentException(
                    "a hex list holds one kind of hex hash, named in its header: choose MD5, SHA-1, SHA-256 or PDQ");
        }
        HashLinesWriter w = new HashLinesWriter(stream, List.of(kind), false);
        w.out.write(kind.name() + "\n"); // MD5, SHA1, SHA256, PDQ: the words HexListParser.headerKind reads
        return w;
    }

    /** Checksum-tool lines of {@code kind}, or of MD5, SHA-1 and SHA-256 when null. */
    static HashLinesWriter checksums(OutputStream stream, @Nullable HashKind kind) {
        if (kind != null && !CHECKSUM_KINDS.contains(kind)) {
            throw new IllegalArgumentException("checksum tools print MD5, SHA-1 and SHA-256 only, not " + kind.label());
        }
        return new HashLinesWriter(stream, kind == null ? CHECKSUM_KINDS : List.of(kind), true);
    }

    @Override
    public boolean write(ListEntry e) throws IOException {
        if (closed) {
            throw new IllegalStateException("writer is closed");
        }
        boolean any = false;
        for (HashKind kind : kinds) {
            String hash = e.hash(kind);
            if (hash == null) {
                continue;
            }
            any = true;
            if (names) {
                String name = e.externalId() == null ? NO_NAME : e.externalId();
                boolean escape = name.indexOf('\\') >= 0 || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0;
                if (escape) {
                    out.write('\\');
                    name = name.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
                }
                out.write(hash);
                out.write("  ");
                out.write(name);
            } else {
                out.write(hash);
            }
            out.write('\n');
        }
        return any;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        out.close();
    }
}
