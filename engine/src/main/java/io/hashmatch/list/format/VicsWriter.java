package io.hashmatch.list.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.hashmatch.hash.HashKind;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** VICS 2.0 hash-set writer (see {@link ListWriter}), streaming through Jackson's {@link JsonGenerator}. */
final class VicsWriter implements ListWriter {
    static final String CONTEXT = "http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Media";

    private final JsonGenerator g;
    private boolean closed;

    VicsWriter(OutputStream out) throws IOException {
        g = VicsParser.JSON.createGenerator(out);
        g.enable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        // laid out like the VICS files met in the field: one-space indent, "key": value, one element a line
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                .withSeparators(
                        Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter(" ", "\n"))
                .withArrayIndenter(new DefaultIndenter(" ", "\n"));
        g.setPrettyPrinter(pretty);
        g.writeStartObject();
        g.writeStringField("@odata.context", CONTEXT);
        g.writeArrayFieldStart("value");
    }

    @Override
    public void write(ListEntry e) throws IOException {
        if (closed) {
            throw new IllegalStateException("writer is closed");
        }
        g.writeStartObject();
        writeIntOrString("MediaID", e.externalId());
        writeIntOrString("Category", e.category());
        writeHash("MD5", e.hash(HashKind.MD5), true);
        writeHash("SHA1", e.hash(HashKind.SHA1), true);
        writeHash("PhotoDNA", e.hash(HashKind.PHOTODNA), false);
        if (e.dateAdded() != null) {
            g.writeStringField("DateUpdated", e.dateAdded().toString());
        }
        g.writeStringField("Tags", String.join(",", e.tags()));
        String pdq = e.hash(HashKind.PDQ);
        String sha256 = e.hash(HashKind.SHA256);
        if (pdq != null || sha256 != null) {
            g.writeArrayFieldStart("AlternativeHashes");
            alternative("PDQ", pdq);
            alternative("SHA256", sha256);
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private void alternative(String name, @Nullable String value) throws IOException {
        if (value != null) {
            g.writeStartObject();
            g.writeStringField("HashName", name);
            g.writeStringField("HashValue", value);
            g.writeEndObject();
        }
    }

    private void writeHash(String field, @Nullable String value, boolean upper) throws IOException {
        if (value != null) {
            g.writeStringField(field, upper ? value.toUpperCase(Locale.ROOT) : value);
        }
    }

    /** A canonical integer (no sign but '-', no leading zero, fits a long) as a number, anything else as a string. */
    private void writeIntOrString(String field, @Nullable String value) throws IOException {
        if (value == null) {
            return;
        }
        g.writeFieldName(field);
        if (isCanonicalLong(value)) {
            g.writeNumber(Long.parseLong(value));
        } else {
            g.writeString(value);
        }
    }

    static boolean isCanonicalLong(String s) {
        try {
            return Long.toString(Long.parseLong(s)).equals(s);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        g.writeEndArray();
        g.writeEndObject();
        g.writeRaw('\n');
        g.close();
    }
}
