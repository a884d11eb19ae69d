package io.hashmatch.list.format;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Imports several lists as one sequence of entries, all or nothing.
 *
 * <p><b>Merging.</b> Inputs are read in the order given, each entry keeping its
 * {@link ListEntry#sourceList()}. Duplicates are checked within each input ({@link ReadOptions#duplicates()}),
 * not across inputs: the same hash in two lists is information (both lists know it), not an error, and both
 * entries are delivered.
 *
 * <p><b>All or nothing.</b> {@link #importAll} validates every input completely (first pass, nothing
 * delivered, constant memory apart from the duplicate check) and only then reads them again into the sink
 * (second pass). If any input is bad, the sink receives nothing. If a file changes between the passes the
 * second pass may fail after delivering some entries, so the rule stays: <b>commit only when
 * {@code importAll} returned normally</b>. {@link #readInto} is the single pass without the validation
 * (for sinks that stage and commit at the end themselves); {@link #readAll} gathers everything in memory.
 *
 * <p>Stateless; the methods are thread-safe as long as the sinks are.
 */
public final class ListImport {
    private ListImport() {}

    /**
     * One input: a file and how to read it.
     *
     * @param file the list file
     * @param options how to read it
     */
    public record Source(Path file, ReadOptions options) {
        /** Checks for nulls. */
        public Source {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(options, "options");
        }

        /** {@code file} with {@link ReadOptions#DEFAULTS}. */
        public static Source of(Path file) {
            return new Source(file, ReadOptions.DEFAULTS);
        }
    }

    /**
     * Receives the entries of an import, in order. Called on the thread that runs the import, one call at a time: an
     * implementation needs no synchronisation of its own.
     */
    @FunctionalInterface
    public interface Sink {
        /**
         * Takes one entry.
         *
         * @throws IOException to stop the import
         */
        void accept(ListEntry entry) throws IOException;

        /**
         * Takes the entries of {@code rows}, in order: what a bulk-read source delivers instead of one
         * {@link #accept} per entry (see {@link #readInto}). The default calls {@link #accept} with
         * {@link PdqRows#entry} of each row; sinks that stage by column override it.
         *
         * @throws IOException to stop the import
         */
        default void acceptPdqRows(PdqRows rows) throws IOException {
            for (int i = 0; i < rows.size(); i++) {
                accept(rows.entry(i));
            }
        }
    }

    /**
     * What an import read.
     *
     * @param entriesPerSource number of entries of each source, in the order given
     * @param warnings the warnings of all sources (at most {@value ParseContext#MAX_WARNINGS} kept per source)
     */
    public record Summary(List<Long> entriesPerSource, List<ListWarning> warnings) {
        /** Copies the lists. */
        public Summary {
            entriesPerSource = List.copyOf(entriesPerSource);
            warnings = List.copyOf(warnings);
        }

        /** Total number of entries. */
        public long entries() {
            long n = 0;
            for (long e : entriesPerSource) {
                n += e;
            }
            return n;
        }
    }

    /**
     * Reads every source to the end without delivering anything: the first pass of {@link #importAll}.
     *
     * @throws ListFormatException at the first problem of the first bad source
     * @throws IOException if a file cannot be read
     */
    public static Summary validate(List<Source> sources) throws IOException, ListFormatException {
        return readInto(sources, entry -> {});
    }

    /**
     * Validates every source, then delivers all entries to {@code sink}: nothing is delivered unless every
     * source is valid. See the class comment for the rule on committing.
     *
     * @throws ListFormatException at the first problem (during validation: nothing was delivered), or if a
     *     file changed between the two passes
     * @throws IOException if a file cannot be read, or the sink stopped the import
     */
    static Summary importAll(List<Source> sources, Sink sink) throws IOException, ListFormatException {
        Summary checked = validate(sources);
        Summary read = readInto(sources, sink);
        for (int i = 0; i < sources.size(); i++) {
            if (!checked.entriesPerSource()
                    .get(i)
                    .equals(read.entriesPerSource().get(i))) {
                throw new ListFormatException(
                        sources.get(i).file().toString(),
                        0,
                        0,
                        "file changed during the import: "
                                + checked.entriesPerSource().get(i) + " entries, then "
                                + read.entriesPerSource().get(i));
            }
        }
        return read;
    }

    /**
     * Delivers the entries of every source to {@code sink} in one pass. On an exception the sink may have
     * received part of the entries: it must not commit them.
     *
     * <p>A ThreatExchange CSV export of the common shape (PDQ rows with collab, category and tags; see
     * {@code TeCsvBulkReader}) is read in bulk, on two threads, and delivered in one
     * {@link Sink#acceptPdqRows} call after the whole file was read and found valid; every other source, and
     * any file the bulk reader does not take whole, is read by {@link ListReader}. The entries, warnings and
     * errors are the same either way.
     *
     * @throws ListFormatException at the first problem
     * @throws IOException if a file cannot be read, or the sink stopped the import
     */
    public static Summary readInto(List<Source> sources, Sink sink) throws IOException, ListFormatException {
        List<Long> counts = new ArrayList<>(sources.size());
        List<ListWarning> warnings = new ArrayList<>();
        for (Source source : sources) {
            PdqRows rows = readInBulk(source);
            if (rows != null) {
                sink.acceptPdqRows(rows);
                counts.add((long) rows.size());
                continue;
            }
            try (ListReader reader = ListReader.open(source.file(), source.options())) {
                for (ListEntry e; (e = reader.next()) != null; ) {
                    sink.accept(e);
                }
                counts.add(reader.entryCount());
                warnings.addAll(reader.warnings());
            }
        }
        return new Summary(counts, warnings);
    }

    /** The rows of {@code source} if the bulk reader takes the whole file, else null. */
    private static @Nullable PdqRows readInBulk(Source source) throws IOException {
        Path file = source.file();
        if (!java.nio.file.Files.isRegularFile(file)) {
            return null;
        }
        Path name = file.getFileName();
        ParseContext ctx =
                new ParseContext(file.toString(), name == null ? file.toString() : name.toString(), source.options());
        return TeCsvBulkReader.read(file, ctx);
    }

    /**
     * Every entry of every source, in memory, merged in order (for lists of moderate size).
     *
     * @throws ListFormatException at the first problem
     * @throws IOException if a file cannot be read
     */
    public static List<ListEntry> readAll(List<Source> sources) throws IOException, ListFormatException {
        List<ListEntry> all = new ArrayList<>();
        readInto(sources, all::add);
        return all;
    }
}
