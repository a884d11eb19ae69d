package io.hashmatch.list.format;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hashmatch.hash.HashKind;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@link ListFormat#HASH_JSONL} writer (see {@link ListWriter}): one {@code hashmatch hash} record per entry and
 * line, through Jackson's {@link JsonGenerator}: {@code path} (the external id, when there is one), {@code md5},
 * {@code sha1}, {@code sha256}, {@code pdq} and {@code quality} (when known), then {@code variants} when the entry
 * has any, each {@code kind}, {@code transform}, {@code rect} (when stated), {@code pdq}, {@code quality}.
 */
final class HashRecordWriter implements ListWriter {
    private final JsonGenerator g;
    private boolean closed;

    HashRecordWriter(OutputStream out) throws IOException {
        g = StrictJson.FACTORY.createGenerator(out);
        g.enable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setRootValueSeparator(null); // records are separated by the line break written after each
    }

    @Override
    public boolean write(ListEntry e) throws IOException {
        if (closed) {
            throw new IllegalStateException("writer is closed");
        }
        if (!e.hashes().keySet().stream().anyMatch(HashKind::matchable)) {
            return false; // a PhotoDNA-only entry: the records have no field for it
        }
        g.writeStartObject();
        if (e.externalId() != null) {
            g.writeStringField("path", e.externalId());
        }
        for (HashKind kind : new HashKind[] {HashKind.MD5, HashKind.SHA1, HashKind.SHA256, HashKind.PDQ}) {
            String hash = e.hash(kind);
            if (hash != null) {
                g.writeStringField(kind.name().toLowerCase(java.util.Locale.ROOT), hash);
            }
        }
        if (e.pdqQuality() != ListEntry.QUALITY_UNKNOWN) {
            g.writeNumberField("quality", e.pdqQuality());
        }
        if (!e.variants().isEmpty()) {
            g.writeArrayFieldStart("variants");
            for (ListEntry.VariantHash v : e.variants()) {
                g.writeStartObject();
                v.variant().writeFields(g);
                g.writeStringField("pdq", v.pdq());
                g.writeNumberField("quality", v.quality());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeRaw('\n');
        return true;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        g.close();
    }
}
