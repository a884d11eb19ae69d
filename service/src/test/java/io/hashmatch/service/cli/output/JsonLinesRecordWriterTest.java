package io.hashmatch.service.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.cli.Json;
import io.hashmatch.service.json.JsonOutput;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonLinesRecordWriterTest {
    private static String write(boolean dihedral, HashRecord... records) throws Exception {
        StringWriter sw = new StringWriter();
        JsonLinesRecordWriter w = new JsonLinesRecordWriter(sw, dihedral);
        w.begin();
        for (HashRecord r : records) {
            w.write(r);
        }
        w.end();
        return sw.toString();
    }

    @Test
    void imageRecordHasEveryFieldInOrder() throws Exception {
        assertThat(write(false, HashRecord.of(Path.of("dir/a.jpg"), Fixtures.image(123, 100))))
                .isEqualTo("{\"path\":\"dir/a.jpg\",\"size\":123,\"md5\":\"" + Fixtures.MD5 + "\",\"sha1\":\""
                        + Fixtures.SHA1
                        + "\",\"sha256\":\"" + Fixtures.SHA256 + "\",\"pdq\":\"" + Fixtures.PDQ_HEX
                        + "\",\"quality\":100,\"width\":640,\"height\":480,\"format\":\"jpeg\"}\n");
    }

    @Test
    void decodeFailureKeepsExactHashesAndFormatAndDropsPdq() throws Exception {
        assertThat(write(true, HashRecord.of(Path.of("b.png"), Fixtures.truncated())))
                .isEqualTo(
                        "{\"path\":\"b.png\",\"size\":10,\"md5\":\"" + Fixtures.MD5 + "\",\"sha1\":\"" + Fixtures.SHA1
                                + "\",\"sha256\":\"" + Fixtures.SHA256 + "\",\"format\":\"png\","
                                + "\"error\":{\"code\":\"truncated\",\"message\":\"PNG data ends at byte 10\"}}\n");
    }

    @Test
    void unreadFileHasNoExactHashes() throws Exception {
        assertThat(write(false, HashRecord.of(Path.of("big"), Fixtures.tooLarge())))
                .isEqualTo("{\"path\":\"big\",\"size\":1048576,"
                        + "\"error\":{\"code\":\"file_too_large\",\"message\":\"1048576 bytes > 1024\"}}\n");
    }

    @Test
    void walkFailureHasOnlyPathAndError() throws Exception {
        assertThat(write(
                        false,
                        HashRecord.failure(
                                Path.of("d"), HashRecord.IO_ERROR, "cannot list directory: Permission denied")))
                .isEqualTo(
                        "{\"path\":\"d\",\"error\":{\"code\":\"io_error\",\"message\":\"cannot list directory: Permission denied\"}}\n");
    }

    @Test
    void dihedralIsAnArrayOfEightWhoseFirstIsPdq() throws Exception {
        String line = write(true, HashRecord.of(Path.of("c.png"), Fixtures.imageWithDihedral()));
        Map<String, Object> o = Json.object(line);
        assertThat(o.keySet())
                .containsExactly(
                        "path",
                        "size",
                        "md5",
                        "sha1",
                        "sha256",
                        "pdq",
                        "quality",
                        "width",
                        "height",
                        "format",
                        "dihedral");
        @SuppressWarnings("unchecked")
        List<String> d = (List<String>) o.get("dihedral");
        assertThat(d).hasSize(8);
        assertThat(d.get(0)).isEqualTo(Fixtures.PDQ_HEX).isEqualTo(o.get("pdq"));
        assertThat(d.get(1)).isEqualTo("0".repeat(63) + "1");
        assertThat(d.get(7)).isEqualTo("0".repeat(63) + "7");
    }

    @Test
    void dihedralOmittedWhenNotRequested() throws Exception {
        assertThat(write(false, HashRecord.of(Path.of("c.png"), Fixtures.imageWithDihedral())))
                .doesNotContain("dihedral");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "plain.jpg", "quote\"d.jpg", "back\\slash.png", "new\nline", "tab\tcr\r", "ctl\u0000\u0001\u001b.gif",
                "\u2028sep\u2029", "ünïcødé 日本 😀.webp", "bad\ufffd\ufffdbytes", "trailing\\", "\"", ""
            })
    void oddPathsRoundTripThroughAStrictParser(String name) throws Exception {
        String line = write(false, HashRecord.failure(Path.of("x"), "io_error", name))
                .replace("\"path\":\"x\"", "\"path\":" + quoted(name));
        assertThat(line).endsWith("}\n").containsOnlyOnce("\n");
        assertThat(Json.object(line)).containsEntry("path", name);
        assertThat(((Map<?, ?>) Json.object(line).get("error")).get("message")).isEqualTo(name);
    }

    private static String quoted(String s) {
        return JsonOutput.write(16, g -> g.writeString(s));
    }
}
