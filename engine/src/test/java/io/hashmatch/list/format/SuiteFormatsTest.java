package io.hashmatch.list.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.hash.HashKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The list formats of the forensic suites and tools: ICSE CSV, NCMEC XML, checksum lines, one-word headers. */
class SuiteFormatsTest {
    static final String MD5 = "a7fc9bc8da3585694c293572feefb757";
    static final String SHA1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    static final String SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    /** Synthetic base64 of PhotoDNA's length (144 bytes): not the hash of anything. */
    static final String PHOTODNA = "QUJD".repeat(48);

    static List<ListEntry> read(String text, @Nullable ListFormat format) throws Exception {
        List<ListEntry> out = new ArrayList<>();
        try (ListReader r = ListReader.open(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                "t",
                ReadOptions.DEFAULTS.withFormat(format))) {
            for (ListEntry e; (e = r.next()) != null; ) {
                out.add(e);
            }
            if (format == null) {
                assertThat(r.format()).isNotNull();
            }
        }
        return out;
    }

    @Test
    void icseCsvBySemicolonsWithFlagsAsTags() throws Exception {
        String icse = "MD5;SHA1;PhotoDNA;Image ID;Is distributed;Victim identified;Offender identified;Series name;"
                + "Number of submissions;File Available;Media Type;Baseline\r\n"
                + MD5.toUpperCase() + ";" + SHA1 + ";" + PHOTODNA + ";4711;Y;N;yes;\"Series; one\";3;n;Image;TRUE\r\n"
                + ";" + SHA1.replace('d', 'e') + ";;4712;;;;;;;;\r\n";
        List<ListEntry> entries = read(icse, null);
        assertThat(entries).hasSize(2);
        ListEntry first = entries.get(0);
        assertThat(first.hashes())
                .isEqualTo(Map.of(HashKind.MD5, MD5, HashKind.SHA1, SHA1, HashKind.PHOTODNA, PHOTODNA));
        assertThat(first.externalId()).isEqualTo("4711");
        assertThat(first.category()).isNull();
        assertThat(first.tags())
                .containsExactly(
                        "icse-baseline",
                        "icse-distributed",
                        "icse-offender-identified",
                        "icse-series:Series__one",
                        "icse-media:Image");
        assertThat(first.line()).isEqualTo(2);
        assertThat(entries.get(1).hashes()).containsOnlyKeys(HashKind.SHA1);
        assertThat(entries.get(1).tags()).isEmpty();
    }

    @Test
    void icseRowWithoutHashIsAnError() {
        assertThatThrownBy(() -> read("MD5;Image ID\n;1\n", ListFormat.ICSE_CSV))
                .isInstanceOf(ListFormatException.class)
                .hasMessage("t:2: row has no hash (MD5, SHA1 or PhotoDNA)");
    }

