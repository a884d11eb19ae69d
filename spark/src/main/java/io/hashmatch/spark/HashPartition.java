package io.hashmatch.spark;

import io.hashmatch.decode.DecodeError;
import io.hashmatch.decode.DecodeLimits;
import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.PdqMode;
import io.hashmatch.scan.MediaHasher;
import io.hashmatch.scan.MediaHashes;
import io.hashmatch.scan.MediaKind;
import io.hashmatch.scan.ScanError;
import io.hashmatch.video.VideoLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Hashes the files of one partition (rows of one column, the file's path or URI) into {@link HashRecords} rows,
 * one file at a time, within the decode limits: a file on the local file system is hashed from its path exactly as
 * {@code hashmatch hash} does ({@link MediaHasher#hash(Path)}); a file on another Hadoop file system is read into
 * memory (refused as {@code file_too_large} above the limit, without reading it) and hashed from its bytes. A file
 * that fails in any way becomes a row with an error code, never a failed task.
 */
final class HashPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    /** The hashing options, sent with each task. */
    record Settings(
            boolean dihedral,
            boolean referenceResize,
            boolean fast,
            long maxPixels,
            long maxFileBytes,
            float secondsPerHash,
            long videoSeconds)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        MediaHasher hasher() {
            FileHasher images = FileHasher.newBuilder()
                    .mode(referenceResize ? PdqMode.REFERENCE_RESIZE : PdqMode.FULL_RESOLUTION)
                    .dihedral(dihedral)
                    .fast(fast)
                    .limits(new DecodeLimits(maxPixels, maxFileBytes))
                    .build();
            return new MediaHasher(
                    images,
                    true,
                    secondsPerHash,
                    VideoLimits.DEFAULT.withTimeLimit(java.time.Duration.ofSeconds(videoSeconds)));
        }
    }

    private final Settings settings;
    private final Broadcast<SerializableConfiguration> hadoop;

    HashPartition(Settings settings, Broadcast<SerializableConfiguration> hadoop) {
        this.settings = settings;
        this.hadoop = hadoop;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> paths) {
        MediaHasher hasher = settings.hasher();
        Configuration conf = hadoop.value().value();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return paths.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row r = paths.next();
                String path = r.getString(0);
                try {
                    return HashRecords.of(path, hash(hasher, conf, path), settings.dihedral());
                } catch (RuntimeException | IOException | LinkageError | StackOverflowError e) {
                    return HashRecords.failure(
                            path,
                            null,
                            e instanceof IOException ? ScanError.IO_ERROR.code() : ScanError.INTERNAL_ERROR.code(),
                            (e instanceof IOException ? "cannot read " : "hashing failed: ") + oneLine(e));
                }
            }
        };
    }

    private MediaHashes hash(MediaHasher hasher, Configuration conf, String path) throws IOException {
        URI uri = URI.create(path);
        if (uri.getScheme() == null || uri.getScheme().equals("file")) {
            return hasher.hash(uri.getScheme() == null ? Path.of(path) : Path.of(uri));
        }
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
        FileSystem fs = p.getFileSystem(conf);
        FileStatus status = fs.getFileStatus(p);
        if (status.getLen() > settings.maxFileBytes()) {
            // as FileHasher answers a local file over the limit: not read
            long size = status.getLen();
            return new MediaHashes(
                    MediaKind.OTHER,
                    new FileHashes(
                            size,
                            null,
                            null,
                            0,
                            0,
                            null,
                            DecodeError.FILE_TOO_LARGE,
                            "file of " + size + " bytes is over the limit of " + settings.maxFileBytes()
                                    + " bytes; not read"),
                    null);
        }
        byte[] bytes = new byte[(int) status.getLen()];
        try (InputStream in = fs.open(p)) {
            int n = in.readNBytes(bytes, 0, bytes.length);
            if (n != bytes.length || in.read() >= 0) {
                throw new IOException(path + " changed size while being read");
            }
        }
        return hasher.hash(bytes);
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.strip().replaceAll("\\s+", " ");
    }
}
