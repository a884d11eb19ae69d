package io.hashmatch.service.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CsvRecordWriterTest {
    private static String write(boolean dihedral, HashRecord... records) throws Exception {
        StringWriter sw = new StringWriter();
        CsvRecordWriter w = new CsvRecordWriter(sw, dihedral);
        w.begin();
        for (HashRecord r : records) {
            w.write(r);
        }
        w.end();
        return sw.toString();
    }

    @Test
    void headerAndRowsWithEmptyFieldsForAbsentValues() throws Exception {
        String exact = Fixtures.MD5 + "," + Fixtures.SHA1 + "," + Fixtures.SHA256;
        assertThat(write(
                        false,
                        HashRecord.of(Path.of("a.jpg"), Fixtures.image(123, 100)),
                        HashRecord.of(Path.of("b.png"), Fixtures.truncated()),
                        HashRecord.of(Path.of("big"), Fixtures.tooLarge()),
                        HashRecord.failure(
                                Path.of("d"), HashRecord.IO_ERROR, "cannot list directory: Permission denied")))
                .isEqualTo(
                        "path,size,md5,sha1,sha256,pdq,quality,width,height,format,error_code,error_message,fps,frames,"
                                + "vpdq\n"
                                + "a.jpg,123," + exact + "," + Fixtures.PDQ_HEX + ",100,640,480,jpeg,,,,,\n"
                                + "b.png,10," + exact + ",,,,,png,truncated,PNG data ends at byte 10,,,\n"
                                + "big,1048576,,,,,,,,,file_too_large,1048576 bytes > 1024,,,\n"
                                + "d,,,,,,,,,,io_error,cannot list directory: Permission denied,,,\n");
    }

    @Test
    void dihedralColumnHoldsEightSpaceSeparatedHashes() throws Exception {
        String csv = write(
                true,
                HashRecord.of(Path.of("c.png"), Fixtures.imageWithDihedral()),
                HashRecord.of(Path.of("b.png"), Fixtures.truncated()));
        String[] lines = csv.split("\n");
        assertThat(lines[0]).isEqualTo(CsvRecordWriter.HEADER + ",dihedral");
        String dihedral = lines[1].substring(lines[1].lastIndexOf(',') + 1);
        assertThat(dihedral.split(" ")).hasSize(8).startsWith(Fixtures.PDQ_HEX).endsWith("0".repeat(63) + "7");
        assertThat(lines[2]).endsWith(",truncated,PNG data ends at byte 10,,,,");
    }

    @Test
    void quotesPerRfc4180() throws Exception {
        assertThat(field("plain name.jpg")).isEqualTo("plain name.jpg");
        assertThat(field("a,b")).isEqualTo("\"a,b\"");
        assertThat(field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(field("cr\r")).isEqualTo("\"cr\r\"");
        assertThat(field("\"")).isEqualTo("\"\"\"\"");
        assertThat(field("tab\tand ' quote")).isEqualTo("tab\tand ' quote");
        assertThat(field("")).isEmpty();
    }

    @Test
    void quotedPathInARow() throws Exception {
        assertThat(write(
                        false,
                        HashRecord.failure(Path.of("x,\"y\"\nz"), HashRecord.NOT_REGULAR_FILE, "not a file, really")))
                .endsWith("\n\"x,\"\"y\"\"\nz\",,,,,,,,,,not_regular_file,\"not a file, really\",,,\n");
    }

    /** {@code value} as written in a row's error message field. */
    private static String field(String value) throws Exception {
        String csv = write(false, HashRecord.failure(Path.of("p"), HashRecord.IO_ERROR, value));
        String prefix = CsvRecordWriter.HEADER + "\np,,,,,,,,,,io_error,";
        assertThat(csv).startsWith(prefix).endsWith(",,,\n");
        return csv.substring(prefix.length(), csv.length() - ",,,\n".length());
    }
}
