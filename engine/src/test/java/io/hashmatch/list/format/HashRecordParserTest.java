package io.hashmatch.list.format;

import static io.hashmatch.list.format.CorruptListsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.hash.HashKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code hashmatch hash} JSON Lines as a list: one entry (item) per record, its variants kept; exact errors. */
class HashRecordParserTest {
    static final String PDQ_A = CorruptListsTest.PDQ_A;
    static final String PDQ_B = CorruptListsTest.PDQ_B;
    static final String PDQ_C = "f".repeat(64);
    static final String MD5_A = CorruptListsTest.MD5_A;
    static final String SHA1_A = "0123456789abcdef0123456789abcdef01234567";
    static final String SHA256_A = "ab".repeat(32);
    static final ReadOptions JSONL = ReadOptions.DEFAULTS.withFormat(ListFormat.HASH_JSONL);

    /** A record as {@code hashmatch hash --variants} writes it (the contract's shape). */
    static final String WITH_VARIANTS = "{\"path\":\"a/photo.png\",\"size\":1234,\"md5\":\"" + MD5_A + "\",\"sha1\":\""
            + SHA1_A + "\",\"sha256\":\"" + SHA256_A + "\",\"pdq\":\"" + PDQ_A.toUpperCase(java.util.Locale.ROOT)
            + "\",\"quality\":100,\"width\":640,\"height\":480,\"format\":\"png\",\"variants\":["
            + "{\"kind\":\"crop\",\"transform\":\"original\",\"rect\":[32,24,576,432],\"pdq\":\"" + PDQ_B
            + "\",\"quality\":93},"
            + "{\"kind\":\"grid\",\"transform\":\"rot90\",\"rect\":[0,0,320,240],\"pdq\":\"" + PDQ_C
            + "\",\"quality\":71}]}";

    @Test
    void aRecordWithVariantsIsOneEntryHoldingEveryHash() throws Exception {
        List<ListEntry> entries = Lists.read(
                WITH_VARIANTS + "\n\n{\"path\":\"b.png\",\"md5\":\"" + CorruptListsTest.MD5_B + "\"}\n", JSONL);
        assertThat(entries).hasSize(2);
        ListEntry a = entries.get(0);
        assertThat(a.hashes())
                .containsExactly(
                        Map.entry(HashKind.PDQ, PDQ_A),
                        Map.entry(HashKind.MD5, MD5_A),
                        Map.entry(HashKind.SHA1, SHA1_A),
                        Map.entry(HashKind.SHA256, SHA256_A));
        assertThat(a.externalId()).isEqualTo("a/photo.png");
        assertThat(a.pdqQuality()).isEqualTo(100);
        assertThat(a.line()).isEqualTo(1);
        assertThat(a.sourceList()).isEqualTo("t");
        assertThat(a.variants())
                .containsExactly(
                        new ListEntry.VariantHash(new HashVariant("crop", "original", 32, 24, 576, 432), PDQ_B, 93),
                        new ListEntry.VariantHash(new HashVariant("grid", "rot90", 0, 0, 320, 240), PDQ_C, 71));
        ListEntry b = entries.get(1);
        assertThat(b.hashes()).containsExactly(Map.entry(HashKind.MD5, CorruptListsTest.MD5_B));
        assertThat(b.variants()).isEmpty();
        assertThat(b.pdqQuality()).isEqualTo(ListEntry.QUALITY_UNKNOWN);
        assertThat(b.line()).isEqualTo(3);
    }

