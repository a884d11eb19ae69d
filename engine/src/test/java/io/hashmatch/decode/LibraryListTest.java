package io.hashmatch.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LibraryList}: written from what JavaCPP loaded, read back in load order, and refused as soon as a jar, a
 * cached file or the class path's resource differs. Files and jars are stand-ins (no library is loaded).
 */
class LibraryListTest {
    @TempDir
    Path dir;

    private Path jar;
    private Path cache;
    /** JavaCPP's loaded libraries, name with version to the cached file, for every name JavaCPP loads. */
    private final Map<String, String> loaded = new HashMap<>();
    /** The cached files in load order. */
    private final List<Path> expected = new ArrayList<>();

    @BeforeEach
    void extractedCache() throws IOException {
        jar = Files.writeString(dir.resolve("hashmatch.jar"), "a jar");
        cache = Files.createDirectories(dir.resolve("cache"));
        for (String name : LibraryList.ORDER) {
            Path file = cached(name);
            loaded.put(name.startsWith("jni") ? name : name + "@.1", file.toString());
            expected.add(file);
        }
        for (String name : LibraryList.LEFT_OUT) {
            loaded.put(
                    name.startsWith("jni") ? name : name + "@.0", cached(name).toString());
        }
    }

    private Path cached(String name) throws IOException {
        Path file = cache.resolve("hashmatch.jar/org/bytedeco/x/linux-x86_64/lib" + name + ".so");
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "library " + name);
    }

    /** The class path: every resource in {@code jar}. */
    private static Function<String, @Nullable URL> in(Path jar) {
        return name -> {
            try {
                return URI.create("jar:" + jar.toUri() + "!/" + name).toURL();
            } catch (MalformedURLException e) {
                throw new AssertionError(e);
            }
        };
    }

    private Path written() throws IOException {
        List<LibraryList.Entry> entries = LibraryList.of(loaded, cache, in(jar));
        assertThat(entries).isNotNull();
        Path list = cache.resolve(LibraryList.FILE_NAME);
        LibraryList.write(list, entries);
        return list;
    }

    @Test
    void theListHoldsTheLibrariesInLoadOrderWithoutTheLeftOutOnesAndReadsBackWhileNothingChanged() throws IOException {
        Path list = written();

        assertThat(LibraryList.read(list, in(jar))).containsExactlyElementsOf(expected);
        assertThat(expected.getFirst().getFileName()).hasToString("libjnijavacpp.so");
        assertThat(expected.getLast().getFileName()).hasToString("libjniopencv_imgcodecs.so");
        assertThat(Files.readAllLines(list)).hasSize(LibraryList.ORDER.size() + 1);
        assertThat(Files.readString(list)).doesNotContain("openblas_nolapack").doesNotContain("jniopenblas");
        try (var files = Files.list(cache)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temporary file left")
                    .containsExactlyInAnyOrder("hashmatch.jar", LibraryList.FILE_NAME);
        }
    }

    @Test
    void aNewJarAnotherJarOrAChangedCachedFileSendsTheLoadBackToJavaCpp() throws IOException {
        Path list = written();

        Files.setLastModifiedTime(
                jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));
        assertThat(LibraryList.read(list, in(jar))).as("the jar rebuilt").isNull();

        list = written();
        Path other =
                Files.writeString(Files.createDirectories(dir.resolve("other")).resolve("hashmatch.jar"), "a jar");
        assertThat(LibraryList.read(list, in(other)))
                .as("another jar on the class path")
                .isNull();
        assertThat(LibraryList.read(list, name -> null)).as("resources gone").isNull();

        Files.writeString(expected.get(5), "another library, longer");
        assertThat(LibraryList.read(list, in(jar))).as("a cached file replaced").isNull();

        list = written();
        Files.delete(expected.get(3));
        assertThat(LibraryList.read(list, in(jar))).as("a cached file deleted").isNull();
    }

    @Test
    void aDamagedOrMissingListIsNotUsed() throws IOException {
        Path list = written();
        List<String> lines = Files.readAllLines(list);

        Files.write(list, lines.subList(0, lines.size() - 1));
        assertThat(LibraryList.read(list, in(jar))).as("a line short").isNull();
        Files.write(list, lines.subList(1, lines.size()));
        assertThat(LibraryList.read(list, in(jar))).as("no header").isNull();
        List<String> cut = new ArrayList<>(lines);
        cut.set(2, lines.get(2).substring(0, lines.get(2).lastIndexOf('\t')));
        Files.write(list, cut);
        assertThat(LibraryList.read(list, in(jar))).as("a field short").isNull();
        Files.delete(list);
        assertThat(LibraryList.read(list, in(jar))).isNull();
    }

    @Test
    void noListWhenJavaCppLoadedOtherLibrariesOrNotFromTheCache() throws IOException {
        Map<String, String> more = new HashMap<>(loaded);
        more.put("opencv_videoio@.413", cached("opencv_videoio").toString());
        assertThat(LibraryList.of(more, cache, in(jar)))
                .as("a library the list does not know")
                .isNull();

        Map<String, String> fewer = new HashMap<>(loaded);
        fewer.remove("quadmath@.1");
        assertThat(LibraryList.of(fewer, cache, in(jar))).as("one missing").isNull();

        Map<String, String> system = new HashMap<>(loaded);
        system.put("gcc_s@.1", "/usr/lib/x86_64-linux-gnu/libgcc_s.so.1");
        assertThat(LibraryList.of(system, cache, in(jar)))
                .as("one from the system's paths")
                .isNull();

        Path renamed = Files.writeString(dir.resolve("renamed.jar"), "a jar");
        assertThat(LibraryList.of(loaded, cache, in(renamed)))
                .as("the cache's folder is named after another jar")
                .isNull();
    }

    @Test
    void theJarOfAResourceUrl() {
        assertThat(LibraryList.jarOf("jar:file:/a/b%20c/hashmatch.jar!/org/x.so"))
                .isEqualTo(Path.of("/a/b c/hashmatch.jar"));
        assertThat(LibraryList.jarOf("file:/a/org/x.so")).isNull();
        assertThat(LibraryList.jarOf("jar:http://host/x.jar!/org/x.so")).isNull();
    }
}
