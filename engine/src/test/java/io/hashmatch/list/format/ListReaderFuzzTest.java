package io.hashmatch.list.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hashmatch.hash.HashKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Fuzzes every list reader through {@link ListReader}: ThreatExchange text and CSV, VICS 1.x/2.0 JSON, hex.
 *
 * <p>Input: the first byte chooses the {@link ReadOptions} (format: detected or one of the four; stated hash kind;
 * duplicates policy), the rest is the list file. Contract: the only exception is {@link ListFormatException}; a
 * list read without error comes back unchanged through both writers (VICS JSON and CSV, up to line numbers and
 * source list); and a ThreatExchange CSV file gives the same entries, warnings or error through
 * {@link ListImport#readInto} (its bulk path) as through the general reader.
 *
 * <p>Seeds and reproducers: {@code src/test/resources/io/hashmatch/list/format/ListReaderFuzzTestInputs/readList/}.
 */
class ListReaderFuzzTest {
    private static final @Nullable ListFormat[] FORMATS = {
        null, ListFormat.TE_TEXT, ListFormat.TE_CSV, ListFormat.VICS_JSON, ListFormat.HEX
    };
    private static final @Nullable HashKind[] KINDS = {null, HashKind.PDQ, HashKind.MD5, HashKind.SHA1, HashKind.SHA256
    };

    @FuzzTest(maxDuration = "10m")
    void readList(byte[] data) throws IOException {
        if (data.length == 0) {
            return;
        }
        ReadOptions options = options(data[0] & 0xff);
        byte[] file = Arrays.copyOfRange(data, 1, data.length);
        @Nullable List<ListEntry> entries = new ArrayList<>();
        @Nullable ListFormat format = null;
        try (ListReader reader = ListReader.open(new ByteArrayInputStream(file), "fuzz.list", options)) {
            format = reader.format();
            for (ListEntry e; (e = reader.next()) != null; ) {
                entries.add(e);
            }
        } catch (ListFormatException expected) {
            entries = null;
        }
        if (entries != null) {
            assertThat(entries).isNotEmpty();
            assertRoundTrip(entries, ListFormat.VICS_JSON);
            assertRoundTrip(entries, ListFormat.TE_CSV);
        }
        if (format == ListFormat.TE_CSV) {
            assertBulkAgrees(file, options);
        }
    }

    /** Byte {@code b}: format {@code b % 5}, stated kind {@code b / 5 % 5}, duplicates {@code b / 25 % 2}. */
    static ReadOptions options(int b) {
        return new ReadOptions(
                FORMATS[b % 5],
                KINDS[b / 5 % 5],
                null,
                b / 25 % 2 == 0 ? ReadOptions.Duplicates.REJECT : ReadOptions.Duplicates.KEEP_FIRST);
    }

    private static void assertRoundTrip(List<ListEntry> entries, ListFormat format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ListWriter w = ListWriter.open(out, format)) {
            for (ListEntry e : entries) {
                w.write(e);
            }
        }
        List<ListEntry> back = new ArrayList<>();
        ReadOptions again = ReadOptions.DEFAULTS.withFormat(format);
        try (ListReader r = ListReader.open(new ByteArrayInputStream(out.toByteArray()), "again", again)) {
            for (ListEntry e; (e = r.next()) != null; ) {
                back.add(comparable(e, format));
            }
        } catch (ListFormatException e) {
            throw new AssertionError(format + " written by ListWriter is refused: " + e.getMessage(), e);
        }
        assertThat(back)
                .as("%s round trip", format)
                .isEqualTo(entries.stream().map(e -> comparable(e, format)).toList());
    }

    private static ListEntry comparable(ListEntry e, ListFormat format) {
        return Lists.keptBy(format, e.withLine(0).withSourceList("s"));
    }

    /** ListImport.readInto (bulk CSV path when it takes the file) says exactly what ListReader says. */
    private static void assertBulkAgrees(byte[] file, ReadOptions options) throws IOException {
        Path path = Files.createTempFile("fuzz", ".csv");
        try {
            Files.write(path, file);
            assertThat(CsvBulkReaderPropertyTest.viaReadInto(path, options))
                    .isEqualTo(CsvBulkReaderPropertyTest.general(path, options));
        } finally {
            Files.delete(path);
        }
    }
}
