package io.hashmatch.service.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.ChildJvm;
import io.hashmatch.list.FileFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest of admin changes: its format, its versioning, and that no crash leaves a torn one. */
class ServedListsManifestTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsUploadsAndDeletions() throws Exception {
        assertThat(ServedListsManifest.read(dir).uploads()).isEmpty();
        ServedListsManifest m = ServedListsManifest.EMPTY
                .withUpload("a", "a.1.hmsnap")
                .withDeletion("b")
                .withUpload("b", "b.3.hmsnap")
                .withDeletion("a")
                .withUpload("c", "c.4.hmsnap");
        m.write(dir);
        ServedListsManifest read = ServedListsManifest.read(dir);
        assertThat(read.uploads()).containsExactly(Map.entry("b", "b.3.hmsnap"), Map.entry("c", "c.4.hmsnap"));
        assertThat(read.deleted()).containsExactly("a");
        assertThat(read.overrides("a")).isTrue();
        assertThat(read.overrides("d")).isFalse();
        assertThat(Files.readString(dir.resolve(ServedListsManifest.FILE_NAME)))
                .isEqualTo("{\"format\":\"hashmatch served lists\",\"version\":1,"
                        + "\"uploads\":{\"b\":\"b.3.hmsnap\",\"c\":\"c.4.hmsnap\"},\"deleted\":[\"a\"]}\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve(ServedListsManifest.FILE_NAME)); // no temporary file left
        }
    }

    @Test
    void readsTheGoldenVersionOneFile() throws Exception {
        Files.copy(
                Path.of("src/test/resources/lists/served-lists-v1.json"), dir.resolve(ServedListsManifest.FILE_NAME));
        ServedListsManifest m = ServedListsManifest.read(dir);
        assertThat(m.uploads())
                .containsExactly(Map.entry("blocklist", "blocklist.7.hmsnap"), Map.entry("demo", "demo.12.hmsnap"));
        assertThat(m.deleted()).containsExactly("te");
    }

    @Test
    void anotherVersionOrADamagedFileIsAFileFormatException() throws Exception {
        Path file = dir.resolve(ServedListsManifest.FILE_NAME);
        Files.writeString(file, "{\"format\":\"hashmatch served lists\",\"version\":2,\"uploads\":{},\"deleted\":[]}");
        assertThatThrownBy(() -> ServedListsManifest.read(dir))
                .isInstanceOfSatisfying(FileFormatException.class, e -> assertThat(e.kind())
                        .isEqualTo(FileFormatException.Kind.TOO_NEW))
                .hasMessage(file + ": served lists manifest format version 2 is too new: this hashmatch reads versions"
                        + " 1 to 1 (written by a newer hashmatch)");
        for (String bad : List.of(
                "{\"format\":\"hashmatch served lists\",\"version\":1,\"uploads\":{\"a\":\"a.1.hmsnap\"",
                "{\"format\":\"hashmatch served lists\",\"version\":1} trailing",
                "{\"format\":\"other\",\"version\":1}",
                "{\"format\":\"hashmatch served lists\",\"version\":1,\"uploads\":{\"a\":\"../x.hmsnap\"}}",
                "{\"format\":\"hashmatch served lists\",\"version\":1,\"uploads\":{\"a\":\"a.hmsnap\",\"a\":\"b.hmsnap\"}}",
                "")) {
            Files.writeString(file, bad);
            assertThatThrownBy(() -> ServedListsManifest.read(dir))
                    .as(bad)
                    .isInstanceOfSatisfying(FileFormatException.class, e -> assertThat(e.kind())
                            .isEqualTo(FileFormatException.Kind.CORRUPT));
        }
    }

    @Test
    void aTornTemporaryFileLeavesThePreviousManifest() throws Exception {
        ServedListsManifest.EMPTY.withUpload("a", "a.1.hmsnap").write(dir);
        // what a crash in the middle of the next write leaves: a partial temporary file beside the manifest
        Files.writeString(dir.resolve("." + ServedListsManifest.FILE_NAME + ".123.tmp"), "{\"format\":\"hashm");
        assertThat(ServedListsManifest.read(dir).uploads()).containsExactly(Map.entry("a", "a.1.hmsnap"));
    }

    @Test
    void killingAProcessWhileItWritesLeavesACompleteManifest() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int round = 0; round < 3; round++) {
            Path work = Files.createDirectory(dir.resolve("round" + round));
            int killAfter = random.nextInt(200);
            int acknowledged = -1;
            try (ChildJvm child = ChildJvm.start(dir, ChildJvm.command(ManifestWriterChild.class, work.toString()))) {
                child.awaitLine("wrote " + killAfter);
                child.kill(); // SIGKILL: no shutdown hook, no finally
                for (String line : child.lines()) {
                    if (line.startsWith("wrote ")) {
                        acknowledged = Integer.parseInt(line.substring("wrote ".length()));
                    }
                }
            }
            ServedListsManifest m = ServedListsManifest.read(work);
            int n = m.uploads().size();
            assertThat(n).as("seed " + seed + ": every write that returned").isGreaterThan(acknowledged);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add("l" + i);
            }
            assertThat(m.uploads().keySet()).as("seed " + seed).containsExactlyElementsOf(expected);
        }
    }
}
