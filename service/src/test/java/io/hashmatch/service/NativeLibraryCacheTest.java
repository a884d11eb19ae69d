package io.hashmatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JavaCPP's native libraries go next to the jar, never to a predictable folder of /tmp. */
class NativeLibraryCacheTest {
    @TempDir
    Path tmp;

    @Test
    void theCacheIsAFolderNextToTheJar() throws Exception {
        Path jar = Files.write(tmp.resolve("hashmatch.jar"), new byte[] {'P', 'K', 3, 4});
        Path folder = NativeLibraryCache.folderNextTo(jar);
        assertThat(folder).isEqualTo(tmp.resolve("javacpp-cache"));
        assertThat(folder).isDirectory();
        assertThat(NativeLibraryCache.folderNextTo(jar)).as("again, once made").isEqualTo(folder);
    }

    @Test
    void aFolderThereAlreadyIsTakenAsItIs() throws Exception {
        Path jar = Files.write(tmp.resolve("hashmatch.jar"), new byte[] {'P', 'K', 3, 4});
        Path extracted = Files.writeString(
                Files.createDirectory(tmp.resolve("javacpp-cache")).resolve("libexample.so"), "extracted before");
        assertThat(NativeLibraryCache.folderNextTo(jar)).isEqualTo(tmp.resolve("javacpp-cache"));
        assertThat(extracted).hasContent("extracted before");
    }

    @Test
    void aFileInThePlaceOfTheFolderKeepsJavaCppsDefault() throws Exception {
        Path jar = Files.write(tmp.resolve("hashmatch.jar"), new byte[] {'P', 'K', 3, 4});
        Files.writeString(tmp.resolve("javacpp-cache"), "not a folder");
        assertThat(NativeLibraryCache.folderNextTo(jar)).isNull();
        assertThat(tmp.resolve("javacpp-cache")).isRegularFile().hasContent("not a folder");
    }

    @Test
    void classesOutsideAJarKeepJavaCppsDefault() {
        assertThat(NativeLibraryCache.folderNextTo(tmp)).isNull();
        assertThat(NativeLibraryCache.folderNextTo(null)).isNull();
        assertThat(NativeLibraryCache.folderNextTo(tmp.resolve("missing.jar"))).isNull();
    }

    @Test
    void aCacheFolderChosenByTheOperatorIsKept() {
        String before = System.getProperty(NativeLibraryCache.PROPERTY);
        try {
            System.setProperty(NativeLibraryCache.PROPERTY, tmp.toString());
            NativeLibraryCache.configure(HashmatchApplication.class);
            assertThat(System.getProperty(NativeLibraryCache.PROPERTY)).isEqualTo(tmp.toString());
        } finally {
            if (before == null) {
                System.clearProperty(NativeLibraryCache.PROPERTY);
            } else {
                System.setProperty(NativeLibraryCache.PROPERTY, before);
            }
        }
    }
}
