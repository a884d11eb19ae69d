package io.hashmatch.list.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.list.FileFormatException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.map.ChronicleMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntryMetadataStoreTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsEveryFieldAndKeepsTheHeapOutOfIt() throws Exception {
        List<EntryMetadata> in = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            in.add(new EntryMetadata(
                    i % 7 == 0 ? null : "media-" + i,
                    i % 2 == 0 ? "1" : "NEGATIVE_CLASS",
                    i < 10_000 ? "vics-demo" : "te-demo",
                    i % 3 == 0 ? null : Instant.ofEpochMilli(1_700_000_000_000L + i),
                    i % 5 == 0 ? List.of() : List.of("tag" + i, "ünïcode ☃", "")));
        }
        Path file = dir.resolve("list.meta");
        EntryMetadataStore.write(file, in);
        try (EntryMetadataStore store = EntryMetadataStore.open(file)) {
            assertThat(store.size()).isEqualTo(20_000);
            for (int i = 0; i < in.size(); i += 97) {
                assertThat(store.get(i)).contains(in.get(i));
            }
            assertThat(store.get(20_000)).isEmpty();
            assertThat(store.get(-1)).isEmpty();
        }
    }

    /**
     * Details are kept in encoding version 2 after the version-1 fields; a record without details is written in
     * version 1, byte for byte as before.
     */
    @Test
    void detailsRoundTripAndARecordWithoutThemStaysVersion1() throws Exception {
        EntryMetadata plain = new EntryMetadata("n", "c", "s", Instant.ofEpochMilli(5), List.of("t"), "pdna");
        EntryMetadata detailed = new EntryMetadata(
                "n", null, "s", null, List.of(), null, "{\"content_id\":\"c-9\",\"json\":{\"k\":\"ü\"}}");
        EncodedMetadata encoded = new EncodedMetadata();
        encoded.add(plain);
        encoded.add(detailed);
        encoded.add(new EntryMetadata(null, null, "s", null, List.of(), null, ""));
        byte[] version1 = encoded.value(0);
        assertThat(version1[0]).isEqualTo((byte) 1);
        assertThat(encoded.value(1)[0]).isEqualTo((byte) 2);
        // version 2: the version-1 fields (externalId, category, sourceList, date, tags, PhotoDNA), then details
        byte[] details = "{\"content_id\":\"c-9\",\"json\":{\"k\":\"ü\"}}".getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(expected);
        out.writeByte(2);
        out.writeBoolean(true);
        out.writeUTF("n");
        out.writeBoolean(false);
        out.writeBoolean(true);
        out.writeUTF("s");
        out.writeBoolean(false);
        out.writeInt(0);
        out.writeBoolean(false);
        out.writeBoolean(true);
        out.writeInt(details.length);
        out.write(details);
        assertThat(encoded.value(1)).isEqualTo(expected.toByteArray());
        Path file = dir.resolve("details.meta");
        EntryMetadataStore.write(file, encoded);
        try (EntryMetadataStore store = EntryMetadataStore.open(file)) {
            assertThat(store.get(0)).contains(plain);
            assertThat(store.get(1)).contains(detailed);
            assertThat(store.get(2).orElseThrow().details()).isEmpty();
        }
    }

    @Test
    void theStoreIsWrittenOwnerOnlyLikeTheSnapshot() throws Exception {
        Path file = dir.resolve("list.meta");
        EntryMetadataStore.write(file, List.of(new EntryMetadata("a", null, "one", null, List.of())));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void openReadOnlyNeitherWritesTheFileNorChangesItsModificationTime() throws Exception {
        Path file = dir.resolve("list.meta");
        EntryMetadataStore.write(file, List.of(new EntryMetadata("a", "2", "one", null, List.of("t"))));
        FileTime past = FileTime.from(Instant.parse("2020-01-02T03:04:05Z"));
        Files.setLastModifiedTime(file, past);
        byte[] before = Files.readAllBytes(file);
        try (EntryMetadataStore store = EntryMetadataStore.openReadOnly(file)) {
            assertThat(store.size()).isEqualTo(1);
            assertThat(store.get(0).orElseThrow().tags()).containsExactly("t");
        }
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(past);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void openReadOnlyDeletesItsPrivateCopyOnClose() throws Exception {
        Path file = dir.resolve("list.meta");
        EntryMetadataStore.write(file, List.of(new EntryMetadata("a", null, "one", null, List.of())));
        Path tmpDir = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = copies(tmpDir);
        try (EntryMetadataStore store = EntryMetadataStore.openReadOnly(file)) {
            List<Path> during = copies(tmpDir);
            during.removeAll(before);
            assertThat(during).hasSize(1);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(during.get(0))))
                    .isEqualTo("rw-------");
            assertThat(store.size()).isEqualTo(1);
        }
        assertThat(copies(tmpDir)).containsExactlyInAnyOrderElementsOf(before);
    }

    private static List<Path> copies(Path tmpDir) throws Exception {
        try (var files = Files.list(tmpDir)) {
            return new ArrayList<>(files.filter(p -> p.getFileName().toString().startsWith("hashmatch-metadata-"))
                    .toList());
        }
    }

    @Test
    void missingStoreIsATypedError() {
        assertThatThrownBy(() -> EntryMetadataStore.open(dir.resolve("absent.meta")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void rewriteReplacesTheStore() throws Exception {
        Path file = dir.resolve("list.meta");
        EntryMetadataStore.write(file, List.of(new EntryMetadata("a", null, "one", null, List.of())));
        EntryMetadataStore.write(file, List.of(new EntryMetadata("b", "2", "two", null, List.of("x"))));
        try (EntryMetadataStore store = EntryMetadataStore.open(file)) {
            assertThat(store.size()).isEqualTo(1);
            assertThat(store.get(0).orElseThrow().externalId()).isEqualTo("b");
        }
    }

    /** A record's first byte is its encoding version: newer, older and damaged records have one exception type. */
    @Test
    void recordsOfAnotherVersionOrDamagedAreFileFormatExceptions() throws Exception {
        Path file = dir.resolve("versions.meta");
        try (ChronicleMap<Integer, byte[]> map = ChronicleMap.of(Integer.class, byte[].class)
                .name("versions")
                .entries(3)
                .averageValueSize(16)
                .createPersistedTo(file.toFile())) {
            map.put(0, new byte[] {3, 0, 0, 0});
            map.put(1, new byte[] {0, 0, 0, 0});
            map.put(2, new byte[] {1, 1}); // a presence byte with no string after it
        }
        try (EntryMetadataStore store = EntryMetadataStore.open(file)) {
            assertThat(formatError(store, 0).kind()).isEqualTo(FileFormatException.Kind.TOO_NEW);
            assertThat(formatError(store, 0))
                    .hasMessage(file + ": entry 0: metadata format version 3 is too new: this hashmatch reads"
                            + " versions 1 to 2 (written by a newer hashmatch)");
            assertThat(formatError(store, 0).foundVersion()).hasValue(3);
            assertThat(formatError(store, 1).kind()).isEqualTo(FileFormatException.Kind.TOO_OLD);
            assertThat(formatError(store, 1))
                    .hasMessage(file + ": entry 1: metadata format version 0 is too old: this hashmatch reads"
                            + " versions 1 to 2");
            assertThat(formatError(store, 2).kind()).isEqualTo(FileFormatException.Kind.CORRUPT);
            assertThat(formatError(store, 2)).hasMessageStartingWith(file + ": entry 2 has corrupt metadata");
        }
    }

    private static FileFormatException formatError(EntryMetadataStore store, int entry) {
        UncheckedIOException e =
                org.junit.jupiter.api.Assertions.assertThrows(UncheckedIOException.class, () -> store.get(entry));
        return (FileFormatException) e.getCause();
    }
}
