package io.hashmatch.list.format;

import static io.hashmatch.hash.HashKind.MD5;
import static io.hashmatch.hash.HashKind.PDQ;
import static io.hashmatch.hash.HashKind.SHA1;
import static io.hashmatch.hash.HashKind.SHA256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every example of /work/shared/formats, read with exact expected values. */
class ExampleListsTest {
    private static final String PDQ_0 = "e1f27e05836640f9bf0c828fb2fc6e83a58350fe2e1cf1835a78236e63259e78";
    private static final String PDQ_1 = "ade1ad63e394caa11ca1150a5f966a94a05ebc7b6a3ec15e956288e3e2bc7f84";
    private static final String PDQ_2 = "cce6cc66605e311a331b331949b1b1993399731927a5cee4cee4cee4b96e311b";
    private static final String PDQ_6 = "ac5b0807c5da8ff4f45bf0240f5f500febf0dff05021a83116af238fa1f05c7a";
    private static final String PDQ_8 = "d8f6670903b33c8c3b1bd8cc989e037944e6b7913f61440ed89d2b6e27fec489";
    private static final String MD5_0 = "a7fc9bc8da3585694c293572feefb757";
    private static final String MD5_2 = "29dd21189fe342fef15130f2e71e8fb5";
    private static final String MD5_6 = "b147fb08e0a545c1ade574ee0d833220";
    private static final String MD5_8 = "46566e8cd24e022a98d69fa6aa478d65";
    private static final Instant UPDATED = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void teSignals() throws Exception {
        List<ListEntry> entries = Lists.read(Lists.example("te-signals.txt"), ReadOptions.DEFAULTS);
        assertThat(entries).hasSize(4);
        assertThat(entries.getFirst())
                .isEqualTo(new ListEntry(Map.of(PDQ, PDQ_0), null, null, List.of(), "te-signals.txt", null, 1));
        assertThat(entries.getLast())
                .isEqualTo(new ListEntry(Map.of(MD5, MD5_6), null, null, List.of(), "te-signals.txt", null, 4));
        assertThat(entries)
                .extracting(e -> e.hashes().keySet().iterator().next())
                .containsExactly(PDQ, PDQ, PDQ, MD5);
    }

    @Test
    void pdqBareAsHexListOrBareSignals() throws Exception {
        ReadOptions pdq = ReadOptions.DEFAULTS.withHashKind(PDQ);
        List<ListEntry> asHex = Lists.read(Lists.example("pdq-bare.txt"), pdq);
        assertThat(asHex).hasSize(6);
        assertThat(asHex.getFirst())
                .isEqualTo(new ListEntry(Map.of(PDQ, PDQ_0), null, null, List.of(), "pdq-bare.txt", null, 1));
        assertThat(asHex.getLast())
                .isEqualTo(new ListEntry(Map.of(PDQ, PDQ_8), null, null, List.of(), "pdq-bare.txt", null, 6));
        assertThat(Lists.read(Lists.example("pdq-bare.txt"), pdq.withFormat(ListFormat.TE_TEXT)))
                .isEqualTo(asHex);
    }