    @Test
    void dihedralHashesBecomeDihedralVariantsAfterTheOriginal() throws Exception {
        StringBuilder dihedral = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            dihedral.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(Integer.toHexString(i).repeat(64))
                    .append('"');
        }
        ListEntry e = Lists.read(
                        "{\"path\":\"d.png\",\"pdq\":\"" + PDQ_A + "\",\"quality\":80,\"dihedral\":[" + dihedral + "]}",
                        JSONL)
                .get(0);
        assertThat(e.variants()).hasSize(7);
        assertThat(e.variants().get(0))
                .isEqualTo(new ListEntry.VariantHash(
                        new HashVariant("dihedral", "rot90", 0, 0, 0, 0), "1".repeat(64), 80));
        assertThat(e.variants().get(6).variant().transform()).isEqualTo("flipminus1");
    }

    @Test
    void failedAndVideoRecordsAreSkippedWithWarnings() throws Exception {
        String text =
                "{\"path\":\"bad.png\",\"size\":7,\"format\":\"png\",\"error\":{\"code\":\"truncated\",\"message\":\"x\"}}\n"
                        + "{\"path\":\"v.mp4\",\"md5\":\"" + MD5_A + "\",\"vpdq\":[\"0,100," + PDQ_A + ",0.000\"]}\n";
        try (ListReader r = ListReader.open(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t", ReadOptions.DEFAULTS)) {
            assertThat(r.format()).isEqualTo(ListFormat.HASH_JSONL); // detected from the first line
            List<ListEntry> entries = Lists.drain(r);
            assertThat(entries).hasSize(1);
            assertThat(entries.get(0).hashes()).containsExactly(Map.entry(HashKind.MD5, MD5_A));
            assertThat(r.warnings())
                    .containsExactly(
                            new ListWarning("t", 1, "skipped: the file was not hashed (truncated)"),
                            new ListWarning(
                                    "t",
                                    2,
                                    "video frames (vpdq) not imported: import the video's vPDQ file (--format vpdq)"));
        }
    }

    @Test
    void detectionTellsRecordsFromVics() throws Exception {
        assertThat(ListFormat.detect(write(WITH_VARIANTS + "\n"))).isEqualTo(ListFormat.HASH_JSONL);
        assertThat(ListFormat.detect(write("{\"@odata.context\":\"x#Media\",\"value\":[]}\n")))
                .isEqualTo(ListFormat.VICS_JSON);
        assertThat(ListFormat.detect(write(CorruptListsTest.HASH_SET))).isEqualTo(ListFormat.VICS_JSON);
    }

    private static java.nio.file.Path write(String text) throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("records", ".jsonl");
        f.toFile().deleteOnExit();
        java.nio.file.Files.writeString(f, text);
        return f;
    }

    @Test
    void malformedRecordsAreErrorsAtTheirLineAndColumn() {
        String ok = "{\"path\":\"a\",\"md5\":\"" + MD5_A + "\"}\n";
        assertError(
                ok + "not json\n",
                JSONL,
                2,
                4,
                "invalid JSON: Unrecognized token 'not': was expecting"
                        + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
        assertError(ok + "[1]\n", JSONL, 2, 1, "not a hashmatch hash record: expected a JSON object on the line");
        assertError(
                ok + "{\"md5\":\"" + CorruptListsTest.MD5_B + "\"",
                JSONL,
                2,
                42,
                "truncated JSON: the record ends before its closing '}'");
        assertError(
                ok + "{\"md5\":\"" + CorruptListsTest.MD5_B + "\"} {}\n",
                JSONL,
                2,
                44,
                "data after the record's closing '}' on the same line");
        assertError(
                ok + "{\"path\":\"b\",\"md5\":\"" + MD5_A.substring(1) + "g\"}\n",
                JSONL,
                2,
                51,
                "not a hex digit in the MD5 hash: 'g'");
        assertError(ok + "{\"path\":\"b\"}\n", JSONL, 2, 0, "record has no hash (md5, sha1, sha256 or pdq)");
        assertError(ok + "{\"pdq\":\"" + PDQ_A + "\"}\n", JSONL, 2, 0, "record has a pdq but no quality");
        assertError("{\"pdq\":\"" + PDQ_A + "\",\"quality\":101}\n", JSONL, 1, 85, "quality must be 0..100, got 101");
        assertError(
                "{\"pdq\":\"" + PDQ_A + "\",\"quality\":\"high\"}\n",
                JSONL,
                1,
                85,
                "quality must be a whole number 0..100");
        String head = "{\"pdq\":\"" + PDQ_A + "\",\"quality\":90,\"variants\":";
        int at = head.length() + 1;
        assertError(head + "{}}\n", JSONL, 1, at, "variants must be an array of objects");
        assertError(
                head + "[{\"kind\":\"tile\"}]}\n", JSONL, 1, at + 1, "variant needs kind, pdq and quality (has kind)");
        assertError(
                head + "[{\"kind\":\"blob\"}]}\n",
                JSONL,
                1,
                at + 9,
                "unknown variant kind 'blob' (trim, tile, embedded, crop, grid, dihedral, uncrop, unmark, opening)");
        assertError(
                head + "[{\"kind\":\"whole\"}]}\n",
                JSONL,
                1,
                at + 9,
                "unknown variant kind 'whole' (trim, tile, embedded, crop, grid, dihedral, uncrop, unmark, opening)");
        assertError(
                head + "[{\"kind\":\"tile\",\"transform\":\"rot45\"}]}\n",
                JSONL,
                1,
                at + 28,
                "unknown variant transform 'rot45' (original, rot90, rot180, rot270, flipx, flipy, flipplus1,"
                        + " flipminus1)");
        assertError(
                head + "[{\"kind\":\"tile\",\"rect\":[1,2,3]}]}\n",
                JSONL,
                1,
                at + 29,
                "rect must be [x, y, width, height], got 3 numbers");
        assertError(
                head + "[{\"kind\":\"tile\",\"rect\":[1,-2,3,4]}]}\n",
                JSONL,
                1,
                at + 26,
                "rect has a negative value: -2");
        assertError(
                head + "[{\"kind\":\"tile\",\"pdq\":\"00\",\"quality\":5}]}\n",
                JSONL,
                1,
                at + 23,
                "PDQ hash must be 64 hex digits, got 2");
        assertError(
                "{\"md5\":\"" + MD5_A + "\",\"variants\":[]}\n{\"md5\":\"" + MD5_A + "\"}\n",
                JSONL,
                2,
                0,
                "duplicate MD5 " + MD5_A + ": first on line 1");
        assertError(
                "{\"md5\":\"" + MD5_A + "\",\"md5\":\"" + MD5_A + "\"}\n",
                JSONL,
                1,
                48,
                "invalid JSON: Duplicate field 'md5'");
    }

    @Test
    void writerWritesWhatTheReaderReads() throws Exception {
        List<ListEntry> entries = Lists.read(WITH_VARIANTS + "\n", JSONL);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ListWriter w = ListWriter.open(out, ListFormat.HASH_JSONL)) {
            for (ListEntry e : entries) {
                w.write(e);
            }
        }
        String written = out.toString(StandardCharsets.UTF_8);
        assertThat(written)
                .isEqualTo("{\"path\":\"a/photo.png\",\"md5\":\"" + MD5_A + "\",\"sha1\":\"" + SHA1_A
                        + "\",\"sha256\":\""
                        + SHA256_A + "\",\"pdq\":\"" + PDQ_A + "\",\"quality\":100,\"variants\":["
                        + "{\"kind\":\"crop\",\"transform\":\"original\",\"rect\":[32,24,576,432],\"pdq\":\"" + PDQ_B
                        + "\",\"quality\":93},"
                        + "{\"kind\":\"grid\",\"transform\":\"rot90\",\"rect\":[0,0,320,240],\"pdq\":\"" + PDQ_C
                        + "\",\"quality\":71}]}\n");
        assertThat(Lists.read(written, JSONL)).isEqualTo(entries);
    }
}
