package io.hashmatch.service.cli;

import io.hashmatch.list.FileFormatException;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.ImportReport;
import io.hashmatch.list.ListImportException;
import io.hashmatch.list.ListImporter;
import io.hashmatch.service.lists.ListSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The lists a command ({@code match}, {@code scan}, {@code video match}) was given, open: a snapshot as it is; any
 * other file is a list (any format hashmatch reads) imported as {@code serve} imports it ({@link ListSource}:
 * named after the file, format detected) into a temporary snapshot, which {@link #close()} deletes.
 *
 * <p>A snapshot is opened either verified ({@link HashListSnapshot#open}: every byte read against its checksums, ~1 s
 * per 2 GB) or, for a command that looks up a few hashes, with its structure checked only
 * ({@link HashListSnapshot#openUnverified}: header, section table and footer, constant time), as Lucene opens its
 * data files; {@code hashmatch list verify} and the service (at load) read every byte.
 *
 * <p>Not thread-safe; one instance per run.
 */
final class OpenedLists implements AutoCloseable {
    private final List<HashListSnapshot> opened = new ArrayList<>();
    private final boolean verify;
    private @Nullable Path temporary;

    /** Lists opened verified. */
    OpenedLists() {
        this(true);
    }

    /** Lists opened verified ({@code verify}) or with their structure checked only. */
    OpenedLists(boolean verify) {
        this.verify = verify;
    }

    /**
     * Opens {@code file}: a snapshot if it starts as one, else a list imported into a temporary snapshot.
     *
     * @throws ListImportException if the list file has an invalid line
     * @throws FileFormatException if the snapshot is damaged or of an unsupported version
     * @throws IOException if a file cannot be read or the temporary snapshot written
     */
    HashListSnapshot open(Path file) throws IOException, FileFormatException, ListImportException {
        HashListSnapshot s;
        // A snapshot is opened before the switch: a pattern switch's first run generates a class at run time
        // (SwitchBootstraps), which the start-up cache does not hold, a cost every `match` of one hash would pay.
        if (HashListSnapshot.isSnapshot(file)) {
            s = snapshot(file);
        } else {
            s = switch (source(file)) {
                case ListSource.SnapshotFile f -> snapshot(f.file());
                case ListSource.ListFiles l -> imported(file, l);
                case ListSource.Followed f -> throw new IOException(f + ": a published list is followed by serve only");
            };
        }
        opened.add(s);
        return s;
    }

    private HashListSnapshot snapshot(Path file) throws IOException, FileFormatException {
        return verify ? HashListSnapshot.open(file) : HashListSnapshot.openUnverified(file);
    }

    /** The list file {@code file}, as {@code list} describes it, imported into a temporary snapshot, opened. */
    private HashListSnapshot imported(Path file, ListSource.ListFiles list)
            throws IOException, FileFormatException, ListImportException {
        Path target = temporaryFolder().resolve(opened.size() + ListSource.SNAPSHOT_EXTENSION);
        String version = Files.getLastModifiedTime(file)
                .toInstant()
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        ImportReport report = ListImporter.importLists(list.inputs(), list.name(), version, target);
        return HashListSnapshot.openUnverified(report.snapshot()); // just written and forced by this process
    }

    /** A list file as {@code serve --list FILE} takes it. */
    private static ListSource source(Path file) throws IOException {
        try {
            return ListSource.parse(file.toString());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private Path temporaryFolder() throws IOException {
        Path dir = temporary;
        if (dir == null) {
            dir = Files.createTempDirectory("hashmatch-lists-");
            temporary = dir;
        }
        return dir;
    }

    /** Closes every list and deletes the temporary snapshots. */
    @Override
    public void close() throws IOException {
        opened.forEach(HashListSnapshot::close);
        opened.clear();
        Path dir = temporary;
        if (dir != null) {
            temporary = null;
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }
}
