package io.hashmatch.list.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.hash.HashKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact bytes each writer produces. */
class WritersTest {
    static final ListEntry ENTRY = new ListEntry(
            Map.of(
                    HashKind.MD5,
                    "A7FC9BC8DA3585694C293572FEEFB757",
                    HashKind.PDQ,
                    "e1f27e05836640f9bf0c828fb2fc6e83a58350fe2e1cf1835a78236e63259e78",
                    HashKind.SHA256,
                    "f4428b1543bf00db3597f0d37103088017d50399ef7d151fa633297f0606e8d0"),
            "100",
            "1",
            List.of("demo", "a\"b"),
            "Sample, \"Collab\"",
            Instant.parse("2026-11-01T00:00:00Z"),
            0);

    @Test
    void vics() throws Exception {
        assertThat(write(
                        ListFormat.VICS_JSON,
                        ENTRY,
                        new ListEntry(ENTRY.hashes(), null, "NEGATIVE_CLASS", ENTRY.tags(), "x", ENTRY.dateAdded(), 0)))
                .isEqualTo("""
            {
             "@odata.context": "http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media",
             "value": [
              {
               "MediaID": 100,
               "Category": 1,
               "MD5": "A7FC9BC8DA3585694C293572FEEFB757",
               "DateUpdated": "2026-11-01T00:00:00Z",
               "Tags": "demo,a\\"b",
               "AlternativeHashes": [
                {
                 "HashName": "PDQ",
                 "HashValue": "e1f27e05836640f9bf0c828fb2fc6e83a58350fe2e1cf1835a78236e63259e78"
                },
                {
                 "HashName": "SHA256",
                 "HashValue": "f4428b1543bf00db3597f0d37103088017d50399ef7d151fa633297f0606e8d0"
                }
               ]
              },
              {
               "Category": 0,
               "MD5": "A7FC9BC8DA3585694C293572FEEFB757",
               "DateUpdated": "2026-11-01T00:00:00Z",
               "Tags": "hashmatch-category:NEGATIVE_CLASS,demo,a\\"b",
               "AlternativeHashes": [
                {
                 "HashName": "PDQ",
                 "HashValue": "e1f27e05836640f9bf0c828fb2fc6e83a58350fe2e1cf1835a78236e63259e78"
                },
                {
                 "HashName": "SHA256",
                 "HashValue": "f4428b1543bf00db3597f0d37103088017d50399ef7d151fa633297f0606e8d0"
                }
               ]
              }
             ]
            }
            """);
    }

    @Test
    void csv() throws Exception {
        assertThat(write(ListFormat.TE_CSV, ENTRY)).isEqualTo("""
        signal_type,signal_str,collab,category,tags,external_id,date_added,entry
        pdq,e1f27e05836640f9bf0c828fb2fc6e83a58350fe2e1cf1835a78236e63259e78,"Sample, ""Collab""\",1,"demo a""b",100,2026-11-01T00:00:00Z,0
        md5,a7fc9bc8da3585694c293572feefb757,"Sample, ""Collab""\",1,"demo a""b",100,2026-11-01T00:00:00Z,0
        sha256,f4428b1543bf00db3597f0d37103088017d50399ef7d151fa633297f0606e8d0,"Sample, ""Collab""\",1,"demo a""b",100,2026-11-01T00:00:00Z,0
        """);
    }

    @Test
    void signalFilesAreNotWritten() {
        assertThatThrownBy(() -> ListWriter.open(new ByteArrayOutputStream(), ListFormat.TE_TEXT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hashmatch does not write te-text lists (formats: te-csv, vics, hex, jsonl, icse, ncmec,"
                        + " checksums)");
        assertThatThrownBy(() -> ListWriter.open(new ByteArrayOutputStream(), ListFormat.VICS_JSON, HashKind.MD5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vics holds records of several hashes: no hash kind is chosen for it");
    }

    @Test
    void writeAfterCloseIsRefused() throws Exception {
        ListWriter w = ListWriter.open(new ByteArrayOutputStream(), ListFormat.TE_CSV);
        w.close();
        w.close();
        assertThatThrownBy(() -> w.write(ENTRY)).isInstanceOf(IllegalStateException.class);
    }

    private static String write(ListFormat format, ListEntry... entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ListWriter w = ListWriter.open(out, format)) {
            for (ListEntry e : entries) {
                w.write(e);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
