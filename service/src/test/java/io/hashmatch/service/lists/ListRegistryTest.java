package io.hashmatch.service.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.list.ListImportException;
import io.hashmatch.list.format.ReadOptions;
import io.hashmatch.match.Query;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry without HTTP: leases keep replaced versions open; the last release closes them and deletes their files. */
class ListRegistryTest {
    static final String A = "0123456789abcdef0123456789abcdef";
    static final String B = "fedcba9876543210fedcba9876543210";

    @TempDir
    Path tmp;

    ListRegistry registry(String... specs) throws IOException {
        return new ListRegistry(
                new ListsConfiguration(List.of(specs), tmp.resolve("work").toString(), false, 50, true, Duration.ZERO));
    }

    @Test
    void aLeaseKeepsItsVersionUntilClosed() throws Exception {
        Path file = Files.writeString(tmp.resolve("one.txt"), A + "\n");
        try (ListRegistry r = registry("x=" + file)) {
            assertThat(r.isReady()).isFalse();
            r.start();
            assertThat(r.awaitReady(Duration.ofMinutes(2))).isTrue();
            assertThat(r.names()).containsExactly("x");

            ListLease old = r.acquire();
            assertThat(old.list("x").version()).isEqualTo("1");
            assertThat(old.list("x").origin()).isEqualTo("file:one.txt");
            ListInfo put = r.put("x", (B + "\n").getBytes(StandardCharsets.UTF_8), ReadOptions.DEFAULTS, null);
            assertThat(put.version()).isEqualTo("2");
            assertThat(put.origin()).isEqualTo("upload");

            // the old lease still matches on version 1, the new one on version 2
            assertThat(old.matcher().match(Query.md5(A)).matched()).isTrue();
            assertThat(old.matcher().match(Query.md5(B)).matched()).isFalse();
            try (ListLease now = r.acquire()) {
                assertThat(now.matcher().match(Query.md5(A)).matched()).isFalse();
                assertThat(now.matcher().match(Query.md5(B)).matched()).isTrue();
            }
            assertThat(workFiles()).hasSize(4); // two snapshots, two metadata files
            old.close();
            old.close(); // idempotent
            assertThat(workFiles()).hasSize(2);
            assertThatThrownBy(old::lists).isInstanceOf(IllegalStateException.class);

            assertThat(r.delete("x")).isTrue();
            assertThat(r.delete("x")).isFalse();
            assertThat(workFiles()).isEmpty();
            try (ListLease none = r.acquire()) {
                assertThat(none.isEmpty()).isTrue();
                assertThatThrownBy(none::matcher).isInstanceOf(IllegalStateException.class);
            }
            assertThat(r.isReady()).isFalse();
        }
    }

    @Test
    void anInvalidUploadChangesNothing() throws Exception {
        Path file = Files.writeString(tmp.resolve("one.txt"), A + "\n");
        try (ListRegistry r = registry("x=" + file)) {
            r.start();
            assertThat(r.awaitReady(Duration.ofMinutes(2))).isTrue();
            String checksum;
            try (ListLease l = r.acquire()) {
                checksum = l.list("x").checksum();
            }
            assertThatThrownBy(() ->
                            r.put("x", (A + "\nzz\n").getBytes(StandardCharsets.UTF_8), ReadOptions.DEFAULTS, null))
                    .isInstanceOf(ListImportException.class)
                    .satisfies(e -> assertThat(((ListImportException) e).line()).isEqualTo(2));
            assertThatThrownBy(() -> r.put("bad name", new byte[] {'1'}, ReadOptions.DEFAULTS, null))
                    .isInstanceOf(IllegalArgumentException.class);
            try (ListLease l = r.acquire()) {
                assertThat(l.list("x").checksum()).isEqualTo(checksum);
                assertThatThrownBy(() -> l.matcher(null, List.of("x", "y")))
                        .isInstanceOf(UnknownListException.class)
                        .hasMessage("no list named 'y' (lists: x)");
            }
            assertThat(workFiles()).hasSize(2);
        }
    }

    @Test
    void aListThatFailsToLoadLeavesTheServiceNotReady() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.txt"), "not a hash\n");
        try (ListRegistry r = registry("bad=" + bad)) {
            r.start();
            assertThat(r.awaitReady(Duration.ofMinutes(2))).isFalse();
            assertThat(r.names()).isEmpty();
        }
    }

    private List<Path> workFiles() throws IOException {
        try (var files = Files.list(tmp.resolve("work"))) {
            return files.filter(f ->
                            f.toString().endsWith(".hmsnap") || f.toString().endsWith(".meta"))
                    .toList();
        }
    }
}
