package io.hashmatch.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one writer of a disk image's fields, as the scan record and the chain of custody give them. */
class DiskImageJsonTest {
    private static final DiskImageSummary READ_AGAIN = new DiskImageSummary(
            "e01",
            List.of("a.E01", "a.E02"),
            1024,
            "m0",
            "s0",
            "m0",
            "s0",
            Map.of("examiner", "x", "case_number", "7"),
            List.of(new DiskImageSummary.Partition("p1", 512, 512, "Linux (0x83)", "ext4", null, 3, 1, 2)),
            null);
    private static final DiskImageSummary NOT_READ_AGAIN = new DiskImageSummary(
            "raw",
            List.of("b.dd"),
            2048,
            "m1",
            "s1",
            null,
            null,
            Map.of(),
            List.of(new DiskImageSummary.Partition("", 0, 2048, "", null, "no file system", 0, 0, 5)),
            "no partition table");

    @Test
    void theCustodyStatesEveryFieldAndNullWhereAbsent() throws IOException {
        assertThat(fields(READ_AGAIN, true))
                .isEqualTo("{\"format\":\"e01\",\"segments\":[\"a.E01\",\"a.E02\"],\"media_size\":1024,"
                        + "\"md5_before\":\"m0\",\"sha256_before\":\"s0\",\"md5_after\":\"m0\",\"sha256_after\":\"s0\","
                        + "\"unchanged\":true,\"metadata\":{\"case_number\":\"7\",\"examiner\":\"x\"},"
                        + "\"volume_error\":null,\"partitions\":[{\"name\":\"p1\",\"offset\":512,\"length\":512,"
                        + "\"description\":\"Linux (0x83)\",\"file_system\":\"ext4\",\"error\":null,\"files\":3,"
                        + "\"deleted\":1,\"carved\":2}]}");
        assertThat(fields(NOT_READ_AGAIN, true))
                .isEqualTo(
                        "{\"format\":\"raw\",\"segments\":[\"b.dd\"],\"media_size\":2048,"
                                + "\"md5_before\":\"m1\",\"sha256_before\":\"s1\",\"md5_after\":null,\"sha256_after\":null,"
                                + "\"unchanged\":false,\"metadata\":{},\"volume_error\":\"no partition table\","
                                + "\"partitions\":[{\"name\":\"\",\"offset\":0,\"length\":2048,\"description\":\"\","
                                + "\"file_system\":null,\"error\":\"no file system\",\"files\":0,\"deleted\":0,\"carved\":5}]}");
    }

    @Test
    void theRecordLeavesAbsentFieldsOutAndReadsBackEqual() throws IOException {
        assertThat(fields(NOT_READ_AGAIN, false))
                .isEqualTo("{\"format\":\"raw\",\"segments\":[\"b.dd\"],\"media_size\":2048,"
                        + "\"md5_before\":\"m1\",\"sha256_before\":\"s1\",\"unchanged\":false,\"metadata\":{},"
                        + "\"volume_error\":\"no partition table\",\"partitions\":[{\"name\":\"\",\"offset\":0,"
                        + "\"length\":2048,\"description\":\"\",\"error\":\"no file system\",\"files\":0,"
                        + "\"deleted\":0,\"carved\":5}]}");
        for (DiskImageSummary d : List.of(READ_AGAIN, NOT_READ_AGAIN)) {
            StringWriter out = new StringWriter();
            try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
                g.writeStartObject();
                DiskImageJson.write(g, d);
                g.writeEndObject();
            }
            try (JsonParser p = new JsonFactory().createParser(out.toString())) {
                p.nextToken(); // the record
                p.nextToken(); // "disk_image"
                p.nextToken();
                assertThat(DiskImageJson.read(p)).isEqualTo(d);
            }
        }
    }

    private static String fields(DiskImageSummary d, boolean absentAsNull) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            d.writeFields(g, absentAsNull);
            g.writeEndObject();
        }
        return out.toString();
    }
}
