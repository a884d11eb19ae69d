package io.hashmatch.service.cli;

import io.hashmatch.hash.ExactHashes;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.hash.PdqResult;
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
 * after {@code format}, in the engine's order (original first).
 *
 * <p>Strings are escaped by {@link JsonStrings#appendString}. File names that are not valid UTF-8 reach
 * here already decoded by the JVM, with U+FFFD in place of each invalid byte.
 *
 * <p>Not thread-safe.
 */
final class JsonLinesRecordWriter implements HashRecordWriter {
    private final Writer out;
    private final boolean dihedral;
    private final StringBuilder line = new StringBuilder(512);
    private long written;

    JsonLinesRecordWriter(Writer out, boolean dihedral) {
        this.out = out;
        this.dihedral = dihedral;
    }

    @Override
    public void begin() {}

    @Override
    public void write(HashRecord r) throws IOException {
        StringBuilder b = line;
        b.setLength(0);
        b.append("{\"path\":");
        JsonStrings.appendString(b, r.path());
        if (r.size() != null) {
            b.append(",\"size\":").append(r.size().longValue());
        }
        ExactHashes exact = r.exact();
        if (exact != null) {
            b.append(",\"md5\":\"").append(exact.md5()).append('"');
            b.append(",\"sha1\":\"").append(exact.sha1()).append('"');
            b.append(",\"sha256\":\"").append(exact.sha256()).append('"');
        }
        PdqResult pdq = r.pdq();
        if (pdq != null) {
            b.append(",\"pdq\":\"").append(pdq.hash().toHex()).append('"');
            b.append(",\"quality\":").append(pdq.quality());
            b.append(",\"width\":").append(r.width());
            b.append(",\"height\":").append(r.height());
        }
        if (r.format() != null) {
            b.append(",\"format\":");
            JsonStrings.appendString(b, r.format());
        }
        if (dihedral && pdq != null && !pdq.dihedral().isEmpty()) {
            b.append(",\"dihedral\":[");
            for (int i = 0; i < pdq.dihedral().size(); i++) {
                PdqHash h = pdq.dihedral().get(i);
                b.append(i == 0 ? "\"" : ",\"").append(h.toHex()).append('"');
            }
            b.append(']');
        }
        VideoHash video = r.video();
        if (video != null) {
            // the frames as the reference's vPDQ lines: "frameIndex,quality,hash,timestamp"
            b.append(",\"width\":").append(r.width()).append(",\"height\":").append(r.height());
            b.append(",\"fps\":")
                    .append(video.framesPerSecond())
                    .append(",\"frames\":")
                    .append(video.decodedFrames());
            b.append(",\"vpdq\":[");
            for (int i = 0; i < video.frames().size(); i++) {
                b.append(i == 0 ? "\"" : ",\"")
                        .append(VpdqFile.line(video.frames().get(i)))
                        .append('"');
            }
            b.append(']');
        }
        if (r.errorCode() != null) {
            b.append(",\"error\":{\"code\":");
            JsonStrings.appendString(b, r.errorCode());
            b.append(",\"message\":");
            JsonStrings.appendString(b, r.errorMessage() == null ? "" : r.errorMessage());
            b.append('}');
        }
        b.append("}\n");
        out.append(b);
        if (++written % CHECK_ERROR_EVERY == 0) {
            HashRecordWriter.checkError(out);
        }
    }

    @Override
    public void end() throws IOException {
        out.flush();
        HashRecordWriter.checkError(out);
    }
}
