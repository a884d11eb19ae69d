package io.hashmatch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Locates the benchmark corpus (the PDQ reference images) and lists its files in a stable order.
 *
 * <p>Resolution order: an explicit path (the benchmarks' {@code corpus} {@code @Param}, or a main class's
 * argument) when not empty; else the system property {@code hashmatch.corpus}; else the environment variable
 * {@code HASHMATCH_CORPUS}; else {@code ../shared/pdq/images} relative to the project root, where the project
 * root is the first directory, from the working directory upwards, that holds {@code mvnw} and
 * {@code bench/} (so running from the root or from {@code bench/} both work), and finally from the directory
 * holding the benchmark jar upwards.
 */
public final class Corpus {
    /** Default location relative to the project root. */
    public static final String DEFAULT_RELATIVE = "../shared/pdq/images";

    private Corpus() {}

    /** The corpus directory; fails with a message saying how to set it when none is found. */
    public static Path directory(String explicit) {
        for (String candidate :
                new String[] {explicit, System.getProperty("hashmatch.corpus"), System.getenv("HASHMATCH_CORPUS")}) {
            if (candidate != null && !candidate.isBlank()) {
                Path p = Path.of(candidate).toAbsolutePath().normalize();
                if (!Files.isDirectory(p)) {
                    throw new IllegalStateException("corpus directory does not exist: " + p);
                }
                return p;
            }
        }
        for (Path start : startingPoints()) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("bench"))) {
                    Path p = dir.resolve(DEFAULT_RELATIVE).normalize();
                    if (Files.isDirectory(p)) {
                        return p;
                    }
                }
            }
        }
        throw new IllegalStateException("corpus not found: pass -p corpus=DIR (JMH), -Dhashmatch.corpus=DIR or set "
                + "HASHMATCH_CORPUS; the default is " + DEFAULT_RELATIVE + " relative to the project root");
    }

    /** Regular files of the corpus directory (not recursive), sorted by name. */
    public static List<Path> files(String explicit) {
        Path dir = directory(explicit);
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(Files::isRegularFile).sorted().toList();
            if (files.isEmpty()) {
                throw new IllegalStateException("corpus directory is empty: " + dir);
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static List<Path> startingPoints() {
        Path cwd = Path.of("").toAbsolutePath();
        try {
            Path jar = Path.of(Corpus.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return List.of(cwd, jar.toAbsolutePath());
        } catch (Exception e) {
            return List.of(cwd);
        }
    }
}
