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
            new AcquisitionHash(AcquisitionHash.Outcome.VERIFIED, "m2", null, null),
            List.of(new DiskImageSummary.Partition("p1", 512, 512, "Linux (0x83)", "ext4", null, 3, 1, 2)),
            null,
            new DiskImageSummary.OutsidePartitions(1536, 4));
    /** A record written before the acquisition hash and the space outside the partitions were reported. */
    private static final DiskImageSummary NOT_READ_AGAIN = new DiskImageSummary(
            "raw",
            List.of("b.dd"),
            2048,
            "m1",
            "s1",
            null,
            null,
            Map.of(),
            null,
            List.of(new DiskImageSummary.Partition("", 0, 2048, "", null, "no file system", 0, 0, 5)),
            "no partition table",
            null);

    private static final DiskImageSummary MISMATCH = new DiskImageSummary(
            "e01",
            List.of("c.E01"),
            4096,
            "m3",
            "s3",
            "m3",
            "s3",
            Map.of("acquired_md5", "a0"),
            new AcquisitionHash(AcquisitionHash.Outcome.MISMATCH, "m4", "h4", "MD5 differs"),
            List.of(),
            null,
            new DiskImageSummary.OutsidePartitions(0, 0));

    @Test
    void theCustodyStatesEveryFieldAndNullWhereAbsent() throws IOException {
        assertThat(fields(READ_AGAIN, true))
                .isEqualTo("{\"format\":\"e01\",\"segments\":[\"a.E01\",\"a.E02\"],\"media_size\":1024,"
                        + "\"md5_before\":\"m0\",\"sha256_before\":\"s0\",\"md5_after\":\"m0\",\"sha256_after\":\"s0\","
                        + "\"unchanged\":true,\"metadata\":{\"case_number\":\"7\",\"examiner\":\"x\"},"
                        + "\"acquisition_hash\":{\"outcome\":\"verified\",\"md5\":\"m2\",\"sha1\":null,\"detail\":null},"
                        + "\"volume_error\":null,\"partitions\":[{\"name\":\"p1\",\"offset\":512,\"length\":512,"
                        + "\"description\":\"Linux (0x83)\",\"file_system\":\"ext4\",\"error\":null,\"files\":3,"
                        + "\"deleted\":1,\"carved\":2}],\"outside_partitions\":{\"bytes\":1536,\"carved\":4}}");
        assertThat(fields(NOT_READ_AGAIN, true))
                .isEqualTo("{\"format\":\"raw\",\"segments\":[\"b.dd\"],\"media_size\":2048,"
                        + "\"md5_before\":\"m1\",\"sha256_before\":\"s1\",\"md5_after\":null,\"sha256_after\":null,"
                        + "\"unchanged\":false,\"metadata\":{},\"acquisition_hash\":null,"
                        + "\"volume_error\":\"no partition table\","
                        + "\"partitions\":[{\"name\":\"\",\"offset\":0,\"length\":2048,\"description\":\"\","
                        + "\"file_system\":null,\"error\":\"no file system\",\"files\":0,\"deleted\":0,\"carved\":5}],"
                        + "\"outside_partitions\":null}");
    }

    @Test
    void theRecordLeavesAbsentFieldsOutAndReadsBackEqual() throws IOException {
        assertThat(fields(NOT_READ_AGAIN, false))
                .isEqualTo("{\"format\":\"raw\",\"segments\":[\"b.dd\"],\"media_size\":2048,"
                        + "\"md5_before\":\"m1\",\"sha256_before\":\"s1\",\"unchanged\":false,\"metadata\":{},"
                        + "\"volume_error\":\"no partition table\",\"partitions\":[{\"name\":\"\",\"offset\":0,"
                        + "\"length\":2048,\"description\":\"\",\"error\":\"no file system\",\"files\":0,"
                        + "\"deleted\":0,\"carved\":5}]}");
        assertThat(fields(MISMATCH, false))
                .isEqualTo(
                        "{\"format\":\"e01\",\"segments\":[\"c.E01\"],\"media_size\":4096,"
                                + "\"md5_before\":\"m3\",\"sha256_before\":\"s3\",\"md5_after\":\"m3\",\"sha256_after\":\"s3\","
                                + "\"unchanged\":true,\"metadata\":{\"acquired_md5\":\"a0\"},"
                                + "\"acquisition_hash\":{\"outcome\":\"mismatch\",\"md5\":\"m4\",\"sha1\":\"h4\","
                                + "\"detail\":\"MD5 differs\"},\"partitions\":[],\"outside_partitions\":{\"bytes\":0,\"carved\":0}}");
        for (DiskImageSummary d : List.of(READ_AGAIN, NOT_READ_AGAIN, MISMATCH)) {
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
