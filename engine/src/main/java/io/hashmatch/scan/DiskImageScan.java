package io.hashmatch.scan;

import io.hashmatch.disk.Carver;
import io.hashmatch.disk.DiskImage;
import io.hashmatch.disk.DiskImageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Scans a disk image ({@link DiskImage}): the image's own record (its exact hashes, and a {@link DiskImageSummary}
 * with its hashes again after the scan), then every allocated and deleted file of every file system, then the
 * objects carved out of unallocated space and out of partitions whose file system could not be read.
 *
 * <p>Paths: a file is {@code image!/p1/DCIM/IMG_0001.JPG} ({@code image!/DCIM/...} without a partition table), a
 * carved object {@code image!/unallocated@0x1f400000+48213} (offset in the image, length), or
 * {@code image!/slack@0x...+N} when it lay in a file's slack space (between the end of its content and the end of its
 * last cluster), its partition in its {@link DiskOrigin}. A deleted file some of whose blocks now belong to other
 * files is hashed as read and gets the error {@code deleted_overwritten}, saying how many. Nothing is written; the image is read through TSK, opened read-only.
 *
 * <p>The files of one image are hashed on the scanning thread and on the scan's threads ({@code --threads}) that no
 * other file holds ({@link ThreadBudget}: N images on N threads take N threads, not N × N), each with its own TSK
 * handles on the image; the records come out in the file system's order whatever the threads.
 *
 * <p><b>Resume.</b> The scan of an image is cut into units, numbered in an order the image fixes: for each
 * partition, its files (in the file system's order), then its slack, then each range of its unallocated space; then
 * each range outside every partition; then, for each partition, the FAT directory entries TSK does not list. Each unit
 * done is kept ({@link ImageCheckpoints}: the journal) with its
 * records; a resumed scan takes the units an earlier run did from there (only the placement of their files is read
 * again, for the slack and the deleted files' offsets) and does the others, so its records are those of one
 * uninterrupted scan.
 *
 * <p>Not thread-safe: one instance per image, used by the scanning thread that took the image.
 */
final class DiskImageScan {
    /** No disk image is smaller than this (a FAT12 file system of 64 sectors is the least TSK reads). */
    static final long SMALLEST_IMAGE = 32 << 10;

    /**
     * Code, in a {@code disk_image_damaged} message, of a medium whose hashes as read differ from those stored at
     * acquisition.
     */
    static final String ACQUISITION_MISMATCH = "acquisition_hash_mismatch";

    /** Error code of a deleted file some of whose blocks the file system has given to other files since. */
    static final String OVERWRITTEN = "deleted_overwritten";

    /**
     * Bytes skipped at once where the image cannot be read: an E01 chunk (32 KiB), so that a missing stretch costs
     * one failed read per chunk.
     */
    private static final int UNREADABLE_STEP = 32 << 10;

    private final FileScan files;
    private final ThreadBudget threads;

    /**
     * @param threads the scan's threads: the files of one image are hashed on the calling thread and on those it
     *     can borrow (each with its own TSK handles)
     */
    DiskImageScan(FileScan files, ThreadBudget threads) {
        this.files = files;
        this.threads = threads;
    }

    /** Whether {@code file} starts as a disk image (false when it cannot be read: the file scan then says why). */
    static boolean isDiskImage(Path file) {
        try {
            return DiskImage.recognise(file) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether {@code file} is a later segment of a split raw or E01 image beside it (false when the first segment
     * cannot be read: the file is then scanned as what it is).
     */
    static boolean isLaterSegment(Path file) {
        try {
            return DiskImage.isLaterSegment(file);
        } catch (IOException e) {
            return false;
        }
    }

    List<ScannedFile> scan(Path file) {
        String path = file.toString();
        List<ScannedFile> out = new ArrayList<>();
        DiskImage.Format format;
        List<Path> segments;
        try {
            format = DiskImage.recognise(file);
        } catch (IOException e) {
            return List.of(ScannedFile.unreadable(path, null, ScanError.IO_ERROR, "cannot read: " + e.getMessage()));
        }
        if (format == null) {
            return List.of(ScannedFile.unreadable(
                    path,
                    null,
                    ScanError.DISK_IMAGE_DAMAGED,
                    DiskImageException.Reason.IMAGE_UNREADABLE.code() + ": " + file
                            + " does not start as a disk image"));
        }
        // the files' own hashes first: an image that cannot be opened or read still has them in its record
        segments = DiskImage.segmentsOf(file);
        ExactDigests before;
        AcquisitionHash acquisition;
        try {
            ImageHashPass.Result first = ImageHashPass.run(format, segments);
            before = first.files();
            acquisition = first.acquisition();
        } catch (IOException e) {
            return List.of(ScannedFile.unreadable(path, null, ScanError.IO_ERROR, "cannot read: " + e.getMessage()));
        }
        String md5Before = before.md5(); // each digest is read once: reading it resets it
        String sha256Before = before.sha256();
        ScannedFile record = FileScan.exactOnly(
                path,
                null,
                before.size(),
                md5Before,
                before.sha1(),
                sha256Before,
                MediaKind.DISK_IMAGE,
                format.label());
        out.add(record);
        List<String> problems = new ArrayList<>();
        if (acquisition.outcome() == AcquisitionHash.Outcome.MISMATCH) {
            problems.add(ACQUISITION_MISMATCH + ": " + acquisition.detail());
        }
        DiskImage image = null;
        try {
            image = DiskImage.open(file);
            List<DiskImageSummary.Partition> partitions = new ArrayList<>();
            if (image.volumeError() != null) {
                problems.add(DiskImageException.Reason.PARTITION_TABLE_CORRUPT.code() + ": " + image.volumeError());
            }
            Carver carver = Carver.sectorAligned();
            Carver slackCarver = Carver.anyOffset(); // slack is small, and what hides there need not be aligned
            Set<Long> deletedAt = new HashSet<>();
            Map<Integer, List<ScannedFile>> earlier = files.checkpoints().earlier(path);
            int unit = 0;
            List<Set<String>> listed = new ArrayList<>(); // by volume: the paths TSK lists
            for (DiskImage.Volume v : image.volumes()) {
                long[] counts = new long[3];
                String error = v.error();
                List<DiskImage.Range> slack = new ArrayList<>();
                Set<String> paths = new HashSet<>();
                listed.add(paths);
                try {
                    List<DiskImage.FileEntry> entries = image.files(v);
                    entries.forEach(f -> paths.add(f.path()));
                    List<Scanned> scanned =
                            scanFiles(file, image, image.volumes().indexOf(v), entries, path, unit, earlier);
                    unit += entries.size();
                    for (int i = 0; i < entries.size(); i++) {
                        DiskImage.FileEntry f = entries.get(i);
                        DiskImage.Placement placed = scanned.get(i).placed();
                        out.addAll(scanned.get(i).records());
                        counts[f.deleted() ? 1 : 0]++;
                        if (f.deleted() && placed.offset() >= 0) {
                            deletedAt.add(placed.offset());
                        }
                        slack.addAll(placed.slack());
                    }
                } catch (DiskImageException e) {
                    error = e.reason().code() + ": " + e.getMessage();
                }
                counts[2] += carveUnit(image, slackCarver, slack, "slack", path, Set.of(), unit++, earlier, out);
                if (error != null && v.fileSystem() != null) {
                    problems.add(error);
                }
                for (DiskImage.Range r : image.unallocated(v)) {
                    counts[2] +=
                            carveUnit(image, carver, List.of(r), "unallocated", path, deletedAt, unit++, earlier, out);
                }
                partitions.add(new DiskImageSummary.Partition(
                        v.name(),
                        v.offset(),
                        v.length(),
                        v.description(),
                        v.fileSystem(),
                        error,
                        counts[0],
                        counts[1],
                        counts[2]));
            }
            long outsideBytes = 0;
            long outsideCarved = 0;
            for (DiskImage.Range r : image.unallocated(null)) {
                int n = carveUnit(image, carver, List.of(r), "unallocated", path, deletedAt, unit++, earlier, out);
                if (r.partition() == null) {
                    outsideBytes += r.length();
                    outsideCarved += n;
                } else {
                    // the part in the image of a partition that runs past its end: that partition's
                    partitions.replaceAll(p -> p.name().equals(r.partition()) ? p.withCarved(p.carved() + n) : p);
                }
            }
            // the FAT entries TSK does not list: a unit of each volume's after all the units above, so that the
            // units a scan journaled before keep their numbers
            for (int i = 0; i < image.volumes().size(); i++) {
                DiskImage.Volume v = image.volumes().get(i);
                List<ScannedFile> records = earlier.get(unit);
                if (records == null) {
                    files.checkpoints().starting(path, unit);
                    records = oversized(image, v, listed.get(i), path, problems);
                    files.checkpoints().done(path, unit, records);
                }
                unit++;
                out.addAll(records);
                long deleted = records.stream()
                        .filter(r -> r.origin() != null && r.origin().allocation() == DiskOrigin.Allocation.DELETED)
                        .count();
                long allocated = records.size() - deleted;
                partitions.set(
                        i,
                        partitions
                                .get(i)
                                .withFiles(
                                        partitions.get(i).files() + allocated,
                                        partitions.get(i).deleted() + deleted));
            }
            String readError = image.readError();
            if (readError != null) {
                problems.add(DiskImageException.Reason.IMAGE_UNREADABLE.code()
                        + ": parts of the image cannot be read (a segment file cut short or damaged); they were"
                        + " skipped: " + readError);
            }
            Map<String, String> metadata = image.metadata();
            long mediaSize = image.size();
            String volumeError = image.volumeError();
            image.close(); // before the second hashing: TSK holds the files open
            image = null;
            ExactDigests after = null;
            try {
                after = digests(segments);
            } catch (IOException e) {
                problems.add("cannot read the image again after the scan: " + e.getMessage());
            }
            DiskImageSummary summary = new DiskImageSummary(
                    format.label(),
                    segments.stream().map(Path::toString).toList(),
                    mediaSize,
                    md5Before,
                    sha256Before,
                    after == null ? null : after.md5(),
                    after == null ? null : after.sha256(),
                    metadata,
                    acquisition,
                    partitions,
                    volumeError,
                    new DiskImageSummary.OutsidePartitions(outsideBytes, outsideCarved));
            ScannedFile done = files.match(record).withDiskImage(summary);
            if (!problems.isEmpty()) {
                done = done.withError(ScanError.DISK_IMAGE_DAMAGED, String.join("; ", problems));
            }
            out.set(0, done);
            return out;
        } catch (IOException e) {
            // the image could not be opened, or a read failed outside any one file: its record keeps its own
            // hashes and says why; what was scanned before stays
            problems.add(
                    e instanceof DiskImageException d
                            ? d.reason().code() + ": " + e.getMessage()
                            : DiskImageException.Reason.IMAGE_UNREADABLE.code() + ": cannot read: " + e.getMessage());
            ScannedFile matched = files.match(record);
            out.set(0, matched.withError(ScanError.DISK_IMAGE_DAMAGED, String.join("; ", problems)));
            return out;
        } finally {
            if (image != null) {
                image.close();
            }
        }
    }

    private static ExactDigests digests(List<Path> segments) throws IOException {
        ExactDigests d = new ExactDigests();
        for (Path s : segments) {
            try (InputStream in = Files.newInputStream(s, StandardOpenOption.READ)) {
                d.updateAll(in);
            }
        }
        return d;
    }

    /** One file's records and where its content lies. */
    private record Scanned(List<ScannedFile> records, DiskImage.Placement placed) {}

    /**
     * Scans {@code entries} of the volume at {@code volume}, on this thread and those it can borrow: this one with
     * {@code image}, each other one with an image of its own opened on the same file (TSK's handles are not shared
     * between threads). The files are taken in turn from a shared counter and their results kept by index, so the
     * output is in entry order, whatever the threads.
     */
    private List<Scanned> scanFiles(
            Path file,
            DiskImage image,
            int volume,
            List<DiskImage.FileEntry> entries,
            String path,
            int firstUnit,
            Map<Integer, List<ScannedFile>> earlier)
            throws IOException {
        Scanned[] done = new Scanned[entries.size()];
        AtomicInteger next = new AtomicInteger();
        int helpers = threads.borrow(Math.min(threads.total(), entries.size()) - 1);
        if (helpers <= 0) {
            work(image, volume, entries, path, firstUnit, earlier, next, done);
            return Arrays.asList(done);
        }
        ExecutorService pool = Executors.newFixedThreadPool(helpers, DaemonThreads.named("hashmatch-image-"));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < helpers; t++) {
                running.add(pool.submit(() -> {
                    try (DiskImage own = DiskImage.open(file)) {
                        work(own, volume, entries, path, firstUnit, earlier, next, done);
                    }
                    return null;
                }));
            }
            work(image, volume, entries, path, firstUnit, earlier, next, done);
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while scanning the image", e);
                }
            }
        } finally {
            pool.shutdownNow();
            try {
                // the borrowed threads go back only once they are gone, so the scan's threads never exceed N
                pool.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            threads.giveBack(helpers);
        }
        return Arrays.asList(done);
    }

    private void work(
            DiskImage image,
            int volume,
            List<DiskImage.FileEntry> entries,
            String path,
            int firstUnit,
            Map<Integer, List<ScannedFile>> earlier,
            AtomicInteger next,
            Scanned[] done) {
        DiskImage.Volume v = image.volumes().get(volume);
        for (int i = next.getAndIncrement(); i < entries.size(); i = next.getAndIncrement()) {
            DiskImage.FileEntry f = entries.get(i);
            List<ScannedFile> before = earlier.get(firstUnit + i);
            if (before != null) { // scanned before the scan was killed: only where it lies is read again
                done[i] = new Scanned(before, image.placement(v, f));
                continue;
            }
            files.checkpoints().starting(path, firstUnit + i);
            List<ScannedFile> records = new ArrayList<>();
            DiskImage.Placement placed = scanFile(image, v, f, path, records);
            files.checkpoints().done(path, firstUnit + i, records);
            done[i] = new Scanned(records, placed);
        }
    }

    /** Scans one file of a file system; returns where its content lies (its slack is carved by the caller). */
    private DiskImage.Placement scanFile(
            DiskImage image, DiskImage.Volume v, DiskImage.FileEntry f, String path, List<ScannedFile> out) {
        String entry = (v.name().isEmpty() ? "" : v.name() + "/") + f.path();
        DiskImage.Placement placed = image.placement(v, f);
        DiskOrigin origin = new DiskOrigin(
                f.deleted() ? DiskOrigin.Allocation.DELETED : DiskOrigin.Allocation.ALLOCATED,
                v.name().isEmpty() ? null : v.name(),
                placed.offset(),
                f.created(),
                f.modified(),
                f.accessed(),
                f.changed());
        if (f.reallocated()) {
            out.add(ScannedFile.unreadable(
                            path,
                            entry,
                            ScanError.IO_ERROR,
                            "deleted file whose metadata entry now belongs to another file: its content is gone")
                    .withOrigin(origin));
            return placed;
        }
        if (f.size() > v.length()) {
            // a size no content on this volume can have (a damaged or forged entry): reading it would stream
            // gigabytes of holes before failing
            out.add(ScannedFile.unreadable(
                            path,
                            entry,
                            ScanError.SIZE_IMPLAUSIBLE,
                            "declared size " + f.size() + " bytes exceeds its volume's " + v.length()
                                    + " bytes: not read")
                    .withOrigin(origin));
            return placed;
        }
        DiskImage.ChainBreak broken = chainBreak(image, v, f);
        if (broken != null && broken.readable() == 0) {
            out.add(ScannedFile.unreadable(path, entry, ScanError.FILE_SYSTEM_DAMAGED, broken.found())
                    .withOrigin(origin));
            return placed;
        }
        // a broken chain: only its first clusters are the file's, each read once from the image
        long size = broken == null ? f.size() : broken.readable();
        int at = out.size();
        try (InputStream in = broken == null ? image.open(v, f) : image.open(broken)) {
            files.scanStream(path, entry, in, size, out);
        } catch (IOException e) {
            out.subList(at, out.size()).clear();
            out.add(ScannedFile.unreadable(
                    path,
                    entry,
                    ScanError.IO_ERROR,
                    (f.deleted() ? "deleted file not recoverable: " : "cannot read: ") + e.getMessage()));
        }
        ScannedFile record = out.get(at).withOrigin(origin);
        if (broken != null) {
            // what the chain holds is hashed as read, and the damage said
            record = record.withError(
                    ScanError.FILE_SYSTEM_DAMAGED,
                    broken.found() + (record.errorMessage() == null ? "" : " (" + record.errorMessage() + ")"));
        }
        if (placed.overwritten() > 0) {
            // what was read is partly another file's: hashed as read, and said so
            record = record.withError(
                    OVERWRITTEN,
                    placed.overwritten() + " of the " + placed.blocks() + " blocks of this deleted file now belong to"
                            + " other files: its content as read is partly theirs"
                            + (record.errorMessage() == null ? "" : " (" + record.errorMessage() + ")"));
        }
        out.set(at, record);
        withArchiveEntryOrigins(out, at + 1, origin);
        return placed;
    }

    /** Where {@code f}'s FAT cluster chain breaks before its size, or null (also when the FAT cannot be read). */
    private static DiskImage.@Nullable ChainBreak chainBreak(
            DiskImage image, DiskImage.Volume v, DiskImage.FileEntry f) {
        try {
            return image.chainBreak(v, f);
        } catch (IOException e) {
            return null; // the file is read as TSK reads it; a read that fails says why
        }
    }

    /**
     * The records of the FAT or exFAT directory entries of {@code v} that TSK does not list because their declared size
     * exceeds the data area ({@link DiskImage#oversizedEntries}), but for any TSK listed after all ({@code listed}).
     */
    private static List<ScannedFile> oversized(
            DiskImage image, DiskImage.Volume v, Set<String> listed, String path, List<String> problems) {
        List<ScannedFile> out = new ArrayList<>();
        List<DiskImage.FileEntry> entries;
        try {
            entries = image.oversizedEntries(v);
        } catch (IOException e) {
            problems.add(ScanError.FILE_SYSTEM_DAMAGED.code() + ": cannot read the directories of "
                    + (v.name().isEmpty() ? "the file system" : "partition " + v.name()) + ": " + e.getMessage());
            return out;
        }
        String partition = v.name().isEmpty() ? null : v.name();
        for (DiskImage.FileEntry f : entries) {
            if (listed.contains(f.path())) {
                continue;
            }
            out.add(ScannedFile.unreadable(
                            path,
                            (partition == null ? "" : partition + "/") + f.path(),
                            ScanError.SIZE_IMPLAUSIBLE,
                            "declared size " + f.size() + " bytes exceeds the " + image.fatDataBytes(v)
                                    + " bytes of its file system's data area (its volume: " + v.length()
                                    + " bytes): not read; a directory entry The Sleuth Kit does not list")
                    .withOrigin(new DiskOrigin(
                            f.deleted() ? DiskOrigin.Allocation.DELETED : DiskOrigin.Allocation.ALLOCATED,
                            partition,
                            -1,
                            null,
                            null,
                            null,
                            null)));
        }
        return out;
    }

    /** Gives the records from {@code from} on (the entries of the archive at {@code from - 1}) the archive's origin. */
    private static void withArchiveEntryOrigins(List<ScannedFile> out, int from, DiskOrigin archive) {
        DiskOrigin entry = archive.ofArchiveEntry();
        for (int i = from; i < out.size(); i++) {
            out.set(i, out.get(i).withOrigin(entry));
        }
    }

    /**
     * Carves {@code ranges} as unit {@code unit} of the image's scan, or takes that unit's records from an earlier run
     * when it did it; adds the records to {@code out} and returns how many objects were carved.
     */
    private int carveUnit(
            DiskImage image,
            Carver carver,
            List<DiskImage.Range> ranges,
            String where,
            String path,
            Set<Long> deletedAt,
            int unit,
            Map<Integer, List<ScannedFile>> earlier,
            List<ScannedFile> out)
            throws IOException {
        List<ScannedFile> records = earlier.get(unit);
        if (records == null) {
            files.checkpoints().starting(path, unit);
            records = new ArrayList<>();
            for (DiskImage.Range r : ranges) {
                carve(image, carver, r, where, path, deletedAt, records);
            }
            files.checkpoints().done(path, unit, records);
        }
        out.addAll(records);
        int objects = 0;
        for (ScannedFile f : records) { // an object's own record has its offset (its archive entries have none)
            DiskOrigin o = f.origin();
            if (o != null && o.allocation() == DiskOrigin.Allocation.CARVED && o.offset() >= 0) {
                objects++;
            }
        }
        return objects;
    }

    /**
     * Carves {@code r}, scanning each object found, except those that start where a deleted file read above starts
     * (the same bytes, already scanned as that file).
     */
    private void carve(
            DiskImage image,
            Carver carver,
            DiskImage.Range r,
            String where,
            String path,
            Set<Long> deletedAt,
            List<ScannedFile> out)
            throws IOException {
        List<Carver.Found> found = new ArrayList<>();
        // what cannot be read (a cut or damaged image) is searched as zeros, so that the rest is searched; the
        // image keeps the failure (its readError), and an object found is read again, strictly, below
        Carver.Source readable = (offset, b, off, len) -> {
            try {
                return image.read(offset, b, off, len);
            } catch (IOException e) {
                int n = (int) Math.min(len, UNREADABLE_STEP - offset % UNREADABLE_STEP);
                Arrays.fill(b, off, off + n, (byte) 0);
                return n;
            }
        };
        carver.carve(readable, r.offset(), r.length(), f -> {
            if (!deletedAt.contains(f.offset())) {
                found.add(f);
            }
        });
        for (Carver.Found f : found) {
            int at = out.size();
            try {
                scanCarved(path, where, r.partition(), f, image::read, out);
            } catch (IOException e) {
                out.subList(at, out.size()).clear();
                out.add(ScannedFile.unreadable(
                                path,
                                String.format(Locale.ROOT, "%s@0x%x+%d", where, f.offset(), f.length()),
                                ScanError.IO_ERROR,
                                "cannot read the carved object: " + e.getMessage())
                        .withOrigin(DiskOrigin.carved(r.partition(), f.offset())));
            }
        }
    }

    /**
     * Scans a carved object as {@code path!/<where>@0x<offset>+<length>}, read as {@link FileScan#scanStream} reads a
     * file in the image (an object over the in-memory limit gets its exact hashes only).
     */
    void scanCarved(
            String path,
            String where,
            @Nullable String partition,
            Carver.Found f,
            Carver.Source source,
            List<ScannedFile> out)
            throws IOException {
        String entry = String.format(Locale.ROOT, "%s@0x%x+%d", where, f.offset(), f.length());
        DiskOrigin origin = DiskOrigin.carved(partition, f.offset());
        int at = out.size();
        files.scanStream(path, entry, objectStream(source, f.offset(), f.length()), f.length(), out);
        ScannedFile first = out.get(at).withOrigin(origin);
        if (f.partial() && first.error() == null) {
            first = first.withError(
                    "carved_partial", "carved " + f.format() + " whose structure ended before its end marker");
        }
        out.set(at, first);
        withArchiveEntryOrigins(out, at + 1, origin);
    }

    /**
     * The {@code length} bytes of {@code source} from {@code offset}; ends early where the source does (a cut image:
     * what was read is scanned).
     */
    private static InputStream objectStream(Carver.Source source, long offset, long length) {
        return new InputStream() {
            private long position = offset;
            private final long end = offset + length;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                Objects.checkFromIndexSize(off, len, b.length);
                if (position >= end) {
                    return -1;
                }
                if (len == 0) {
                    return 0;
                }
                int k = source.read(position, b, off, (int) Math.min(len, end - position));
                if (k <= 0) {
                    position = end;
                    return -1;
                }
                position += k;
                return k;
            }
        };
    }
}
