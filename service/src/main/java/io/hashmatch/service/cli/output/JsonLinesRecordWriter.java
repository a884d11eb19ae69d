package io.hashmatch.service.cli.output;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.hash.PdqResult;
import io.hashmatch.service.json.HashJson;
import io.hashmatch.service.json.JsonOutput;
import io.hashmatch.video.VideoHash;
import io.hashmatch.video.VpdqFile;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes records as JSON Lines: one object per line, keys in a fixed order.
 *
 * <pre>{@code
 * {"path":"a.jpg","size":123,"md5":"..","sha1":"..","sha256":"..","pdq":"..","quality":100,"width":640,"height":480,"format":"jpeg"}
 * {"path":"b.png","size":7,"md5":"..","sha1":"..","sha256":"..","format":"png","error":{"code":"truncated","message":".."}}
 * {"path":"c.mp4","size":9,"md5":"..","sha1":"..","sha256":"..","format":"mp4","width":320,"height":240,"fps":25.0,"frames":250,"vpdq":["0,100,..,0.000",..]}
 * }</pre>
 *
 * <p>A video (recognised by its bytes) gets {@code vpdq}: its sampled frames as the reference's vPDQ lines
 * ({@code hashmatch video hash} writes the same lines), plus frame rate and decoded frame count, after
 * {@code format}; a video that cannot be decoded gets its {@code VideoDecodeError} code as the error.
 *
 * <p>Absent values are omitted, never {@code null}: exact hashes when the bytes were not read; pdq,
 * quality, width, height (and dihedral) when the file was not hashed as an image; format when unknown;
 * error on success. With dihedral enabled, successful records carry {@code "dihedral":[8 hex strings]}
 * after {@code format}, in the engine's order (original first). With variants enabled, image records carry
 * {@code "variants":[{"kind":..,"transform":..,"rect":[x,y,w,h],"pdq":..,"quality":..},..]} next (an empty array
 * when none qualified; see {@code engine/VARIANTS.md}).
 *
 * <p>Written with a {@link JsonOutput} generator ({@link HashJson} for the hash fields, as the HTTP API writes
 * them). File names that are not valid UTF-8 reach
 * here already decoded by the JVM, with U+FFFD in place of each invalid byte.
 *
 * <p>Not thread-safe.
 */
public final class JsonLinesRecordWriter implements HashRecordWriter {
    private final Writer out;
    private final JsonGenerator g;
    private final boolean dihedral;
    private final boolean variants;
    private long written;

    public JsonLinesRecordWriter(Writer out, boolean dihedral) throws IOException {
        this(out, dihedral, false);
    }

    /** A writer that, with {@code variants}, adds {@code "variants"} to every image record. */
    public JsonLinesRecordWriter(Writer out, boolean dihedral, boolean variants) throws IOException {
        this.out = out;
        this.g = JsonOutput.generator(out);
        this.dihedral = dihedral;
        this.variants = variants;
    }

    @Override
    public void begin() {}

    @Override
    public void write(HashRecord r) throws IOException {
        g.writeStartObject();
        g.writeStringField("path", r.path());
        PdqResult pdq = r.pdq();
        HashJson.writeFields(g, r.size(), r.exact(), pdq, r.width(), r.height(), r.format());
        if (dihedral && pdq != null && !pdq.dihedral().isEmpty()) {
            g.writeArrayFieldStart("dihedral");
            for (PdqHash h : pdq.dihedral()) {
                g.writeString(h.toHex());
            }
            g.writeEndArray();
        }
        if (variants && pdq != null) {
            g.writeFieldName("variants");
            HashJson.writeVariants(g, r.variants());
        }
        VideoHash video = r.video();
        if (video != null) {
            g.writeNumberField("width", r.width());
            g.writeNumberField("height", r.height());
            g.writeNumberField("fps", video.framesPerSecond());
            g.writeNumberField("frames", video.decodedFrames());
            // the frames as the reference's vPDQ lines: "frameIndex,quality,hash,timestamp"
            g.writeArrayFieldStart("vpdq");
            for (var frame : video.frames()) {
                g.writeString(VpdqFile.line(frame));
            }
            g.writeEndArray();
        }
        if (r.errorCode() != null) {
            g.writeObjectFieldStart("error");
            g.writeStringField("code", r.errorCode());
            g.writeStringField("message", r.errorMessage() == null ? "" : r.errorMessage());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeRaw('\n');
        if (++written % CHECK_ERROR_EVERY == 0) {
            g.flush();
            HashRecordWriter.checkError(out);
        }
    }

    @Override
    public void end() throws IOException {
        g.flush();
        HashRecordWriter.checkError(out);
    }
}