    @Test
    void ncmecXmlInItsThreeShapes() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <HashList xmlns="urn:example:hashlist">
                  <File>
                    <ID>n-1</ID>
                    <MD5>%s</MD5>
                    <SHA1>%s</SHA1>
                  </File>
                  <File id="n-2" sha256="%s" category="1"/>
                  <Record>
                    <Hash type="MD5">%s</Hash>
                    <Hash algorithm="PhotoDNA">%s</Hash>
                  </Record>
                </HashList>
                """.formatted(MD5, SHA1, SHA256, MD5.replace('a', 'b'), PHOTODNA);
        List<ListEntry> entries = read(xml, null);
        assertThat(entries).hasSize(3);
        assertThat(entries.get(0).hashes()).isEqualTo(Map.of(HashKind.MD5, MD5, HashKind.SHA1, SHA1));
        assertThat(entries.get(0).externalId()).isEqualTo("n-1");
        assertThat(entries.get(0).line()).isEqualTo(3);
        assertThat(entries.get(1).hashes()).isEqualTo(Map.of(HashKind.SHA256, SHA256));
        assertThat(entries.get(1).externalId()).isEqualTo("n-2");
        assertThat(entries.get(1).category()).isEqualTo("1");
        assertThat(entries.get(2).hashes())
                .isEqualTo(Map.of(HashKind.MD5, MD5.replace('a', 'b'), HashKind.PHOTODNA, PHOTODNA));
    }

    @Test
    void ncmecXmlRefusesDoctypesAndBadHashes() {
        assertThatThrownBy(() -> read(
                        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x><MD5>&e;</MD5></x>",
                        ListFormat.NCMEC_XML))
                .isInstanceOf(ListFormatException.class);
        assertThatThrownBy(() -> read("<x><f><MD5>abc</MD5></f></x>", ListFormat.NCMEC_XML))
                .isInstanceOf(ListFormatException.class)
                .hasMessageContaining("MD5 hash must be 32 hex digits");
    }

    @Test
    void checksumToolLines() throws Exception {
        String sums = MD5 + "  photos/a b.jpg\n"
                + SHA1 + " *bin/x.dat\n"
                + "\\" + SHA256 + "  dir\\\\back\\nslash\n"
                + "SHA256 (tagged.png) = " + SHA256.replace('e', 'f') + "\n";
        List<ListEntry> entries = read(sums, null);
        assertThat(entries.stream().map(e -> e.hashes().keySet().iterator().next()))
                .containsExactly(HashKind.MD5, HashKind.SHA1, HashKind.SHA256, HashKind.SHA256);
        assertThat(entries.stream().map(ListEntry::externalId))
                .containsExactly("photos/a b.jpg", "bin/x.dat", "dir\\back\nslash", "tagged.png");
    }

    @Test
    void oneWordHeaderStatesTheKind() throws Exception {
        List<ListEntry> entries = read("SHA256\n" + SHA256 + "\n", null);
        assertThat(entries).singleElement().satisfies(e -> assertThat(e.hashes())
                .containsOnlyKeys(HashKind.SHA256));
        List<ListEntry> pdq = read("PDQ\n" + SHA256 + "\n", null);
        assertThat(pdq.get(0).hashes()).containsOnlyKeys(HashKind.PDQ);
        assertThatThrownBy(() -> read("MD5\n" + SHA1 + "\n", null))
                .isInstanceOf(ListFormatException.class)
                .hasMessageContaining("MD5 hash must be 32 hex digits");
    }

    @Test
    void photoDnaInAlternativeHashesIsKept() throws Exception {
        String vics = """
                {"@odata.context": "http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media",
                 "value": [{"MediaID": 1, "Category": 1, "MD5": "%s",
                   "AlternativeHashes": [{"HashName": "PhotoDNA", "HashValue": "%s"}]}]}
                """.formatted(MD5, PHOTODNA);
        ListEntry e = read(vics, null).get(0);
        assertThat(e.hashes()).isEqualTo(Map.of(HashKind.MD5, MD5, HashKind.PHOTODNA, PHOTODNA));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ListWriter w = ListWriter.open(out, ListFormat.VICS_JSON)) {
            w.write(e);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"PhotoDNA\": \"" + PHOTODNA + "\"");
        assertThat(read(out.toString(StandardCharsets.UTF_8), null).get(0).withLine(0))
                .isEqualTo(e.withLine(0));
    }

    @Test
    void vics13HeaderIsTheOneSuitesCheck() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (VicsMediaWriter w = ListWriter.vics(out, VicsVersion.V1_3)) {
            w.write(ListEntry.of(HashKind.MD5, MD5, "x"), 10, List.of(VicsMediaFile.at("img.dd!/p1/a.jpg")));
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .startsWith(
                        "{\n \"odata.metadata\": \"http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media\",\n \"value\": [")
                .contains("\"FileName\": \"a.jpg\"", "\"FilePath\": \"img.dd!/p1/a.jpg\"", "\"MediaSize\": 10");
        assertThat(read(text, null)).singleElement().satisfies(e -> assertThat(e.hash(HashKind.MD5))
                .isEqualTo(MD5));
    }

    @Test
    void categoryTable() {
        assertThat(VicsCategories.number("POSITIVE_CLASS")).isEqualTo(1);
        assertThat(VicsCategories.number("NEGATIVE_CLASS")).isEqualTo(0);
        assertThat(VicsCategories.number("3")).isEqualTo(3);
        assertThat(VicsCategories.number("INVESTIGATION_SEED")).isNull();
        assertThat(VicsCategories.number("007")).isNull();
        assertThat(VicsCategories.number("100")).isNull();
        assertThat(VicsCategories.number(null)).isNull();
    }
}
