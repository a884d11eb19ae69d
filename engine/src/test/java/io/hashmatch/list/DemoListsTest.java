package io.hashmatch.list;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed demo lists are exactly what {@link DemoLists} writes (golden files). */
class DemoListsTest {
    @TempDir
    Path dir;

    /**
     * A snapshot written by format version 1 (Lucene/HdrHistogram-style golden file): this build must keep
     * reading it. Made from {@code te-dataset.csv} + {@code md5.txt}; regenerate (new id and time, so not
     * byte-reproducible) with {@code -Dhashmatch.regenerate=true}, only when the format changes on purpose.
     */
    @Test
    void goldenSnapshotOfVersion1Opens() throws Exception {
        Path root = DemoLists.repositoryRoot();
        Path golden = root.resolve("engine/src/test/resources/snapshots/demo-v1.hmsnap");
        if (Boolean.getBoolean("hashmatch.regenerate")) {
            Path tmp = dir.resolve("demo-v1.hmsnap");
            ListImporter.importLists(
                    List.of(
                            io.hashmatch.list.format.ListImport.Source.of(
                                    root.resolve("hashlists/demo/te-dataset.csv")),
                            io.hashmatch.list.format.ListImport.Source.of(root.resolve("hashlists/demo/md5.txt"))),
                    "demo-golden",
                    "1",
                    tmp);
            Files.createDirectories(golden.getParent());
            Files.copy(tmp, golden, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        List<String[]> manifest = Files.readAllLines(root.resolve("hashlists/demo/MANIFEST.tsv")).stream()
                .skip(1)
                .map(l -> l.split("\t", -1))
                .toList();
        try (HashListSnapshot s = HashListSnapshot.open(golden)) {
            assertThat(Files.size(golden)).isLessThan(200_000);
            assertThat(s.formatVersion()).isEqualTo(1);
            assertThat(s.name()).isEqualTo("demo-golden");
            assertThat(s.entryCount()).isEqualTo(6);
            assertThat(s.pdqCount()).isEqualTo(4);
            assertThat(s.exactCount()).isEqualTo(2);
            assertThat(s.sourceLists()).containsExactly("hashmatch demo", "md5.txt");
            assertThat(s.categories()).containsExactly("POSITIVE_CLASS", "INVESTIGATION_SEED", "NEGATIVE_CLASS");
            for (int e = 0; e < 4; e++) {
                String[] row = manifest.get(3 + e); // the te-dataset.csv rows
                assertThat(s.pdqHash(e).toHex()).isEqualTo(row[4]);
                assertThat(s.pdqEntry(e)).isEqualTo(e);
                assertThat(s.category(e)).isEqualTo(row[2]);
                assertThat(s.isSuppression(e)).isEqualTo(e == 3);
            }
            assertThat(s.findMd5(manifest.get(12)[5])).containsExactly(4);
            assertThat(s.findMd5(manifest.get(13)[5])).containsExactly(5);
            assertThat(s.category(4)).isNull();
            assertThat(s.sourceList(5)).isEqualTo("md5.txt");
            for (io.hashmatch.index.IndexStrategy strategy : io.hashmatch.index.IndexStrategy.values()) {
                assertThat(s.index(strategy).search(s.pdqHash(2), 0)).containsExactly(new io.hashmatch.index.Hit(2, 0));
            }
        }
    }

    @Test
    void committedDemoListsAreWhatTheGeneratorWrites() throws Exception {
        Path root = DemoLists.repositoryRoot();
        Path committed = root.resolve("hashlists/demo");
        if (Boolean.getBoolean("hashmatch.regenerate")) {
            DemoLists.generate(DemoLists.imagesDir(root), committed);
        }
        DemoLists.generate(DemoLists.imagesDir(root), dir);
        List<String> names = new ArrayList<>(DemoLists.FILES);
        names.add(DemoLists.MANIFEST);
        for (String name : names) {
            assertThat(Files.readString(committed.resolve(name)))
                    .as("%s (regenerate: see DemoLists)", name)
                    .isEqualTo(Files.readString(dir.resolve(name)));
            assertThat(Files.mismatch(committed.resolve(name), dir.resolve(name)))
                    .as(name)
                    .isEqualTo(-1L);
        }
    }
}
