package io.hashmatch.service.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hashmatch.decode.ImageFormat;
import io.hashmatch.hash.ExactHashes;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.PdqResult;
import io.hashmatch.hash.PdqVariant;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The hash fields of one file, in the order of a {@code hashmatch hash} record and of the HTTP API's
 * {@code "hashes"} object: {@code size}, {@code md5}, {@code sha1}, {@code sha256}, {@code pdq}, {@code quality},
 * {@code width}, {@code height}, {@code format}. Absent values are omitted, never {@code null}: the size when
 * unknown, the exact hashes when the bytes were not read, the PDQ fields (with width and height) when the file was
 * not hashed as an image, the format when unknown.
 *
 * <p>Stateless; thread-safe.
 */
public final class HashJson {
    private HashJson() {}

    /** Writes the fields of {@code h} into the open object. */
    public static void writeFields(JsonGenerator g, FileHashes h) throws IOException {
        ImageFormat format = h.format();
        writeFields(g, h.size(), h.exact(), h.pdq(), h.width(), h.height(), format == null ? null : format.label());
    }

    /**
     * Writes the given fields into the open object.
     *
     * @param width decoded width, written only with {@code pdq}
     * @param height decoded height, written only with {@code pdq}
     * @param format the container format's label
     */
    public static void writeFields(
            JsonGenerator g,
            @Nullable Long size,
            @Nullable ExactHashes exact,
            @Nullable PdqResult pdq,
            int width,
            int height,
            @Nullable String format)
            throws IOException {
        if (size != null) {
            g.writeNumberField("size", size.longValue());
        }
        if (exact != null) {
            g.writeStringField("md5", exact.md5());
            g.writeStringField("sha1", exact.sha1());
            g.writeStringField("sha256", exact.sha256());
        }
        if (pdq != null) {
            g.writeStringField("pdq", pdq.hash().toHex());
            g.writeNumberField("quality", pdq.quality());
            g.writeNumberField("width", width);
            g.writeNumberField("height", height);
        }
        if (format != null) {
            g.writeStringField("format", format);
        }
    }

    /**
     * Writes the variants as the value of a field already named: an array of
     * {@code {"kind":..,"transform":..,"rect":[x,y,w,h],"pdq":..,"quality":..}} objects, in the engine's order.
     */
    public static void writeVariants(JsonGenerator g, List<PdqVariant> variants) throws IOException {
        g.writeStartArray();
        for (PdqVariant v : variants) {
            g.writeStartObject();
            g.writeStringField("kind", v.kind().label());
            g.writeStringField("transform", v.transform().label());
            g.writeArrayFieldStart("rect");
            g.writeNumber(v.rect().x());
            g.writeNumber(v.rect().y());
            g.writeNumber(v.rect().width());
            g.writeNumber(v.rect().height());
            g.writeEndArray();
            g.writeStringField("pdq", v.pdq().toHex());
            g.writeNumberField("quality", v.quality());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
