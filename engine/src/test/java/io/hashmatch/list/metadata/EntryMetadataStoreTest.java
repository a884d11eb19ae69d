package io.hashmatch.list.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
}
