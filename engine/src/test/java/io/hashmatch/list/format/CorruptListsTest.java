package io.hashmatch.list.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.hash.HashKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Bad lists: the exact line, column and reason of each error. */
class CorruptListsTest {
    static final String MD5_A = "a7fc9bc8da3585694c293572feefb757";
    static final String MD5_B = "d17fb3f4721f37570234d775fce7691a";
    static final String PDQ_A = "e1f27e05836640f9bf0c828fb2fc6e83a58350fe2e1cf1835a78236e63259e78";
    static final String PDQ_B = "ade1ad63e394caa11ca1150a5f966a94a05ebc7b6a3ec15e956288e3e2bc7f84";
    static final String HASH_SET =
            "{\n \"@odata.context\": \"http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Media\",\n \"value\": [\n";
    static final ReadOptions AUTO = ReadOptions.DEFAULTS;

    static void assertError(String text, ReadOptions options, int line, int column, String reason) {
        assertError(text.getBytes(StandardCharsets.UTF_8), options, line, column, reason);
    }

    static void assertError(byte[] bytes, ReadOptions options, int line, int column, String reason) {
        assertThatThrownBy(() -> Lists.read(bytes, options)).isInstanceOfSatisfying(ListFormatException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.line()).as("line").isEqualTo(line);
            assertThat(e.column()).as("column").isEqualTo(column);
            assertThat(e.file()).isEqualTo("t");
            assertThat(e.getMessage()).isEqualTo("t:" + line + (column > 0 ? ":" + column : "") + ": " + reason);
        });
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Nested
    class Common {
        @Test
        void emptyFile() {
            assertError("", AUTO, 0, 0, "empty file");
            for (ListFormat f : ListFormat.values()) {
                assertError("", AUTO.withFormat(f), 0, 0, "empty file");
            }
        }

        @Test
        void onlyABom() {
            assertError(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, AUTO, 0, 0, "empty file");
        }

        @Test
        void onlyComments() {
            assertError("# nothing here\n\n", AUTO, 0, 0, "no entries: only blank lines, comments or skipped signals");
            assertError(
                    "# nothing here\n\n",
                    AUTO.withFormat(ListFormat.HEX),
                    0,
                    0,
                    "no entries: only blank lines, comments or skipped signals");
        }

        @Test
        void bomAtTheStartIsAccepted() throws Exception {
            byte[] bytes = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(MD5_A + "\n"));
            assertThat(Lists.read(bytes, AUTO)).extracting(ListEntry::line).containsExactly(1);
        }

        @Test
        void bomInTheMiddleOfATextList() {
            assertError(
                    MD5_A + "\n\uFEFF" + MD5_B + "\n",
                    AUTO,
                    2,
                    1,
                    "byte-order mark (U+FEFF) in the middle of the file");
            assertError(
                    "pdq " + PDQ_A + "\npdq \uFEFF" + PDQ_B + "\n",
                    AUTO,
                    2,
                    5,
                    "byte-order mark (U+FEFF) in the middle of the file");
        }

        @Test
        void bomInTheMiddleOfACsvList() {
            assertError(
                    "signal_type,signal_str,collab,category,tags\npdq," + PDQ_A + ",c,,\uFEFF\n",
                    AUTO,
                    2,
                    73,
                    "byte-order mark (U+FEFF) in the middle of the file");
        }

        @Test
        void notUtf8() {
            byte[] bytes = concat(utf8(MD5_A + "\n"), new byte[] {(byte) 0xFF, (byte) 0xFE}, utf8("\n"));
            assertError(
                    bytes,
                    AUTO.withFormat(ListFormat.HEX),
                    1,
                    0,
                    "not UTF-8 text (malformed bytes on or after this line)");
        }

        @Test
        void undetectable() {
            assertError(
                    "# a list\nhello, world\n",
                    AUTO,
                    2,
                    0,
                    "cannot detect the list format: line is not VICS JSON, NCMEC XML, a ThreatExchange CSV header,"
                            + " an ICSE header, a checksum line, '<signal_type> <signal>' or a hex hash");
        }

        @Test
        void afterAnErrorTheReaderRefusesToContinue() throws Exception {
            try (ListReader r = ListReader.open(new ByteArrayInputStream(utf8(MD5_A + "\nxyz\n")), "t", AUTO)) {
                assertThat(r.next()).isNotNull();
                assertThatThrownBy(r::next).isInstanceOf(ListFormatException.class);
                assertThatThrownBy(r::next)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessage("t: an earlier read failed; the list is not usable");
            }
        }
    }

    @Nested
    class Duplicates {
        @Test
        void rejectedByDefaultNamingBothLines() {
            assertError(
                    MD5_A + "\n" + MD5_B + "\n" + MD5_A.toUpperCase() + "\n",
                    AUTO,
                    3,
                    0,
                    "duplicate MD5 " + MD5_A + ": first on line 1");
        }

        @Test
        void keepFirstDropsTheLaterOneWithAWarning() throws Exception {
            ReadOptions keep = AUTO.withDuplicates(ReadOptions.Duplicates.KEEP_FIRST);
            try (ListReader r = ListReader.open(
                    new ByteArrayInputStream(utf8(MD5_A + "\n" + MD5_B + "\n" + MD5_A + "\n")), "t", keep)) {
                assertThat(Lists.drain(r)).extracting(ListEntry::line).containsExactly(1, 2);
                assertThat(r.warnings())
                        .containsExactly(
                                new ListWarning("t", 3, "duplicate MD5 " + MD5_A + ": first on line 1; dropped here"));
                assertThat(r.warningCount()).isEqualTo(1);
            }
        }

        @Test
        void hashesDifferingOnlyInTheirLastDigitsAreNoDuplicates() throws Exception {
            // a 128-bit prefix key once called these duplicates
            String sha1 = "0".repeat(39);
            String pdq = "0".repeat(63);
            assertThat(Lists.read(
                            "sha1 " + sha1 + "1\nsha1 " + sha1 + "2\npdq " + pdq + "1\npdq " + pdq + "2\n" + "sha256 "
                                    + pdq + "1\nsha256 " + pdq + "2\n",
                            AUTO))
                    .hasSize(6);
        }

        @Test
        void sameValueOfDifferentKindsIsNoDuplicate() throws Exception {
            // a PDQ and a SHA-256 may share 64 hex digits: different kinds, different hashes
            assertThat(Lists.read("pdq " + PDQ_A + "\nsha256 " + PDQ_A + "\n", AUTO))
                    .hasSize(2);
        }

        @Test
        void acrossVicsRecordsOnlyTheDuplicateHashIsDropped() throws Exception {
            String json = HASH_SET
                    + "  {\"MediaID\": 1, \"MD5\": \"" + MD5_A + "\"},\n"
                    + "  {\"MediaID\": 2, \"MD5\": \"" + MD5_A
                    + "\", \"AlternativeHashes\": [{\"HashName\": \"PDQ\", \"HashValue\": \"" + PDQ_A + "\"}]}\n"
                    + " ]\n}\n";
            assertError(json, AUTO, 5, 0, "duplicate MD5 " + MD5_A + ": first on line 4");
            List<ListEntry> kept = Lists.read(json, AUTO.withDuplicates(ReadOptions.Duplicates.KEEP_FIRST));
            assertThat(kept).hasSize(2);
            assertThat(kept.get(1).hashes()).containsOnlyKeys(HashKind.PDQ);
            assertThat(kept.get(1).externalId()).isEqualTo("2");
        }
    }

    @Nested
    class Hex {
        @Test
        void badHexDigit() {
            String bad = "d17fb3f4721f3757023zd775fce7691a";
            assertError(MD5_A + "\n  " + bad + "\n", AUTO, 2, 3 + bad.indexOf('z'), "not a hex digit: 'z'");
        }

        @Test
        void wrongLength() {
            assertError(
                    MD5_A + "\n" + MD5_A.substring(1) + "\n",
                    AUTO,
                    2,
                    1,
                    "wrong length: 31 hex digits (32 for MD5, 40 for SHA-1, 64 for SHA-256 or PDQ)");
        }

        @Test
        void lengthMustFitTheStatedKind() {
            assertError(
                    PDQ_A + "\n" + MD5_A + "\n",
                    AUTO.withHashKind(HashKind.PDQ),
                    2,
                    1,
                    "PDQ hash must be 64 hex digits, got 32");
        }

        @Test
        void statedKindBadDigitIsReportedWhereItIs() {
            assertError(
                    "\t" + PDQ_A.substring(0, 10) + "G" + PDQ_A.substring(11) + "\n",
                    AUTO.withFormat(ListFormat.HEX).withHashKind(HashKind.PDQ),
                    1,
                    12,
                    "not a hex digit in the PDQ hash: 'G'");
        }

        @Test
        void upperCaseCommentsBlankLinesAndCrLf() throws Exception {
            List<ListEntry> entries = Lists.read(
                    "# header\r\n\r\n" + MD5_A.toUpperCase() + "\r\n  \r\n"
                            + "5d5ed5902cae25f3a72b7f36f632d64783d8e21a\r\n",
                    AUTO);
            assertThat(entries)
                    .extracting(ListEntry::hashes)
                    .containsExactly(
                            java.util.Map.of(HashKind.MD5, MD5_A),
                            java.util.Map.of(HashKind.SHA1, "5d5ed5902cae25f3a72b7f36f632d64783d8e21a"));
            assertThat(entries).extracting(ListEntry::line).containsExactly(3, 5);
        }

        @Test
        void photoDnaCannotBeAHexList() {
            assertThatThrownBy(() -> Lists.read(MD5_A, AUTO.withHashKind(HashKind.PHOTODNA)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a hex list cannot hold PhotoDNA hashes (base64)");
        }
    }

    @Nested
    class TeText {
        @Test
        void unknownSignalType() {
            assertError("pdq " + PDQ_A + "\n  foo_hash " + MD5_A + "\n", AUTO, 2, 3, "unknown signal type 'foo_hash'");
        }

        @Test
        void nonFileSignalsAreSkippedWithAWarning() throws Exception {
            try (ListReader r = ListReader.open(
                    new ByteArrayInputStream(utf8("url_md5 " + MD5_A + "\nraw_text hello world\npdq " + PDQ_A + "\n")),
                    "t",
                    AUTO)) {
                assertThat(Lists.drain(r)).extracting(ListEntry::line).containsExactly(3);
                assertThat(r.warnings())
                        .containsExactly(
                                new ListWarning("t", 1, "skipped signal type 'url_md5': not a file hash"),
                                new ListWarning("t", 2, "skipped signal type 'raw_text': not a file hash"));
            }
        }

        @Test
        void onlySkippedSignalsIsNoList() {
            assertError(
                    "url_md5 " + MD5_A + "\n", AUTO, 0, 0, "no entries: only blank lines, comments or skipped signals");
        }

        @Test
        void bareSignalWithoutAKind() {
            assertError(
                    "pdq " + PDQ_A + "\n" + PDQ_B + "\n",
                    AUTO,
                    2,
                    1,
                    "no signal type: expected '<signal_type> <signal>' (or state the kind of bare signals)");
        }

        @Test
        void wrongLengthAfterTheType() {
            assertError("pdq abc\n", AUTO, 1, 5, "PDQ hash must be 64 hex digits, got 3");
        }

        @Test
        void videoMd5IsAnMd5() throws Exception {
            assertThat(Lists.read("video_md5 " + MD5_A.toUpperCase() + "\n", AUTO)
                            .getFirst()
                            .hashes())
                    .isEqualTo(java.util.Map.of(HashKind.MD5, MD5_A));
        }
    }

    @Nested
    class TeCsv {
        static final String HEADER = "signal_type,signal_str,collab,category,tags\n";

        @Test
        void wrongColumnCount() {
            assertError(
                    HEADER + "pdq," + PDQ_A + ",c,POSITIVE_CLASS,\npdq," + PDQ_B + ",c,POSITIVE_CLASS\n",
                    AUTO,
                    3,
                    0,
                    "row has 4 columns, the header has 5");
        }

        @Test
        void badHeader() {
            assertError(
                    "signal_type,signal,collab,category,tags\n",
                    AUTO,
                    1,
                    0,
                    "not a ThreatExchange dataset header: expected it to start signal_type,signal_str,collab,category,tags");
        }

        @Test
        void unknownSignalTypeAtItsColumn() {
            assertError(
                    HEADER + "pdq," + PDQ_A + ",c,,\nhash," + PDQ_B + ",c,,\n",
                    AUTO,
                    3,
                    1,
                    "unknown signal type 'hash'");
        }

        @Test
        void badHashAtItsColumn() {
            assertError(
                    HEADER + "md5,\"" + MD5_A.substring(0, 5) + "x" + MD5_A.substring(6) + "\",c,,\n",
                    AUTO,
                    2,
                    10,
                    "not a hex digit in the MD5 hash: 'x'");
        }

        @Test
        void quotedFieldsSpanLinesAndLaterLinesStayRight() throws Exception {
            String csv = HEADER
                    + "pdq," + PDQ_A + ",\"Collab, with \"\"quotes\"\"\nand a line break\",POSITIVE_CLASS,\"a b\"\r\n"
                    + "pdq," + PDQ_B + ",c,,\n";
            List<ListEntry> entries = Lists.read(csv, AUTO);
            assertThat(entries)
                    .extracting(ListEntry::sourceList)
                    .containsExactly("Collab, with \"quotes\"\nand a line break", "c");
            assertThat(entries).extracting(ListEntry::line).containsExactly(2, 4);
            assertThat(entries.getFirst().tags()).containsExactly("a", "b");
        }

        @Test
        void unterminatedQuote() {
            assertError(HEADER + "pdq," + PDQ_A + ",\"c,,\n", AUTO, 2, 70, "unterminated quoted field");
        }

        @Test
        void quoteInsideAnUnquotedField() {
            assertError(
                    HEADER + "pdq," + PDQ_A + ",c\"d,,\n",
                    AUTO,
                    2,
                    71,
                    "quote inside an unquoted field (quote the whole field)");
        }

        /** Hostile sizes stay bounded: a record over the cap is refused at its line, however it is spelt. */
        @Test
        void recordsOverTheCapAreRefused() {
            String reason = "CSV record longer than " + TextInput.MAX_LINE + " characters";
            String huge = "x".repeat(3 * TextInput.MAX_LINE);
            assertError(HEADER + "\n\npdq," + huge + ",c,,\n", AUTO, 4, 0, reason);
            assertError(HEADER + "pdq,\"" + huge + "\n", AUTO, 2, 0, reason); // unterminated quote
            assertError(HEADER + "\r\npdq,\"a\n" + "\n".repeat(3 * TextInput.MAX_LINE), AUTO, 3, 0, reason);
            // just over the cap, below the parser's read-ahead: refused after the record is read
            String over = "pdq," + PDQ_A + ",c,," + "t".repeat(TextInput.MAX_LINE - 71);
            assertThat(over.length()).isEqualTo(TextInput.MAX_LINE + 1);
            assertError(HEADER + over + "\n", AUTO, 2, 0, reason);
        }

        /** Empty lines are no record: millions of them in a row cost no memory and shift the line numbers. */
        @Test
        void millionsOfEmptyLines() throws Exception {
            String csv = HEADER + "\r\n".repeat(3 * TextInput.MAX_LINE) + "pdq," + PDQ_A + ",c,,\n";
            List<ListEntry> entries = Lists.read(csv, AUTO);
            assertThat(entries).extracting(ListEntry::line).containsExactly(2 + 3 * TextInput.MAX_LINE);
        }

        @Test
        void rowsOfOneEntryMustAgree() {
            String csv = "signal_type,signal_str,collab,category,tags,external_id,date_added,entry\n"
                    + "pdq," + PDQ_A + ",c,1,,m1,,1\n"
                    + "md5," + MD5_A + ",c,2,,m1,,1\n";
            assertError(csv, AUTO, 3, 0, "row of entry 1 disagrees with line 2 on category");
        }

        @Test
        void badDate() {
            String csv =
                    "signal_type,signal_str,collab,category,tags,date_added\n" + "md5," + MD5_A + ",c,,,yesterday\n";
            assertError(csv, AUTO, 2, 42, "date_added is not an ISO-8601 date-time: yesterday");
        }
    }

    @Nested
    class Vics {
        @Test
        void truncated() {
            String json = HASH_SET + "  {\"MediaID\": 1, \"MD5\": \"" + MD5_A + "\"},\n  {\"MediaID\": 2,";
            assertError(json, AUTO, 5, 17, "truncated JSON: unexpected end of file");
        }

        @Test
        void truncatedExample() throws Exception {
            byte[] whole = Files.readAllBytes(Lists.example("vics-2.0-hashset.json"));
            byte[] cut = Arrays.copyOf(whole, whole.length / 2);
            assertThatThrownBy(() -> Lists.read(cut, AUTO)).isInstanceOfSatisfying(ListFormatException.class, e -> {
                assertThat(e.reason()).isEqualTo("truncated JSON: unexpected end of file");
                assertThat(e.line()).isEqualTo(81); // the first 2194 bytes hold 80 whole lines
            });
        }

        @Test
        void badMd5AtItsToken() {
            String json = HASH_SET + "  {\"MediaID\": 1,\n   \"MD5\": \"" + MD5_A.substring(1) + "Q\"}\n ]\n}\n";
            assertError(json, AUTO, 5, 11, "MD5: not a hex digit in the MD5 hash: 'Q' at position 32");
        }

        @Test
        void wrongLengthPdq() {
            String media =
                    "  {\"MediaID\": 1, \"AlternativeHashes\": [{\"HashName\": \"pdq\", \"HashValue\": \"abcd\"}]}";
            String json = HASH_SET + media + "\n ]\n}\n";
            assertError(
                    json,
                    AUTO,
                    4,
                    media.indexOf("\"abcd\"") + 1,
                    "AlternativeHashes pdq: PDQ hash must be 64 hex digits, got 4");
        }

        @Test
        void conflictingHashesInOneRecord() {
            String media = "  {\"MD5\": \"" + MD5_A
                    + "\", \"AlternativeHashes\": [{\"HashName\": \"MD5\", \"HashValue\": \"" + MD5_B + "\"}]}";
            String json = HASH_SET + media + "\n ]\n}\n";
            assertError(
                    json,
                    AUTO,
                    4,
                    media.indexOf("\"" + MD5_B) + 1,
                    "AlternativeHashes MD5: a second, different MD5 hash in one Media record");
        }

        @Test
        void mediaWithoutAHash() {
            String json = HASH_SET + "  {\"MediaID\": 7, \"MD5\": \"\", \"MediaFiles\": [{\"MD5\": \"" + MD5_A
                    + "\"}]}\n ]\n}\n";
            assertError(
                    json,
                    AUTO,
                    4,
                    0,
                    "Media record has no hash (MD5, SHA1, PhotoDNA or a PDQ/SHA256 alternative hash)");
        }

        @Test
        void unsupportedContext() {
            assertError(
                    "{\"@odata.context\": \"http://x/$metadata#Series\", \"value\": []}",
                    AUTO,
                    1,
                    20,
                    "unsupported VICS document 'http://x/$metadata#Series': expected a context ending in"
                            + " $metadata#Media (hash set) or #Cases (case export)");
        }

        @Test
        void valueBeforeContext() {
            assertError(
                    "{\"value\": [], \"@odata.context\": \"http://x/$metadata#Media\"}",
                    AUTO,
                    1,
                    11,
                    "'value' before @odata.context / odata.metadata: cannot tell a hash set from a case export");
        }

        @Test
        void noContext() {
            assertError("{\"odata.count\": 3}", AUTO, 0, 0, "not VICS JSON: no @odata.context or odata.metadata");
        }

        @Test
        void dataAfterTheDocument() {
            String json = HASH_SET + "  {\"MD5\": \"" + MD5_A + "\"}\n ]\n}\n{}";
            assertError(json, AUTO, 7, 1, "data after the end of the JSON document");
        }

        @Test
        void bomInTheMiddle() {
            byte[] json = concat(
                    utf8(HASH_SET + "  {\"MD5\": \"" + MD5_A + "\"}\n ]\n"),
                    new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                    utf8("}\n"));
            assertError(json, AUTO, 6, 1, "byte-order mark (U+FEFF) in the middle of the file");
        }

        @Test
        void duplicateKey() {
            String json = HASH_SET + "  {\"MD5\": \"" + MD5_A + "\", \"MD5\": \"" + MD5_B + "\"}\n ]\n}\n";
            assertError(json, AUTO, 4, 52, "invalid JSON: Duplicate field 'MD5'");
        }

        @Test
        void caseInsensitiveAlternativeNamesTagsAndStringIds() throws Exception {
            String json = HASH_SET
                    + "  {\"MediaID\": \"A-1\", \"Category\": null, \"Tags\": \"x, y;z x\", \"PhotoDNA\": \"AAEC\","
                    + " \"Exifs\": [{\"a\": {\"b\": [1, 2]}}], \"DateUpdated\": \"2020-01-02T03:04:05.5+01:00\","
                    + " \"AlternativeHashes\": [{\"HashValue\": \"" + PDQ_A.toUpperCase()
                    + "\", \"HashName\": \"Pdq\"},"
                    + " {\"HashName\": \"NetClean\", \"HashValue\": \"zzz\"}, {\"HashName\": \"SHA-256\", \"HashValue\": \""
                    + PDQ_B + "\"}]}\n ]\n}\n";
            ListEntry e = Lists.read(json, AUTO).getFirst();
            assertThat(e)
                    .isEqualTo(new ListEntry(
                            java.util.Map.of(HashKind.PDQ, PDQ_A, HashKind.SHA256, PDQ_B, HashKind.PHOTODNA, "AAEC"),
                            "A-1",
                            null,
                            List.of("x", "y", "z"),
                            "t",
                            java.time.Instant.parse("2020-01-02T02:04:05.5Z"),
                            4));
        }
    }
}
