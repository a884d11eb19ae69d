package io.hashmatch.service.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.list.format.ListImport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [NAME=]FILE} list specs of {@code --list} and {@code hashmatch.lists}. */
class ListSourceTest {
    @TempDir
    Path tmp;

    @Test
    void aListFileIsImportedUnderItsNameOrTheGivenOne() throws IOException {
        Path f = Files.writeString(tmp.resolve("vendor list.v2.csv"), "x");
        assertThat(ListSource.parse(f.toString()))
                .isEqualTo(new ListSource.ListFiles("vendor_list.v2", java.util.List.of(ListImport.Source.of(f))));
        assertThat(ListSource.parse("ncmec=" + f))
                .isEqualTo(new ListSource.ListFiles("ncmec", java.util.List.of(ListImport.Source.of(f))));
    }

    @Test
    void aSnapshotIsServedInPlace() throws IOException {
        Path f = Files.writeString(tmp.resolve("demo.hmsnap"), "x");
        assertThat(ListSource.parse(f.toString())).isEqualTo(new ListSource.SnapshotFile(f));
        assertThatThrownBy(() -> ListSource.parse("demo=" + f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NAME= applies to list files only");
    }

    @Test
    void refusesMissingFilesAndBadNames() {
        // parsing leaves the file to the load (a missing file may be allowed); requireFiles checks it
        assertThat(ListSource.parse(tmp.resolve("none.txt").toString())).isInstanceOf(ListSource.ListFiles.class);
        assertThatThrownBy(() -> ListSource.requireFiles(tmp.resolve("none.txt").toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("list '" + tmp.resolve("none.txt") + "': no such file: " + tmp.resolve("none.txt"));
        assertThatThrownBy(() -> ListSource.parse("x="))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("list 'x=': no file");
        assertThatThrownBy(() -> ListSource.checkName("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListSource.checkName("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
        assertThat(ListSource.checkName("A-1.b_c")).isEqualTo("A-1.b_c");
    }

    @Test
    void aKindSuffixStatesTheKindOfAHexList() throws IOException {
        Path f = Files.writeString(tmp.resolve("hashes.txt"), "x");
        for (String kind : java.util.List.of("pdq", "PDQ", "sha256", "sha-256", "md5", "sha1")) {
            ListSource.ListFiles l = (ListSource.ListFiles) ListSource.parse("h=" + f + ":" + kind);
            assertThat(l.name()).isEqualTo("h");
            assertThat(l.files()).containsExactly(f);
            assertThat(l.inputs().get(0).options().hashKind())
                    .isEqualTo(ImportOptionNames.kind(kind))
                    .isNotNull();
        }
        ListSource.ListFiles noName = (ListSource.ListFiles) ListSource.parse(f + ":pdq");
        assertThat(noName.name()).isEqualTo("hashes");
        assertThat(noName.inputs().get(0).options().hashKind()).isEqualTo(io.hashmatch.hash.HashKind.PDQ);
        // a colon that is not a kind belongs to the file name
        assertThat(ListSource.parse("h=" + tmp.resolve("a:b.txt")).files()).containsExactly(tmp.resolve("a:b.txt"));
        assertThatThrownBy(() -> ListSource.parse(tmp.resolve("s.hmsnap") + ":pdq"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":KIND applies to list files only");
    }

    @Test
    void theDemoListIsFoundAboveTheWorkingDirectory() {
        Path demo = ListSource.findDemoDir(Path.of(""));
        assertThat(demo).isNotNull();
        assertThat(ListSource.demo(demo).files()).hasSize(7).allMatch(Files::isRegularFile);
        assertThat(ListSource.findDemoDir(tmp)).isNull();
    }

    @Test
    void aFollowedListIsAManifestUrlOrFile() {
        ListSource.Followed web = ListSource.Followed.parse("https://lists.example.org/x/blocklist.manifest.json");
        assertThat(web.isHttp()).isTrue();
        assertThat(web.toString()).isEqualTo("https://lists.example.org/x/blocklist.manifest.json");
        assertThat(web.files()).isEmpty();
        Path manifest = tmp.resolve("blocklist.manifest.json");
        ListSource.Followed file = ListSource.Followed.parse(manifest.toString());
        assertThat(file.isHttp()).isFalse();
        assertThat(file.toString()).isEqualTo(manifest.toAbsolutePath().toString());
        assertThatThrownBy(() ->
                        ListSource.Followed.parse(tmp.resolve("blocklist.csv").toString()))
                .hasMessageContaining("not a manifest (<list>.manifest.json, written by hashmatch list publish)");
        assertThatThrownBy(() -> ListSource.Followed.parse("ftp://host/blocklist.manifest.json"))
                .hasMessageContaining("only http://, https:// and file paths");
        assertThatThrownBy(() -> ListSource.Followed.parse("https:///blocklist.manifest.json"))
                .hasMessageContaining("no host");
    }
}