    @Test
    void pdqBareNeedsItsKind() {
        assertThatThrownBy(() -> Lists.read(Lists.example("pdq-bare.txt"), ReadOptions.DEFAULTS))
                .isInstanceOfSatisfying(ListFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.column()).isEqualTo(1);
                    assertThat(e.reason())
                            .isEqualTo(
                                    "64 hex digits is SHA-256 or PDQ: state the kind of the list (hash kind option)");
                });
    }

    @Test
    void md5List() throws Exception {
        List<ListEntry> entries = Lists.read(Lists.example("md5-list.txt"), ReadOptions.DEFAULTS);
        assertThat(entries).hasSize(6);
        assertThat(entries.getFirst())
                .isEqualTo(new ListEntry(Map.of(MD5, MD5_0), null, null, List.of(), "md5-list.txt", null, 1));
        assertThat(entries.getLast())
                .isEqualTo(new ListEntry(Map.of(MD5, MD5_8), null, null, List.of(), "md5-list.txt", null, 6));
    }

    @Test
    void sha256List() throws Exception {
        List<ListEntry> entries =
                Lists.read(Lists.example("sha256-list.txt"), ReadOptions.DEFAULTS.withHashKind(SHA256));
        assertThat(entries).hasSize(6);
        assertThat(entries.getFirst().hashes())
                .isEqualTo(Map.of(SHA256, "f4428b1543bf00db3597f0d37103088017d50399ef7d151fa633297f0606e8d0"));
        assertThat(entries.getLast().hashes())
                .isEqualTo(Map.of(SHA256, "45cac4e9c5f20080e835521b16e34ab898a37efc67dc3e063db24c126a6f3f20"));
        assertThat(entries.getLast().line()).isEqualTo(6);
    }

    @Test
    void teDataset() throws Exception {
        List<ListEntry> entries = Lists.read(Lists.example("te-dataset.csv"), ReadOptions.DEFAULTS);
        assertThat(entries)
                .containsExactly(
                        new ListEntry(
                                Map.of(PDQ, PDQ_0),
                                null,
                                "POSITIVE_CLASS",
                                List.of("demo", "synthetic"),
                                "Sample Collab",
                                null,
                                2),
                        new ListEntry(Map.of(PDQ, PDQ_1), null, "POSITIVE_CLASS", List.of(), "Sample Collab", null, 3),
                        new ListEntry(
                                Map.of(PDQ, PDQ_2),
                                null,
                                "NEGATIVE_CLASS",
                                List.of("demo", "synthetic"),
                                "Sample Collab",
                                null,
                                4),
                        new ListEntry(
                                Map.of(PDQ, PDQ_6), null, "INVESTIGATION_SEED", List.of(), "Sample Collab", null, 5));
        assertThat(entries).extracting(ListEntry::isSuppression).containsExactly(false, false, true, false);
    }

    @Test
    void teDatasetSourceListNamedByTheCaller() throws Exception {
        List<ListEntry> entries =
                Lists.read(Lists.example("te-dataset.csv"), ReadOptions.DEFAULTS.withSourceList("te"));
        assertThat(entries).extracting(ListEntry::sourceList).containsOnly("te");
    }

    @Test
    void vics20HashSetWithBom() throws Exception {
        List<ListEntry> entries = Lists.read(Lists.example("vics-2.0-hashset.json"), ReadOptions.DEFAULTS);
        assertThat(entries).hasSize(6);
        assertThat(entries.getFirst())
                .isEqualTo(new ListEntry(
                                Map.of(MD5, MD5_0, SHA1, "995d485453c3217869de45e9ad9024e45784c258", PDQ, PDQ_0),
                                "100",
                                "1",
                                List.of(),
                                "vics-2.0-hashset.json",
                                UPDATED,
                                4)
                        .withMedia(8775, List.of(VicsMediaFile.at("demo/photolike_00_640x480.jpg"))));
        assertThat(entries.getLast())
                .isEqualTo(new ListEntry(
                                Map.of(MD5, MD5_8, SHA1, "a6565b9049932d458a650139b96ad3ad76a1659c", PDQ, PDQ_8),
                                "105",
                                "1",
                                List.of(),
                                "vics-2.0-hashset.json",
                                UPDATED,
                                139)
                        .withMedia(665557, List.of(VicsMediaFile.at("demo/photolike_08_480x640.png"))));
        assertThat(entries).extracting(ListEntry::externalId).containsExactly("100", "101", "102", "103", "104", "105");
        assertThat(entries).extracting(ListEntry::category).containsExactly("1", "2", "3", "0", "4", "1");
        assertThat(entries).extracting(ListEntry::line).containsExactly(4, 31, 58, 85, 112, 139);
    }

    @Test
    void vics20Case() throws Exception {
        List<ListEntry> entries = Lists.read(Lists.example("vics-2.0-case.json"), ReadOptions.DEFAULTS);
        assertThat(entries).hasSize(3);
        assertThat(entries.getFirst())
                .isEqualTo(new ListEntry(
                                Map.of(MD5, MD5_0, SHA1, "995d485453c3217869de45e9ad9024e45784c258", PDQ, PDQ_0),
                                "100",
                                "1",
                                List.of(),
                                "vics-2.0-case.json",
                                UPDATED,
                                11)
                        .withMedia(8775, List.of(VicsMediaFile.at("demo/photolike_00_640x480.jpg"))));
        assertThat(entries.getLast())
                .isEqualTo(new ListEntry(
                                Map.of(MD5, MD5_2, SHA1, "6601affbc2ca7d9023762af908bbfdac2a842680", PDQ, PDQ_2),
                                "102",
                                "3",
                                List.of(),
                                "vics-2.0-case.json",
                                UPDATED,
                                65)
                        .withMedia(92795, List.of(VicsMediaFile.at("demo/photolike_02_1024x768.jpg"))));
    }

    @Test
    void vics1xCase() throws Exception {
        List<ListEntry> entries = Lists.read(Lists.example("vics-1.x-case.json"), ReadOptions.DEFAULTS);
        assertThat(entries).hasSize(3);
        assertThat(entries.getFirst())
                .isEqualTo(new ListEntry(
                                Map.of(MD5, MD5_6, SHA1, "5d5ed5902cae25f3a72b7f36f632d64783d8e21a"),
                                "103",
                                "0",
                                List.of(),
                                "vics-1.x-case.json",
                                null,
                                8)
                        .withMedia(25593, List.of(VicsMediaFile.at("demo/photolike_06_800x600.jpg"))));
        assertThat(entries.getLast())
                .isEqualTo(new ListEntry(
                                Map.of(MD5, MD5_8, SHA1, "a6565b9049932d458a650139b96ad3ad76a1659c"),
                                "105",
                                "1",
                                List.of(),
                                "vics-1.x-case.json",
                                null,
                                36)
                        .withMedia(665557, List.of(VicsMediaFile.at("demo/photolike_08_480x640.png"))));
    }

    @Test
    void examplesAreDetected() throws IOException, ListFormatException {
        assertThat(ListFormat.detect(Lists.example("te-signals.txt"))).isEqualTo(ListFormat.TE_TEXT);
        assertThat(ListFormat.detect(Lists.example("pdq-bare.txt"))).isEqualTo(ListFormat.HEX);
        assertThat(ListFormat.detect(Lists.example("md5-list.txt"))).isEqualTo(ListFormat.HEX);
        assertThat(ListFormat.detect(Lists.example("sha256-list.txt"))).isEqualTo(ListFormat.HEX);
        assertThat(ListFormat.detect(Lists.example("te-dataset.csv"))).isEqualTo(ListFormat.TE_CSV);
        assertThat(ListFormat.detect(Lists.example("vics-1.x-case.json"))).isEqualTo(ListFormat.VICS_JSON);
        assertThat(ListFormat.detect(Lists.example("vics-2.0-case.json"))).isEqualTo(ListFormat.VICS_JSON);
        assertThat(ListFormat.detect(Lists.example("vics-2.0-hashset.json"))).isEqualTo(ListFormat.VICS_JSON);
    }
}
