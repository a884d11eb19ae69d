package io.hashmatch.service.cli;

import io.hashmatch.hash.ExactHashes;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.hash.PdqResult;
import io.hashmatch.list.format.CsvField;
import io.hashmatch.video.VideoHash;
import io.hashmatch.video.VpdqFile;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes records as CSV with a header line:
 * {@code path,size,md5,sha1,sha256,pdq,quality,width,height,format,error_code,error_message,fps,frames,vpdq}
 * and, with dihedral enabled, a last column {@code dihedral} holding the 8 hex hashes separated by single
 * spaces. Absent values are empty fields.
 *
 * <p>A video carries what the JSON Lines record carries: {@code width}, {@code height}, {@code fps} (frame
 * rate), {@code frames} (decoded frames) and {@code vpdq}, its hashed frames as the reference's vPDQ lines
 * ({@code frameIndex,quality,hash,timestamp}) separated by single spaces (one quoted field: the lines hold
 * commas), so that replacing the spaces by newlines gives the file {@code hashmatch video hash} writes.
 *
 * <p>Quoting follows RFC 4180: a field containing a comma, a double quote, CR or LF is enclosed in double
 * quotes and its double quotes are doubled; other fields are written bare. Lines end with LF (not the
 * RFC's CRLF, for the sake of Unix pipelines; RFC 4180 readers accept both).
 *
 * <p>Not thread-safe.
 */
final class CsvRecordWriter implements HashRecordWriter {
    static final String HEADER =
            "path,size,md5,sha1,sha256,pdq,quality,width,height,format,error_code,error_message,fps,frames,vpdq";

    private final Writer out;
    private final boolean dihedral;
    private final StringBuilder line = new StringBuilder(512);
    private long written;

    CsvRecordWriter(Writer out, boolean dihedral) {
        this.out = out;
        this.dihedral = dihedral;
    }

    @Override
    public void begin() throws IOException {
        out.append(HEADER).append(dihedral ? ",dihedral\n" : "\n");
    }

    @Override
    public void write(HashRecord r) throws IOException {
        StringBuilder b = line;
        b.setLength(0);
        appendField(b, r.path());
        b.append(',');
        if (r.size() != null) {
            b.append(r.size().longValue());
        }
        ExactHashes exact = r.exact();
        if (exact != null) {
            b.append(',')
                    .append(exact.md5())
                    .append(',')
                    .append(exact.sha1())
                    .append(',')
                    .append(exact.sha256());
        } else {
            b.append(",,,");
        }
        PdqResult pdq = r.pdq();
        if (pdq != null) {
            b.append(',')
                    .append(pdq.hash().toHex())
                    .append(',')
                    .append(pdq.quality())
                    .append(',')
                    .append(r.width())
                    .append(',')
                    .append(r.height());
        } else if (r.video() != null) {
            b.append(",,,").append(r.width()).append(',').append(r.height());
        } else {
            b.append(",,,,");
        }
        b.append(',');
        appendField(b, r.format());
        b.append(',');
        appendField(b, r.errorCode());
        b.append(',');
        appendField(b, r.errorMessage());
        VideoHash video = r.video();
        if (video != null) {
            b.append(',')
                    .append(video.framesPerSecond())
                    .append(',')
                    .append(video.decodedFrames())
                    .append(',');
            StringBuilder lines = new StringBuilder(video.frames().size() * 90);
            for (int i = 0; i < video.frames().size(); i++) {
                lines.append(i == 0 ? "" : " ")
                        .append(VpdqFile.line(video.frames().get(i)));
            }
            appendField(b, lines.toString());
        } else {
            b.append(",,,");
        }
        if (dihedral) {
            b.append(',');
            if (pdq != null) {
                for (int i = 0; i < pdq.dihedral().size(); i++) {
                    PdqHash h = pdq.dihedral().get(i);
                    if (i > 0) {
                        b.append(' ');
                    }
                    b.append(h.toHex());
                }
            }
        }
        b.append('\n');
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

    /** Appends {@code value} as one CSV field, quoted when RFC 4180 requires it; null is an empty field. */
    static void appendField(StringBuilder b, @org.jspecify.annotations.Nullable String value) {
        b.append(CsvField.escape(value));
    }
}
