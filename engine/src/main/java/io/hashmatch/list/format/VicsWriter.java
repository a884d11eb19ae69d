package io.hashmatch.list.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.hashmatch.hash.HashKind;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * VICS hash-set writer (see {@link ListWriter}, {@link VicsMediaWriter}), streaming through Jackson's
 * {@link JsonGenerator}.
 *
 * <p>Laid out for the readers suites use, which are stricter than the model: the data-model key is the first
 * root key and {@code value} the only other one; {@code Category} is an integer or absent
 * ({@link VicsCategories}); hashes are never null; a Media record holds no nested object outside an array (a
 * streaming reader that tracks array depth only would take a nested object's braces for the record's).
 */
final class VicsWriter implements VicsMediaWriter {
    private final JsonGenerator g;
    private boolean closed;

    VicsWriter(OutputStream out, VicsVersion version) throws IOException {
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
        g.writeStringField(version.contextKey(), version.context());
        g.writeArrayFieldStart("value");
    }

    @Override
    public void write(ListEntry e, long size, List<VicsMediaFile> files) throws IOException {
        write(e.withMedia(size, files));
    }

    @Override
    public boolean write(ListEntry e) throws IOException {
        long size = e.mediaSize();
        List<VicsMediaFile> files = e.mediaFiles();
        if (closed) {
            throw new IllegalStateException("writer is closed");
        }
        g.writeStartObject();
        writeIntOrString("MediaID", e.externalId());
        Integer category = VicsCategories.number(e.category());
        if (category != null) {
            g.writeNumberField("Category", category);
        }
        writeHash("MD5", e.hash(HashKind.MD5), true);
        writeHash("SHA1", e.hash(HashKind.SHA1), true);
        writeHash("PhotoDNA", e.hash(HashKind.PHOTODNA), false);
        if (size >= 0) {
            g.writeNumberField("MediaSize", size);
        }
        if (e.dateAdded() != null) {
            g.writeStringField("DateUpdated", e.dateAdded().toString());
        }
        List<String> tags = new ArrayList<>();
        if (e.category() != null && !VicsCategories.isNumber(e.category())) {
            tags.add(VicsCategories.tag(e.category()));
        }
        tags.addAll(e.tags());
        g.writeStringField("Tags", String.join(",", tags));
        String pdq = e.hash(HashKind.PDQ);
        String sha256 = e.hash(HashKind.SHA256);
        if (pdq != null || sha256 != null) {
            g.writeArrayFieldStart("AlternativeHashes");
            alternative("PDQ", pdq);
            alternative("SHA256", sha256);
            g.writeEndArray();
        }
        if (!files.isEmpty()) {
            g.writeArrayFieldStart("MediaFiles");
            for (VicsMediaFile f : files) {
                g.writeStartObject();
                g.writeStringField("FileName", f.fileName());
                g.writeStringField("FilePath", f.filePath());
                date("Created", f.created());
                date("Written", f.written());
                date("Accessed", f.accessed());
                g.writeBooleanField("Deleted", f.deleted());
                if (f.offset() >= 0) {
                    g.writeNumberField("PhysicalLocation", f.offset());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
        return true;
    }

    private void date(String field, @Nullable Instant t) throws IOException {
        if (t != null) {
            g.writeStringField(field, t.toString());
        }
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
