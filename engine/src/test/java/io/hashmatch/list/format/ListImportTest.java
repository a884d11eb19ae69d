package io.hashmatch.list.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.hash.HashKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Merging several lists, and the all-or-nothing import. */
class ListImportTest {
    @Test
    void mergesInOrderKeepingEachSource() throws Exception {
        List<ListImport.Source> sources = List.of(
                ListImport.Source.of(Lists.example("te-dataset.csv")),
                ListImport.Source.of(Lists.example("md5-list.txt")),
                new ListImport.Source(
                        Lists.example("vics-1.x-case.json"), ReadOptions.DEFAULTS.withSourceList("projectvic")));
        List<ListEntry> all = ListImport.readAll(sources);
        assertThat(all).hasSize(4 + 6 + 3);
        assertThat(all)
                .extracting(ListEntry::sourceList)
                .containsExactly(
                        "Sample Collab",
                        "Sample Collab",
                        "Sample Collab",
                        "Sample Collab",
                        "md5-list.txt",
                        "md5-list.txt",
                        "md5-list.txt",
                        "md5-list.txt",
                        "md5-list.txt",
                        "md5-list.txt",
                        "projectvic",
                        "projectvic",
                        "projectvic");
    }

    @Test
    void theSameHashInTwoListsIsKeptTwice() throws Exception {
        // md5-list.txt and vics-1.x-case.json share three MD5s: both lists know them
        List<ListEntry> all = ListImport.readAll(List.of(
                ListImport.Source.of(Lists.example("md5-list.txt")),
                ListImport.Source.of(Lists.example("vics-1.x-case.json"))));
        assertThat(all.stream().filter(e -> "b147fb08e0a545c1ade574ee0d833220".equals(e.hash(HashKind.MD5))))
                .extracting(ListEntry::sourceList)
                .containsExactly("md5-list.txt", "vics-1.x-case.json");
    }

    @Test
    void importAllDeliversNothingWhenALaterListIsBad(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "a7fc9bc8da3585694c293572feefb757\nnot-a-hash\n");
        List<ListEntry> sink = new ArrayList<>();
        assertThatThrownBy(() -> ListImport.importAll(
                        List.of(ListImport.Source.of(Lists.example("md5-list.txt")), ListImport.Source.of(bad)),
                        sink::add))
                .isInstanceOfSatisfying(ListFormatException.class, e -> {
                    assertThat(e.file()).isEqualTo(bad.toString());
                    assertThat(e.line()).isEqualTo(2);
                });
        assertThat(sink).isEmpty();
    }

    @Test
    void readIntoDeliversUntilTheError(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "a7fc9bc8da3585694c293572feefb757\nnot-a-hash\n");
        List<ListEntry> sink = new ArrayList<>();
        assertThatThrownBy(() -> ListImport.readInto(List.of(ListImport.Source.of(bad)), sink::add))
                .isInstanceOf(ListFormatException.class);
        assertThat(sink).hasSize(1); // why the caller must not commit after a failed readInto
    }

    @Test
    void importAllSummary(@TempDir Path dir) throws Exception {
        Path te = dir.resolve("te.txt");
        Files.writeString(te, "url_md5 a7fc9bc8da3585694c293572feefb757\nvideo_md5 a7fc9bc8da3585694c293572feefb757\n");
        List<ListEntry> sink = new ArrayList<>();
        ListImport.Summary summary = ListImport.importAll(
                List.of(ListImport.Source.of(Lists.example("te-signals.txt")), ListImport.Source.of(te)), sink::add);
        assertThat(summary.entriesPerSource()).containsExactly(4L, 1L);
        assertThat(summary.entries()).isEqualTo(5);
        assertThat(summary.warnings())
                .containsExactly(new ListWarning(te.toString(), 1, "skipped signal type 'url_md5': not a file hash"));
        assertThat(sink).hasSize(5);
    }

    @Test
    void examplesSurviveEachWriter() throws Exception {
        for (String name : List.of("vics-2.0-hashset.json", "vics-1.x-case.json", "te-dataset.csv", "te-signals.txt")) {
            List<ListEntry> read = ListImport.readAll(List.of(ListImport.Source.of(Lists.example(name))));
            for (ListFormat format : List.of(ListFormat.VICS_JSON, ListFormat.TE_CSV)) {
                byte[] written = RoundTripPropertyTest.write(read, format);
                List<ListEntry> back = Lists.read(
                        written,
                        ReadOptions.DEFAULTS.withSourceList(read.getFirst().sourceList()));
                List<ListEntry> expected =
                        read.stream().map(e -> Lists.keptBy(format, e)).toList();
                assertThat(RoundTripPropertyTest.withoutLines(back))
                        .as(name + " as " + format)
                        .isEqualTo(RoundTripPropertyTest.withoutLines(expected));
            }
        }
    }
}
