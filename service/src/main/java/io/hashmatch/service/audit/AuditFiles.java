package io.hashmatch.service.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The names of an audit log's files, all in the folder of its current file {@code <stem>.jsonl}: rotated files
 * {@code <stem>.<yyyyMMdd'T'HHmmss.SSS'Z'>.jsonl} (the UTC time of the rotation, so that names sort by time and before
 * the current file), quarantined torn lines {@code <stem>.<time>.torn}, and the lock {@code <stem>.jsonl.lock}.
 *
 * <p>Stateless; thread-safe.
 */
final class AuditFiles {
    static final String EXTENSION = ".jsonl";
    static final Pattern ROTATED = Pattern.compile("(.+)\\.(\\d{8}T\\d{6}\\.\\d{3}Z)\\.jsonl");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private AuditFiles() {}

    static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(EXTENSION) ? name.substring(0, name.length() - EXTENSION.length()) : name;
    }

    private static Path sibling(Path file, String name) {
        Path dir = file.toAbsolutePath().getParent();
        return dir == null ? Path.of(name) : dir.resolve(name);
    }

    /** A file name for {@code file} rotated at {@code time} that is not taken (a millisecond later if it is). */
    static Path rotated(Path file, Instant time) {
        return free(file, time, EXTENSION);
    }

    /** A file name for a torn line of {@code file} quarantined at {@code time}. */
    static Path quarantine(Path file, Instant time) {
        return free(file, time, ".torn");
    }

    private static Path free(Path file, Instant time, String extension) {
        Instant t = time;
        while (true) {
            Path p = sibling(file, stem(file) + "." + STAMP.format(t) + extension);
            if (!Files.exists(p)) {
                return p;
            }
            t = t.plusMillis(1);
        }
    }

    static Path lock(Path file) {
        return sibling(file, file.getFileName() + ".lock");
    }

    /** The newest rotated file of {@code file}, or null. */
    static @Nullable Path latestRotated(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return null;
        }
        String stem = stem(file);
        Path latest = null;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Matcher m = ROTATED.matcher(p.getFileName().toString());
                if (m.matches()
                        && m.group(1).equals(stem)
                        && (latest == null
                                || p.getFileName()
                                                .toString()
                                                .compareTo(latest.getFileName().toString())
                                        > 0)) {
                    latest = p;
                }
            }
        }
        return latest;
    }
}
