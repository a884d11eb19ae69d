package io.hashmatch.service.cli.output;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import io.hashmatch.hash.ExactHashes;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.hash.PdqResult;
import io.hashmatch.service.json.HashJson;
import io.hashmatch.service.json.JsonOutput;
import io.hashmatch.video.VideoHash;
import io.hashmatch.video.VpdqFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Writes records as CSV with a header line:
 * {@code path,size,md5,sha1,sha256,pdq,quality,width,height,format,error_code,error_message,fps,frames,vpdq}
 * and, with dihedral enabled, a last column {@code dihedral} holding the 8 hex hashes separated by single
 * spaces, and with variants enabled a last column {@code variants} holding the image's variants as one compact JSON
 * array, exactly the JSON Lines record's {@code "variants"} value (empty when none). Absent values are empty fields.
 *
 * <p>A video carries what the JSON Lines record carries: {@code width}, {@code height}, {@code fps} (frame
 * rate), {@code frames} (decoded frames) and {@code vpdq}, its hashed frames as the reference's vPDQ lines
 * ({@code frameIndex,quality,hash,timestamp}) separated by single spaces (one quoted field: the lines hold
 * commas), so that replacing the spaces by newlines gives the file {@code hashmatch video hash} writes.
 *
 * <p>Written by FastCSV: quoting follows RFC 4180 (a field containing a comma, a double quote, CR or LF, or a first
 * field starting with {@code #}, is enclosed in double quotes and its double quotes are doubled; other fields are
 * written bare). Lines end with LF (not the RFC's CRLF, for the sake of Unix pipelines; RFC 4180 readers accept
 * both).
 *
 * <p>Not thread-safe.
 */
public final class CsvRecordWriter implements HashRecordWriter {
    public static final String HEADER =
            "path,size,md5,sha1,sha256,pdq,quality,width,height,format,error_code,error_message,fps,frames,vpdq";

    private final Writer out;
    private final CsvWriter csv;
    private final boolean dihedral;
    private final boolean variants;
    private final List<@Nullable String> fields = new ArrayList<>(16);
    private long written;

    public CsvRecordWriter(Writer out, boolean dihedral) {
        this(out, dihedral, false);
    }

    /** A writer that, with {@code variants}, adds the last column {@code variants}. */
    public CsvRecordWriter(Writer out, boolean dihedral, boolean variants) {
        this.out = out;
        this.csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out);
        this.dihedral = dihedral;
        this.variants = variants;
    }

    @Override
    public void begin() throws IOException {
        List<String> header = new ArrayList<>(List.of(HEADER.split(",")));
        if (dihedral) {
            header.add("dihedral");
        }
        if (variants) {
            header.add("variants");
        }
        write(header);
    }

    @Override
    public void write(HashRecord r) throws IOException {
        List<@Nullable String> f = fields;
        f.clear();
        f.add(r.path());
        f.add(r.size() == null ? null : r.size().toString());
        ExactHashes exact = r.exact();
        f.add(exact == null ? null : exact.md5());
        f.add(exact == null ? null : exact.sha1());
        f.add(exact == null ? null : exact.sha256());
        PdqResult pdq = r.pdq();
        VideoHash video = r.video();
        f.add(pdq == null ? null : pdq.hash().toHex());
        f.add(pdq == null ? null : Integer.toString(pdq.quality()));
        boolean sized = pdq != null || video != null;
        f.add(sized ? Integer.toString(r.width()) : null);
        f.add(sized ? Integer.toString(r.height()) : null);
        f.add(r.format());
        f.add(r.errorCode());
        f.add(r.errorMessage());
        f.add(video == null ? null : String.valueOf(video.framesPerSecond()));
        f.add(video == null ? null : Integer.toString(video.decodedFrames()));
        f.add(video == null ? null : vpdqLines(video));
        if (dihedral) {
            StringJoiner hashes = new StringJoiner(" ");
            if (pdq != null) {
                for (PdqHash h : pdq.dihedral()) {
                    hashes.add(h.toHex());
                }
            }
            f.add(hashes.toString());
        }
        if (variants) {
            f.add(pdq == null || r.variants().isEmpty() ? null : variantsJson(r));
        }
        write(f);
        if (++written % CHECK_ERROR_EVERY == 0) {
            HashRecordWriter.checkError(out);
        }
    }

    @Override
    public void end() throws IOException {
        csv.flush();
        HashRecordWriter.checkError(out);
    }

    /** The record's variants as one compact JSON array, as the JSON Lines record's {@code variants}. */
    private static String variantsJson(HashRecord r) {
        return JsonOutput.write(128 * r.variants().size() + 2, g -> HashJson.writeVariants(g, r.variants()));
    }

    /** The frames as vPDQ lines separated by single spaces (one field: the lines hold commas). */
    private static String vpdqLines(VideoHash video) {
        StringJoiner lines = new StringJoiner(" ");
        for (var frame : video.frames()) {
            lines.add(VpdqFile.line(frame));
        }
        return lines.toString();
    }

    private void write(List<@Nullable String> record) throws IOException {
        try {
            csv.writeRecord(record);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
