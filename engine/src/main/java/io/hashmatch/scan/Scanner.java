package io.hashmatch.scan;

import io.hashmatch.hash.FileHasher;
import io.hashmatch.match.Matcher;
import io.hashmatch.video.VideoHasher;
import io.hashmatch.video.VideoLimits;
import io.hashmatch.video.VideoMatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Scans trees of files: walks them ({@link TreeWalker}), hashes every file and archive entry by kind, matches
 * it against the lists, and appends each finished file on disk to a journal, from which the result is read.
 *
 * <pre>{@code
 * Scanner scanner = Scanner.newBuilder()
 *     .hasher(FileHasher.newBuilder().build())
 *     .matcher(matcher)                       // optional
 *     .journal(outDir.resolve("journal.jsonl"))
 *     .resume(true)                           // continue a killed scan
 *     .build();
 * ScanResult r = scanner.run(List.of(Path.of("/mnt/evidence")));
 * }</pre>
 *
 * <p><b>Pipeline.</b> A walker thread hands files to a fixed pool of {@link Builder#threads} platform threads
 * (the engine keeps per-thread buffers) through a window of {@code 4 × threads} files, so reading, decoding
 * and hashing of different files overlap and every core stays busy; the calling thread writes the journal in
 * completion order. A second walker only counts files and bytes for {@link #progress()}.
 *
 * <p><b>Videos.</b> Each video gets its vPDQ ({@link Builder#videoSecondsPerHash}, within
 * {@link Builder#videoLimits}) on the worker thread that reads it (each worker has its own
 * {@link VideoHasher}), and is matched against the lists' video entries with {@link Builder#videoMatcher};
 * the frames and hits are in its record ({@link ScannedFile#video()}, {@link ScannedFile#videoHits()}).
 *
 * <p><b>Memory.</b> An archive entry is decoded from memory only when it fits both the decode limit and its thread's
 * share of the heap (a quarter of {@code -Xmx} divided by the threads); a larger entry streams through its exact
 * hashes, so an archive of any size scans in a bounded heap. Running out of memory on an entry is recorded on it or on
 * its archive, never at the cost of the archive's own hashes.
 *
 * <p><b>Evidence is read only.</b> Files are opened with {@code READ} only, links out of the tree are not
 * followed, and nothing is written except the journal (which must not be under a scanned path: the caller
 * checks).
 *
 * <p><b>Resume.</b> The journal is append-only, one line per finished file on disk, carrying its position in
 * the walk. With {@link Builder#resume}, files already in the journal are skipped and the rest are scanned;
 * a disk image journals each unit of its scan as it goes (a file of its file systems, a range it carved), so a
 * killed scan resumes inside the image it was scanning, doing only the units not yet journaled;
 * the result, read back from the journal in walk order, is the same as one uninterrupted run's. A resume
 * requires the same settings and paths ({@link ScanSetupException} otherwise).
 *
 * <p><b>Cancel.</b> {@link #cancel()} (for example from a shutdown hook on Ctrl-C) stops the walk; files being
 * scanned finish and are journaled, queued ones are dropped; {@link #run} then returns a result with
 * {@link ScanResult#complete()} false. The journal is consistent at every moment.
 *
 * <p>Thread-safe for {@link #cancel()} and {@link #progress()} from any thread; {@link #run} once per instance.
 */
public final class Scanner {
    private final FileScan fileScan;
    private final @Nullable RawCarveScan carve;
    private final Path journalPath;
    private final boolean resume;
    private final int threads;
    private final ThreadBudget budget;
    private final String settings;
    private final Consumer<List<ScannedFile>> onFile;
    private final Consumer<String> beforeScanning;
    private final ScanProgress progress = new ScanProgress();
    private volatile boolean cancelled;
    private volatile @Nullable Thread walkThread;
    private volatile @Nullable Thread countThread;
    private final AtomicInteger runs = new AtomicInteger();

    private Scanner(Builder b) {
        FileHasher hasher = Objects.requireNonNull(b.hasher, "hasher is required");
        this.budget = new ThreadBudget(b.threads);
        this.journalPath = Objects.requireNonNull(b.journal, "journal is required");
        this.fileScan = new FileScan(
                new MediaHasher(hasher, b.hashVideos, b.secondsPerHash, b.videoLimits),
                b.matcher,
                b.knownGood,
                b.archiveLimits,
                b.thumbnailer,
                b.secondsPerHash,
                b.videoRules,
                entryMemory(b.threads),
                budget);
        this.carve = b.carve ? new RawCarveScan(fileScan, budget) : null;
        this.resume = b.resume;
        this.threads = b.threads;
        this.onFile = b.onFile;
        this.beforeScanning = b.beforeScanning;
        this.settings = "mode=" + hasher.mode() + ";fast=" + hasher.fast() + ";limits=" + hasher.limits()
                + (hasher.variants().isNone() ? "" : ";variants=" + hasher.variants())
                + ";archives=" + b.archiveLimits + ";thumbnails=" + (b.thumbnailer != null) + ";video="
                + (b.hashVideos ? b.secondsPerHash + "s/" + b.videoLimits + "/" + b.videoRules : "off")
                + ";lists=" + b.listSettings + (b.knownGood == null ? "" : ";known-good=" + b.knownGoodSettings)
                + (b.carve ? ";carve=any-offset" : "");
    }

    /**
     * Most bytes of one archive entry a scanning thread holds in memory to decode it: a quarter of the heap shared by
     * the threads (each may hold one entry, about twice over while it is joined, beside the archive it comes from),
     * and never more than the decode limit. A larger entry gets its exact hashes streamed.
     */
    static long entryMemory(int threads) {
        return Runtime.getRuntime().maxMemory() / (4L * threads);
    }

    /** A builder: {@link Builder#hasher} and {@link Builder#journal} are required. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** Live counters of the run. */
    public ScanProgress progress() {
        return progress;
    }

    /** Stops the run cleanly (see the class comment). Idempotent; safe from any thread. */
    public void cancel() {
        cancelled = true;
        Thread w = walkThread;
        if (w != null) {
            w.interrupt();
        }
        Thread c = countThread;
        if (c != null) {
            c.interrupt();
        }
    }

    /**
     * Scans {@code roots} (files or directories, in the order given).
     *
     * @throws ScanSetupException if the journal exists and {@code resume} is off, or it was made with other
     *     settings or roots, or it is damaged; nothing was scanned
     * @throws IOException if the journal cannot be written; the scan stops
     * @throws IllegalStateException if called twice
     */
    public ScanResult run(List<Path> roots) throws IOException, ScanSetupException {
        if (runs.getAndIncrement() > 0) {
            throw new IllegalStateException("a Scanner runs once");
        }
        String runSettings = settings + ";roots=" + roots;
        Journal.Contents existing = Journal.readIfPresent(journalPath);
        Set<String> finished;
        Map<String, Map<Integer, List<ScannedFile>>> units = Map.of();
        Journal journal;
        if (existing != null) {
            if (!resume) {
                throw new ScanSetupException(
                        journalPath + " already holds a scan journal: resume it, or write to another output folder",
                        true);
            }
            if (!existing.settings().equals(runSettings)) {
                throw new ScanSetupException(
                        "cannot resume: " + journalPath + " was made with other settings or paths ("
                                + existing.settings() + "), this run has " + runSettings);
            }
            finished = existing.finishedPaths();
            units = existing.imageUnits();
            journal = Journal.resume(journalPath, existing, Instant.now());
        } else {
            finished = Set.of();
            journal = Journal.create(journalPath, runSettings, Instant.now());
        }
        try (journal) {
            pipeline(roots, finished, units, journal);
        } finally {
            cancel(); // stops the counting walk if still running
        }
        Journal.Contents done = Journal.read(journalPath);
        List<Journal.Entry> entries = new ArrayList<>(done.entries());
        entries.sort(Comparator.comparingLong(Journal.Entry::seq));
        List<ScannedFile> records = new ArrayList<>();
        for (Journal.Entry e : entries) {
            records.addAll(e.records());
        }
        return new ScanResult(records, done.runs(), !cancelledBeforeEnd, progress.resumedFiles());
    }

    private volatile boolean cancelledBeforeEnd;

    /**
     * One file on disk, done (records null: dropped after a cancel), or the end of the walk, or one unit of a disk
     * image done (journaled only).
     */
    private record Done(
            long seq, @Nullable List<ScannedFile> records, boolean end, ImageCheckpoints.@Nullable Unit unit) {
        Done(long seq, @Nullable List<ScannedFile> records, boolean end) {
            this(seq, records, end, null);
        }
    }

    private void pipeline(
            List<Path> roots, Set<String> finished, Map<String, Map<Integer, List<ScannedFile>>> units, Journal journal)
            throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, DaemonThreads.named("hashmatch-scan-"));
        Semaphore window = new Semaphore(4 * threads);
        LinkedBlockingQueue<Done> results = new LinkedBlockingQueue<>();
        long[] seq = {0};
        long[] submitted = {0};
        fileScan.checkpoints()
                .start(
                        units,
                        (image, unit) -> beforeScanning.accept(image + "#" + unit),
                        u -> results.add(new Done(-1, null, false, u)));
        TreeWalker walker = new TreeWalker(new TreeWalker.Visitor() {
            @Override
            public void file(Path file, long size) throws InterruptedException {
                if (DiskImageScan.isLaterSegment(file)) {
                    return; // read with its image's first segment, whose record lists it
                }
                long s = seq[0]++;
                if (skipFinished(file, finished)) {
                    return;
                }
                beforeScanning.accept(file.toString());
                window.acquire(); // throws if the listener was interrupted by a cancel: the walk stops
                submitted[0]++;
                pool.execute(() -> {
                    List<ScannedFile> records = null;
                    budget.take();
                    try {
                        if (!cancelled) {
                            RawCarveScan c = carve;
                            records = c != null ? c.scan(file) : fileScan.scan(file);
                        }
                    } catch (RuntimeException | Error e) { // a bug must not take the scan down
                        records = List.of(ScannedFile.unreadable(
                                file.toString(),
                                null,
                                ScanError.INTERNAL_ERROR,
                                "scan failed: " + FileScan.oneLine(e)));
                    } finally {
                        budget.give();
                        window.release();
                        results.add(new Done(s, records, false));
                    }
                });
            }

            @Override
            public void skipped(Path path, ScanError error, String message) {
                long s = seq[0]++;
                if (skipFinished(path, finished)) {
                    return;
                }
                submitted[0]++;
                results.add(new Done(s, List.of(ScannedFile.unreadable(path.toString(), null, error, message)), false));
            }
        });
        Thread walk = DaemonThreads.named("hashmatch-walk").newThread(() -> {
            try {
                walker.walk(roots);
            } catch (InterruptedException e) {
                cancelledBeforeEnd = true;
            } finally {
                results.add(new Done(submitted[0], null, true));
            }
        });
        Thread count = DaemonThreads.named("hashmatch-count").newThread(() -> countTotals(roots));
        walkThread = walk;
        countThread = count;
        if (cancelled) {
            cancelledBeforeEnd = true;
            walk.interrupt();
        }
        walk.start();
        count.start();
        boolean interrupted = false;
        try {
            long received = 0;
            long expected = -1;
            while (expected < 0 || received < expected) {
                Done d;
                try {
                    d = results.take();
                } catch (InterruptedException e) {
                    interrupted = true;
                    cancel();
                    continue;
                }
                ImageCheckpoints.Unit unit = d.unit();
                if (unit != null) {
                    journal.appendUnit(unit.image(), unit.unit(), unit.records());
                    continue;
                }
                if (d.end()) {
                    expected = d.seq();
                    continue;
                }
                received++;
                if (d.records() == null) {
                    cancelledBeforeEnd = true;
                    continue;
                }
                journal.append(d.seq(), d.records());
                account(d.records());
                onFile.accept(d.records());
            }
        } catch (IOException | RuntimeException e) {
            cancel();
            throw e;
        } finally {
            pool.shutdownNow();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean skipFinished(Path path, Set<String> finished) {
        if (!finished.contains(path.toString())) {
            return false;
        }
        progress.resumedFiles.incrementAndGet();
        try {
            progress.resumedBytes.addAndGet(Files.size(path));
        } catch (IOException e) {
            // unreadable then too: counted without bytes
        }
        return true;
    }

    private void account(List<ScannedFile> records) {
        progress.files.incrementAndGet();
        progress.bytes.addAndGet(records.get(0).size());
        for (ScannedFile f : records) {
            progress.records.incrementAndGet();
            if (f.matched()) {
                progress.matchedRecords.incrementAndGet();
            }
            if (f.failed()) {
                progress.failedRecords.incrementAndGet();
            }
        }
    }

    private void countTotals(List<Path> roots) {
        long[] files = {0};
        long[] bytes = {0};
        try {
            new TreeWalker(new TreeWalker.Visitor() {
                        @Override
                        public void file(Path file, long size) {
                            if (!DiskImageScan.isLaterSegment(file)) {
                                files[0]++; // a later segment's bytes are its image's
                            }
                            bytes[0] += size;
                        }

                        @Override
                        public void skipped(Path path, ScanError error, String message) {
                            files[0]++;
                        }
                    })
                    .walk(roots);
            progress.totalBytes.set(bytes[0]);
            progress.totalFiles.set(files[0]);
        } catch (InterruptedException e) {
            // cancelled: totals stay unknown
        }
    }

    /** Builds a {@link Scanner}. Not thread-safe. */
    public static final class Builder {
        @Nullable
        FileHasher hasher;

        @Nullable
        Matcher matcher;

        @Nullable
        Path journal;

        @Nullable
        Matcher knownGood;

        String knownGoodSettings = "";

        ArchiveLimits archiveLimits = ArchiveLimits.defaults();
        int threads = Runtime.getRuntime().availableProcessors();

        @Nullable
        Function<byte[], @Nullable String> thumbnailer;

        boolean resume;
        boolean carve;
        boolean hashVideos = true;
        float secondsPerHash = VideoHasher.DEFAULT_SECONDS_PER_HASH;
        VideoLimits videoLimits = VideoLimits.DEFAULT;
        VideoMatcher videoRules = VideoMatcher.DEFAULT;
        String listSettings = "";
        Consumer<List<ScannedFile>> onFile = records -> {};
        Consumer<String> beforeScanning = work -> {};

        private Builder() {}

        /**
         * Hashes the files (its mode, limits, {@code fast} setting and variants apply: an image's PDQ hash is matched
         * together with its {@link io.hashmatch.hash.FileHashes#variants()}, and each hit names the variant that met).
         * Required; {@link QueryHashing#hasher} builds the one scans, the service and the console use.
         */
        public Builder hasher(FileHasher hasher) {
            this.hasher = Objects.requireNonNull(hasher);
            return this;
        }

        /**
         * Matches every hashed file; without one, records have no hits.
         *
         * @param listSettings what identifies the lists and their settings (names, checksums, distances): part of
         *     the settings a resume must repeat
         */
        public Builder matcher(Matcher matcher, String listSettings) {
            this.matcher = Objects.requireNonNull(matcher);
            this.listSettings = Objects.requireNonNull(listSettings);
            return this;
        }

        /**
         * Marks files that a known-good list (such as NIST's NSRL) holds by an exact hash as known
         * ({@link ScannedFile#knownGood()}): counted and listed, not reviewed. Only exact hashes count; a hit on the
         * {@link #matcher} lists stands whatever these lists say. Default: none.
         *
         * @param listSettings what identifies these lists (names, checksums): part of the settings a resume must
         *     repeat
         */
        public Builder knownGood(Matcher knownGood, String listSettings) {
            this.knownGood = Objects.requireNonNull(knownGood);
            this.knownGoodSettings = Objects.requireNonNull(listSettings);
            return this;
        }

        /** The journal file (created, or resumed with {@link #resume}); its folder must exist. Required. */
        public Builder journal(Path journal) {
            this.journal = Objects.requireNonNull(journal);
            return this;
        }

        /** Archive bomb and nesting limits; default {@link ArchiveLimits#defaults()}. */
        public Builder archiveLimits(ArchiveLimits limits) {
            this.archiveLimits = Objects.requireNonNull(limits);
            return this;
        }

        /**
         * Scanning threads; default the number of processors.
         *
         * @throws IllegalArgumentException if below 1
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1: " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Makes a thumbnail of each matched image from its bytes, while they are in memory
         * ({@link ScannedFile#thumbnail()}; the report's is {@code io.hashmatch.report.BlurredThumbnail::dataUri}):
         * a {@code data:} URI, or null when it cannot. Default null: no thumbnails.
         */
        public Builder thumbnails(@Nullable Function<byte[], @Nullable String> thumbnailer) {
            this.thumbnailer = thumbnailer;
            return this;
        }

        /**
         * Whether videos get their vPDQ and are matched against the lists' video entries (default true); without it a
         * video gets its exact hashes only, which is much faster on a drive full of video.
         */
        public Builder hashVideos(boolean hashVideos) {
            this.hashVideos = hashVideos;
            return this;
        }

        /**
         * Video sampling: seconds of video between hashed frames, as the reference's {@code -r} (0 hashes every
         * frame); default {@value VideoHasher#DEFAULT_SECONDS_PER_HASH}.
         *
         * @throws IllegalArgumentException if negative or not finite
         */
        public Builder videoSecondsPerHash(float secondsPerHash) {
            new VideoHasher(secondsPerHash, VideoHasher.NO_PRUNING); // checks the value
            this.secondsPerHash = secondsPerHash;
            return this;
        }

        /** Bounds on each video's decoding (size, dimensions, duration, frames, time); default {@link VideoLimits#DEFAULT}. */
        public Builder videoLimits(VideoLimits limits) {
            this.videoLimits = Objects.requireNonNull(limits);
            return this;
        }

        /**
         * How videos match the lists' video entries (frame distance and quality, least percentages of a hit);
         * default {@link VideoMatcher#DEFAULT}, as {@code hashmatch video match}.
         */
        public Builder videoMatcher(VideoMatcher rules) {
            this.videoRules = Objects.requireNonNull(rules);
            return this;
        }

        /**
         * Whether every file is carved as raw bytes instead of being read by its structure (a memory dump, a file of
         * unknown structure): its own record with its exact hashes, then every image, video and archive found in it
         * at any byte offset, hashed and matched in memory as {@code file!/carved@0x<offset>+<length>}
         * ({@link io.hashmatch.disk.Carver}, with {@link #threads} threads per file). Archives and disk images are not
         * opened in this mode. Default false.
         */
        public Builder carve(boolean carve) {
            this.carve = carve;
            return this;
        }

        /** Continue the scan in an existing journal instead of refusing it. */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /**
         * Called on the journal-writing thread with the records of each file on disk, right after they were
         * journaled; a slow listener slows the scan. Default: none.
         */
        Builder onFile(Consumer<List<ScannedFile>> onFile) {
            this.onFile = Objects.requireNonNull(onFile);
            return this;
        }

        /**
         * Called as the scan reaches each piece of its work, before that piece is done: a file on disk, with its
         * path, on the walking thread before it hands the file to the scanning threads; a unit of a disk image's scan
         * (the class comment's Resume), with the image's path, {@code #} and the unit's number, on the thread about to
         * scan it. Not called for what a resumed scan takes from its journal. That piece, and the walk or the image's
         * scan on that thread, wait for the listener; {@link Scanner#cancel()} interrupts the walk, a listener waiting
         * in it included (it must then return with its thread's interrupt status set). For tests that stop a scan at a
         * known point of its work, to kill or cancel it there whatever the machine's speed. Default: none.
         */
        public Builder beforeScanning(Consumer<String> listener) {
            this.beforeScanning = Objects.requireNonNull(listener);
            return this;
        }

        /** The scanner. @throws NullPointerException if the hasher or the journal is missing */
        public Scanner build() {
            return new Scanner(this);
        }
    }
}
