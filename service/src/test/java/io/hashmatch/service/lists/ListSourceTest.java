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
        assertThatThrownBy(() -> ListSource.parse(tmp.resolve("none.txt").toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> ListSource.parse("x="))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("list 'x=': no file");
        assertThatThrownBy(() -> ListSource.checkName("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListSource.checkName("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
        assertThat(ListSource.checkName("A-1.b_c")).isEqualTo("A-1.b_c");
    }

    @Test
    void theDemoListIsFoundAboveTheWorkingDirectory() {
        Path demo = ListSource.findDemoDir(Path.of(""));
        assertThat(demo).isNotNull();
        assertThat(ListSource.demo(demo).files()).hasSize(7).allMatch(Files::isRegularFile);
        assertThat(ListSource.findDemoDir(tmp)).isNull();
    }
}
