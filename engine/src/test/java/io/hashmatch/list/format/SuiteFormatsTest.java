package io.hashmatch.list.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.hash.HashKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The list formats of the forensic suites and tools: ICSE CSV, NCMEC XML, checksum lines, one-word headers; each read,
 * written (exact bytes) and read back.
 */
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

    /** Synthetic PDQ hash of a benign test image ({@code hashlists/demo}). */
    static final String PDQ = "e1f27e05836640f9bf0c828fb2fc6e83a58350fe2e1cf1835a78236e63259e78";

    private static final String NCMEC_GOLDEN = "/io/hashmatch/list/format/ncmec.golden.xml";

    /** Three records: every kind with id, category, date and NCMEC member; PhotoDNA and PDQ only; one bare MD5. */
    static List<ListEntry> ncmecEntries() {
        return List.of(
                new ListEntry(
                        Map.of(HashKind.MD5, MD5, HashKind.SHA1, SHA1, HashKind.SHA256, SHA256, HashKind.PDQ, PDQ),
                        "image1",
                        "A1",
                        List.of("ncmec-member:42"),
                        "t",
                        Instant.parse("2026-11-01T10:20:30Z"),
                        0),
                new ListEntry(
                        Map.of(HashKind.PDQ, PDQ.replace('e', 'f'), HashKind.PHOTODNA, PHOTODNA),
                        "<&\"é\rx",
                        "POSITIVE_CLASS",
                        List.of(),
                        "t",
                        null,
                        0),
                ListEntry.of(HashKind.MD5, MD5.replace('a', 'b'), "t"));
    }

    private static String write(ListFormat format, @Nullable HashKind kind, List<ListEntry> entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ListWriter w = ListWriter.open(out, format, kind)) {
            for (ListEntry e : entries) {
                w.write(e);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The exporter's own NCMEC member id in the golden file: entries without a member of their own get it. */
    static final long MEMBER = 7;

    private static String writeNcmec(long member, List<ListEntry> entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ListWriter w = ListWriter.ncmec(out, member)) {
            for (ListEntry e : entries) {
                w.write(e);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void ncmecXmlWriterGoldenFile() throws Exception {
        String written = writeNcmec(MEMBER, ncmecEntries());
        Files.writeString(Path.of("target", "ncmec.actual.xml"), written); // to compare when it fails
        try (InputStream in = SuiteFormatsTest.class.getResourceAsStream(NCMEC_GOLDEN)) {
            assertThat(written)
                    .isEqualTo(new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /**
     * What python-threatexchange's NCMEC client reads of each entry ({@code NCMECEntryUpdate.from_xml}:
     * {@code xml["member"].int("id")}, {@code xml["id"]}, classification, fingerprints): every entry has a member
     * with a whole-number id, its own when it came from NCMEC; read back, the configured one is the entry's member tag.
     */
    @Test
    void ncmecXmlWithAMemberIdRoundTripsAndGivesEveryEntryItsMember() throws Exception {
        String xml = writeNcmec(MEMBER, ncmecEntries());
        org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newDefaultNSInstance()
                .newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        org.w3c.dom.NodeList images = doc.getElementsByTagNameNS(NcmecXmlWriter.NAMESPACE, "image");
        List<String> members = new java.util.ArrayList<>();
        for (int i = 0; i < images.getLength(); i++) {
            org.w3c.dom.Element image = (org.w3c.dom.Element) images.item(i);
            org.w3c.dom.NodeList member = image.getElementsByTagNameNS(NcmecXmlWriter.NAMESPACE, "member");
            assertThat(member.getLength()).as("image " + i).isEqualTo(1);
            members.add(((org.w3c.dom.Element) member.item(0)).getAttribute("id"));
        }
        assertThat(members).containsExactly("42", "7", "7");
        List<ListEntry> expected = ncmecEntries().stream()
                .map(e -> e.tags().isEmpty()
                        ? new ListEntry(
                                e.hashes(),
                                e.externalId(),
                                e.category(),
                                List.of("ncmec-member:7"),
                                e.sourceList(),
                                e.dateAdded(),
                                e.line())
                        : e)
                .toList();
        assertThat(read(xml, null).stream().map(e -> e.withLine(0))).containsExactlyElementsOf(expected);
        assertThatThrownBy(() -> ListWriter.ncmec(new ByteArrayOutputStream(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }

    @Test
    void ncmecXmlRoundTrip() throws Exception {
        String xml = write(ListFormat.NCMEC_XML, null, ncmecEntries());
        assertThat(read(xml, null).stream().map(e -> e.withLine(0))).containsExactlyElementsOf(ncmecEntries());
    }

    /** The answer of NCMEC's hash-sharing API (v2, as python-threatexchange's tests show it), with synthetic values. */
    @Test
    void ncmecApiAnswerGivesOneEntryPerImageOrVideo() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <queryResult xmlns="https://hashsharing.ncmec.org/hashsharing/v2">
                    <images count="2" maxTimestamp="2017-10-24T15:10:00Z">
                        <image>
                            <member id="42">Example Member</member>
                            <timestamp>2017-10-24T15:00:00Z</timestamp>
                            <id>image1</id>
                            <classification>A1</classification>
                            <fingerprints>
                                <md5>%s</md5>
                                <sha1>%s</sha1>
                                <pdna>%s</pdna>
                                <pdq>%s</pdq>
                                <netclean>ignored</netclean>
                            </fingerprints>
                            <feedback lastUpdateTimestamp="2023-06-01T12:48:14Z">
                                <affirmativeFeedback type="Md5" lastUpdateTimestamp="2023-06-01T12:48:14Z">
                                    <members timestamp="2023-06-01T12:48:14Z">
                                        <member id="43">Another Member</member>
                                    </members>
                                </affirmativeFeedback>
                            </feedback>
                        </image>
                        <deletedImage>
                            <member id="43">Example Member2</member>
                            <id>image4</id>
                            <timestamp>2017-10-24T15:10:00Z</timestamp>
                        </deletedImage>
                    </images>
                    <videos count="1" maxTimestamp="2017-10-24T15:20:00Z">
                        <video>
                            <member id="42">Example Member</member>
                            <timestamp>2017-10-24T15:00:00Z</timestamp>
                            <id>video1</id>
                            <fingerprints><md5>%s</md5></fingerprints>
                        </video>
                    </videos>
                    <paging><next>/v2/entries?from=2017-10-20T00%%3A00%%3A00.000Z&amp;start=2001</next></paging>
                </queryResult>
                """.formatted(MD5, SHA1, PHOTODNA, PDQ, MD5.replace('a', 'c'));
        List<ListEntry> entries = read(xml, null);
        assertThat(entries.stream().map(e -> e.withLine(0)))
                .containsExactly(
                        new ListEntry(
                                Map.of(
                                        HashKind.MD5,
                                        MD5,
                                        HashKind.SHA1,
                                        SHA1,
                                        HashKind.PHOTODNA,
                                        PHOTODNA,
                                        HashKind.PDQ,
                                        PDQ),
                                "image1",
                                "A1",
                                List.of("ncmec-member:42"),
                                "t",
                                Instant.parse("2017-10-24T15:00:00Z"),
                                0),
                        new ListEntry(
                                Map.of(HashKind.MD5, MD5.replace('a', 'c')),
                                "video1",
                                null,
                                List.of("ncmec-member:42"),
                                "t",
                                Instant.parse("2017-10-24T15:00:00Z"),
                                0));
        assertThat(entries.get(0).line()).isEqualTo(4);
    }

    @Test
    void icseCsvWriterKeepsColumnsFlagsAndHashmatchColumns() throws Exception {
        ListEntry e = new ListEntry(
                Map.of(HashKind.MD5, MD5, HashKind.PHOTODNA, PHOTODNA, HashKind.PDQ, PDQ),
                "4711",
                "1",
                List.of("icse-distributed", "icse-baseline", "icse-series:Series_one", "icse-media:Image", "demo"),
                "t",
                Instant.parse("2026-11-01T00:00:00Z"),
                0);
        ListEntry bare = ListEntry.of(HashKind.SHA1, SHA1, "t");
        String csv = write(ListFormat.ICSE_CSV, null, List.of(e, bare));
        assertThat(csv)
                .isEqualTo("MD5;SHA1;PhotoDNA;Image ID;Is distributed;Victim identified;Offender identified;"
                        + "Series name;Number of submissions;File Available;Media Type;Baseline;"
                        + "SHA256;PDQ;Category;Tags;Date updated\r\n"
                        + MD5.toUpperCase() + ";;" + PHOTODNA + ";4711;Y;N;N;Series_one;;N;Image;Y;;" + PDQ
                        + ";1;demo;2026-11-01T00:00:00Z\r\n"
                        + ";" + SHA1.toUpperCase() + ";;;N;N;N;;;N;;N;;;;;\r\n");
        // the reader sorts the flag tags, then series, media, the rest
        ListEntry expected = new ListEntry(
                e.hashes(),
                "4711",
                "1",
                List.of("icse-baseline", "icse-distributed", "icse-series:Series_one", "icse-media:Image", "demo"),
                "t",
                e.dateAdded(),
                0);
        assertThat(read(csv, null).stream().map(x -> x.withLine(0))).containsExactly(expected, bare);
    }

    @Test
    void checksumLinesWrittenAsTheToolsPrintThem() throws Exception {
        ListEntry both = new ListEntry(
                Map.of(HashKind.MD5, MD5, HashKind.SHA256, SHA256, HashKind.PDQ, PDQ),
                "photos/a b.jpg",
                "1",
                List.of("x"),
                "t",
                null,
                0);
        ListEntry escaped =
                new ListEntry(Map.of(HashKind.SHA1, SHA1), "dir\\back\nslash", null, List.of(), "t", null, 0);
        ListEntry unnamed = ListEntry.of(HashKind.MD5, MD5.replace('a', 'b'), "t");
        ListEntry pdqOnly = ListEntry.of(HashKind.PDQ, PDQ.replace('e', 'f'), "t");
        String sums = write(ListFormat.CHECKSUMS, null, List.of(both, escaped, unnamed, pdqOnly));
        assertThat(sums)
                .isEqualTo(MD5 + "  photos/a b.jpg\n"
                        + SHA256 + "  photos/a b.jpg\n"
                        + "\\" + SHA1 + "  dir\\\\back\\nslash\n"
                        + MD5.replace('a', 'b') + "  -\n");
        assertThat(read(sums, null).stream().map(e -> e.withLine(0)))
                .containsExactly(
                        new ListEntry(Map.of(HashKind.MD5, MD5), "photos/a b.jpg", null, List.of(), "t", null, 0),
                        new ListEntry(Map.of(HashKind.SHA256, SHA256), "photos/a b.jpg", null, List.of(), "t", null, 0),
                        escaped,
                        unnamed);
        assertThat(write(ListFormat.CHECKSUMS, HashKind.SHA256, List.of(both, escaped)))
                .isEqualTo(SHA256 + "  photos/a b.jpg\n");
        assertThatThrownBy(() -> ListWriter.open(new ByteArrayOutputStream(), ListFormat.CHECKSUMS, HashKind.PDQ))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checksum tools print MD5, SHA-1 and SHA-256 only, not PDQ");
    }

    @Test
    void hexListWrittenWithItsOneWordHeader() throws Exception {
        List<ListEntry> entries = List.of(
                new ListEntry(Map.of(HashKind.MD5, MD5, HashKind.SHA256, SHA256), "a", "1", List.of(), "t", null, 0),
                ListEntry.of(HashKind.MD5, MD5.toUpperCase().replace('A', 'B'), "t"),
                ListEntry.of(HashKind.SHA1, SHA1, "t"));
        String md5 = write(ListFormat.HEX, HashKind.MD5, entries);
        assertThat(md5).isEqualTo("MD5\n" + MD5 + "\n" + MD5.replace('a', 'b') + "\n");
        assertThat(read(md5, null).stream().map(e -> e.withLine(0)))
                .containsExactly(
                        ListEntry.of(HashKind.MD5, MD5, "t"), ListEntry.of(HashKind.MD5, MD5.replace('a', 'b'), "t"));
        String sha256 = write(ListFormat.HEX, HashKind.SHA256, entries);
        assertThat(sha256).isEqualTo("SHA256\n" + SHA256 + "\n");
        assertThat(read(sha256, null)).singleElement().satisfies(e -> assertThat(e.hashes())
                .isEqualTo(Map.of(HashKind.SHA256, SHA256)));
        assertThatThrownBy(() -> ListWriter.open(new ByteArrayOutputStream(), ListFormat.HEX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a hex list holds one kind of hex hash");
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
