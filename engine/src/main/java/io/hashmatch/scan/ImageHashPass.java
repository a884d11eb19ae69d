package io.hashmatch.scan;

import io.hashmatch.disk.DiskImage;
import io.hashmatch.disk.DiskImageException;
import io.hashmatch.disk.EwfMedium;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The first pass over a disk image, before it is opened: the exact hashes of its files (the chain of custody's
 * "before"), and for an E01 the check of its acquisition hashes ({@link AcquisitionHash}): the medium read through
 * libewf from its first byte to its last and hashed, as {@code ewfverify} does.
 *
 * <p>An E01's medium is not its files' bytes (libewf decompresses and checks its chunks), so both are read; they are
 * read in lockstep, the files kept level with the share of the medium read, so that the bytes libewf reads are those
 * the files' hashing reads next and each comes off the disk once while the page cache holds the distance between
 * them (which varies with the compression along the image). An E01 whose tool stored no hash is read all the same,
 * to tell an intact medium (absent) from one that cannot be read (unreadable), and its medium's MD5 is stated. A raw
 * image's medium is its files' bytes, read once; it has no acquisition hash to check.
 *
 * <p>Stateless; thread-safe.
 */
final class ImageHashPass {
    private ImageHashPass() {}

    /** Stretches with a failed chunk checksum listed in a mismatch's detail; the rest are counted. */
    private static final int LISTED_CHECKSUM_ERRORS = 8;

    /**
     * @param files the exact hashes of the image's files, concatenated in order
     * @param acquisition the acquisition hash check
     */
    record Result(ExactDigests files, AcquisitionHash acquisition) {}

    /**
     * Hashes {@code segments} (in order) and, for an E01, checks its acquisition hashes.
     *
     * @throws IOException if a segment file cannot be read (the medium failing to read is an outcome, not this)
     */
    static Result run(DiskImage.Format format, List<Path> segments) throws IOException {
        try (SegmentFiles files = new SegmentFiles(segments)) {
            return run(format, segments, files);
        }
    }

    private static Result run(DiskImage.Format format, List<Path> segments, SegmentFiles files) throws IOException {
        if (format != DiskImage.Format.E01) {
            return new Result(files.rest(), AcquisitionHash.NONE_STORED);
        }
        EwfMedium medium;
        try {
            medium = EwfMedium.open(segments);
        } catch (DiskImageException e) {
            return new Result(
                    files.rest(), new AcquisitionHash(AcquisitionHash.Outcome.UNREADABLE, null, null, e.getMessage()));
        }
        try (medium) {
            String md5 = medium.acquiredMd5();
            String sha1 = medium.acquiredSha1();
            MessageDigest mediumMd5 = ExactDigests.digest("MD5");
            MessageDigest mediumSha1 = sha1 == null ? null : ExactDigests.digest("SHA-1");
            long size = medium.size();
            byte[] buf = new byte[1 << 20];
            String unreadable = null;
            while (true) {
                int n;
                try {
                    n = medium.read(buf, 0, buf.length);
                } catch (IOException e) {
                    unreadable = e.getMessage();
                    break;
                }
                if (n < 0) {
                    break;
                }
                mediumMd5.update(buf, 0, n);
                if (mediumSha1 != null) {
                    mediumSha1.update(buf, 0, n);
                }
                if (size > 0) {
                    files.advanceTo((long) ((double) medium.position() / size * files.total));
                }
            }
            ExactDigests custody = files.rest();
            if (unreadable != null) {
                return new Result(
                        custody, new AcquisitionHash(AcquisitionHash.Outcome.UNREADABLE, null, null, unreadable));
            }
            String readMd5 = HexFormat.of().formatHex(mediumMd5.digest());
            String readSha1 = mediumSha1 == null ? null : HexFormat.of().formatHex(mediumSha1.digest());
            return new Result(custody, compare(md5, sha1, readMd5, readSha1, medium, size));
        }
    }

    private static AcquisitionHash compare(
            @Nullable String md5,
            @Nullable String sha1,
            String readMd5,
            @Nullable String readSha1,
            EwfMedium medium,
            long size) {
        List<String> failed = medium.checksumErrors();
        String failures = failed.isEmpty()
                ? null
                : failed.size() + (failed.size() == 1 ? " chunk" : " chunks")
                        + " of the image failed its own checksum (its bytes as stored are not those written): "
                        + String.join(", ", failed.subList(0, Math.min(failed.size(), LISTED_CHECKSUM_ERRORS)))
                        + (failed.size() > LISTED_CHECKSUM_ERRORS ? ", ..." : "");
        if (md5 == null && sha1 == null) {
            // its MD5 still stated: an analyst can compare it with the acquisition's own record
            return failures == null
                    ? new AcquisitionHash(
                            AcquisitionHash.Outcome.ABSENT, readMd5, null, "the E01 stores no acquisition hash")
                    : new AcquisitionHash(
                            AcquisitionHash.Outcome.UNREADABLE,
                            null,
                            null,
                            "the E01 stores no acquisition hash libewf can read, and " + failures);
        }
        List<String> differences = new ArrayList<>();
        if (md5 != null && !md5.equalsIgnoreCase(readMd5)) {
            differences.add("MD5 of the medium as read " + readMd5 + ", stored at acquisition " + md5);
        }
        if (sha1 != null && readSha1 != null && !sha1.equalsIgnoreCase(readSha1)) {
            differences.add("SHA-1 of the medium as read " + readSha1 + ", stored at acquisition " + sha1);
        }
        if (differences.isEmpty()) {
            return new AcquisitionHash(AcquisitionHash.Outcome.VERIFIED, readMd5, readSha1, null);
        }
        if (size >= 0 && medium.position() != size) {
            differences.add(
                    String.format(Locale.ROOT, "%d of the medium's %d bytes were read", medium.position(), size));
        }
        if (failures != null) {
            differences.add(failures);
        }
        return new AcquisitionHash(AcquisitionHash.Outcome.MISMATCH, readMd5, readSha1, String.join("; ", differences));
    }

    /** The image's files read in order into one {@link ExactDigests}, up to a point at a time. */
    private static final class SegmentFiles implements AutoCloseable {
        private final List<Path> segments;
        private final ExactDigests digests = new ExactDigests();
        private final byte[] buf = new byte[1 << 16];
        final long total;
        private int next;
        private @Nullable InputStream in;

        SegmentFiles(List<Path> segments) throws IOException {
            this.segments = segments;
            long t = 0;
            for (Path s : segments) {
                t += Files.size(s);
            }
            this.total = t;
        }

        /** Reads on until {@code target} bytes of the files, in all, are hashed (or they end). */
        void advanceTo(long target) throws IOException {
            while (digests.size() < target) {
                InputStream s = in;
                if (s == null) {
                    if (next >= segments.size()) {
                        return;
                    }
                    s = Files.newInputStream(segments.get(next++), StandardOpenOption.READ);
                    in = s;
                }
                int n = s.read(buf, 0, (int) Math.min(buf.length, target - digests.size()));
                if (n < 0) {
                    s.close();
                    in = null;
                } else {
                    digests.update(buf, 0, n);
                }
            }
        }

        /** Hashes the rest of the files; returns the digests. */
        ExactDigests rest() throws IOException {
            advanceTo(Long.MAX_VALUE);
            return digests;
        }

        @Override
        public void close() throws IOException {
            InputStream s = in;
            in = null;
            if (s != null) {
                s.close();
            }
        }
    }
}
