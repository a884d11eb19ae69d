package io.hashmatch.decode;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The native libraries OpenCV's decoding needs, in the order to load them, as files in JavaCPP's cache: written once
 * JavaCPP's {@code Loader} has found, extracted and loaded them, read by later processes, which then load the same
 * files with {@link System#load} and skip the {@code Loader}'s search (its annotations, class-path resources and
 * checks of the cache against the jar: most of OpenCV's load time, run in the interpreter).
 *
 * <p>The file, {@value #FILE_NAME} in the cache folder, has a header line and then one line per library, tab
 * separated: the cached file's path, size and modification time (ms), the resource it was extracted from (its name
 * and its URL), and the size and modification time of the jar holding it. A list is used only while all of these
 * still hold: the class path finds each resource at the same URL, each jar and each cached file is unchanged. So a
 * new build, another jar or a cache emptied or refilled by another program sends the process back to JavaCPP's own
 * loading (which extracts what is missing) and a new list. {@link #ORDER} names the libraries: JavaCPP's order for
 * OpenCV's core, image processing and codecs, each after the libraries it links. OpenBLAS's second copy
 * ({@code openblas_nolapack}, the same file under another name) and OpenBLAS's two JNI libraries (for OpenBLAS's Java
 * API, which nothing calls) are left out; OpenCV's core links {@code libopenblas.so.0}, which stays.
 *
 * <p>Stateless.
 */
final class LibraryList {
    /** The list's file name in JavaCPP's cache folder. */
    static final String FILE_NAME = "hashmatch-opencv-libraries.txt";

    private static final String HEADER = "hashmatch OpenCV libraries 1";

    /** JavaCPP's names of the libraries (without the version after {@code @}), in load order. */
    static final List<String> ORDER = List.of(
            "jnijavacpp",
            "gcc_s",
            "quadmath",
            "gfortran",
            "openblas",
            "opencv_core",
            "opencv_imgproc",
            "jniopencv_core",
            "jniopencv_imgproc",
            "opencv_imgcodecs",
            "jniopencv_imgcodecs");

    /** Libraries JavaCPP loads for these classes that decoding never needs. */
    static final Set<String> LEFT_OUT = Set.of("openblas_nolapack", "jniopenblas_nolapack", "jniopenblas");

    private LibraryList() {}

    /** One library: the cached file and where it came from. */
    record Entry(Path file, long size, long modified, String resource, String url, long jarSize, long jarModified) {}

    /**
     * The list for the libraries JavaCPP loaded ({@code Loader.getLoadedLibraries()}: name with version, to path);
     * null when they are not exactly {@link #ORDER} (plus any of {@link #LEFT_OUT}), or one was not extracted from a
     * jar into {@code cacheDir}.
     *
     * @param resources the class path's resource lookup ({@code ClassLoader::getResource})
     */
    static @Nullable List<Entry> of(
            Map<String, String> loaded, Path cacheDir, Function<String, @Nullable URL> resources) {
        Map<String, String> byName = new HashMap<>();
        for (Map.Entry<String, String> e : loaded.entrySet()) {
            String name = e.getKey().split("@", 2)[0];
            if (!ORDER.contains(name) && !LEFT_OUT.contains(name)) {
                return null;
            }
            byName.put(name, e.getValue());
        }
        List<Entry> entries = new ArrayList<>();
        for (String name : ORDER) {
            String path = byName.get(name);
            if (path == null) {
                return null;
            }
            Entry entry = entry(
                    Path.of(path).toAbsolutePath().normalize(),
                    cacheDir.toAbsolutePath().normalize(),
                    resources);
            if (entry == null) {
                return null;
            }
            entries.add(entry);
        }
        return entries;
    }

    /** The entry for a file that JavaCPP extracted to {@code cacheDir/JAR-NAME/RESOURCE}; null otherwise. */
    private static @Nullable Entry entry(Path file, Path cacheDir, Function<String, @Nullable URL> resources) {
        if (!file.startsWith(cacheDir) || file.getNameCount() < cacheDir.getNameCount() + 2) {
            return null;
        }
        Path relative = cacheDir.relativize(file);
        String resource =
                relative.subpath(1, relative.getNameCount()).toString().replace('\\', '/');
        URL url = resources.apply(resource);
        Path jar = url == null ? null : jarOf(url.toString());
        if (jar == null
                || jar.getFileName() == null
                || !jar.getFileName().toString().equals(relative.getName(0).toString())) {
            return null;
        }
        try {
            BasicFileAttributes f = Files.readAttributes(file, BasicFileAttributes.class);
            BasicFileAttributes j = Files.readAttributes(jar, BasicFileAttributes.class);
            return new Entry(
                    file,
                    f.size(),
                    f.lastModifiedTime().toMillis(),
                    resource,
                    url.toString(),
                    j.size(),
                    j.lastModifiedTime().toMillis());
        } catch (IOException e) {
            return null;
        }
    }

    /** The jar of a {@code jar:file:...!/...} URL; null for any other URL. */
    static @Nullable Path jarOf(String url) {
        int bang = url.indexOf("!/");
        if (!url.startsWith("jar:file:") || bang < 0) {
            return null;
        }
        try {
            return Path.of(new URI(url.substring("jar:".length(), bang)));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Writes the list to {@code file} (through a temporary file and a rename: a reader sees all of it or none). */
    static void write(Path file, List<Entry> entries) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Entry e : entries) {
            text.append(e.file())
                    .append('\t')
                    .append(e.size())
                    .append('\t')
                    .append(e.modified())
                    .append('\t')
                    .append(e.resource())
                    .append('\t')
                    .append(e.url())
                    .append('\t')
                    .append(e.jarSize())
                    .append('\t')
                    .append(e.jarModified())
                    .append('\n');
        }
        Path tmp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The files of the list in {@code file}, in load order, if it still holds (every resource at the same URL, jars
     * and cached files unchanged); null when there is no list, it cannot be read or it no longer holds.
     */
    static @Nullable List<Path> read(Path file, Function<String, @Nullable URL> resources) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (lines.size() != ORDER.size() + 1 || !lines.getFirst().equals(HEADER)) {
            return null;
        }
        List<Path> files = new ArrayList<>();
        Set<String> checkedJars = new HashSet<>();
        try {
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", -1);
                if (f.length != 7) {
                    return null;
                }
                Path library = Path.of(f[0]);
                URL url = resources.apply(f[3]);
                Path jar = jarOf(f[4]);
                if (url == null
                        || !url.toString().equals(f[4])
                        || jar == null
                        || !unchanged(library, f[1], f[2])
                        || (checkedJars.add(f[4].substring(0, f[4].indexOf("!/"))) && !unchanged(jar, f[5], f[6]))) {
                    return null;
                }
                files.add(library);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return files;
    }

    /** Whether {@code path} has this size and modification time (decimal strings) now. */
    private static boolean unchanged(Path path, String size, String modified) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
        return a.isRegularFile()
                && a.size() == Long.parseLong(size)
                && a.lastModifiedTime().toMillis() == Long.parseLong(modified);
    }
}
