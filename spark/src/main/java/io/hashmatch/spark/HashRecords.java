package io.hashmatch.spark;

import io.hashmatch.decode.ImageFormat;
import io.hashmatch.hash.ExactHashes;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.hash.PdqResult;
import io.hashmatch.scan.MediaHashes;
import io.hashmatch.video.VideoHash;
import io.hashmatch.video.VpdqFile;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jspecify.annotations.Nullable;

/**
 * The rows of the {@code hash} job: the fields of a {@code hashmatch hash} record, one column each, null where the
 * record omits the field. An image has {@code pdq}, {@code quality}, {@code width}, {@code height} (and
 * {@code dihedral} when asked for); a video has {@code width}, {@code height}, {@code fps}, {@code frames} and
 * {@code vpdq} (the reference's vPDQ lines); a file that could not be hashed has {@code error_code} (the engine's
 * typed codes: {@code truncated}, {@code unsupported_format}, {@code file_too_large}, {@code io_error}, ...) and
 * {@code error_message}, and keeps its exact hashes when its bytes were read.
 *
 * <p>Stateless; thread-safe.
 */
final class HashRecords {
    /** The columns, in the order of a {@code hashmatch hash} JSON record. */
    static final StructType SCHEMA = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("size", DataTypes.LongType, true)
            .add("md5", DataTypes.StringType, true)
            .add("sha1", DataTypes.StringType, true)
            .add("sha256", DataTypes.StringType, true)
            .add("pdq", DataTypes.StringType, true)
            .add("quality", DataTypes.IntegerType, true)
            .add("width", DataTypes.IntegerType, true)
            .add("height", DataTypes.IntegerType, true)
            .add("format", DataTypes.StringType, true)
            .add("dihedral", DataTypes.createArrayType(DataTypes.StringType, false), true)
            .add("fps", DataTypes.DoubleType, true)
            .add("frames", DataTypes.IntegerType, true)
            .add("vpdq", DataTypes.createArrayType(DataTypes.StringType, false), true)
            .add("error_code", DataTypes.StringType, true)
            .add("error_message", DataTypes.StringType, true);

    private HashRecords() {}

    /** The row of a file the engine hashed (successfully or not), as {@code hashmatch hash} records it. */
    static Row of(String path, MediaHashes m, boolean dihedral) {
        FileHashes h = m.file();
        ExactHashes exact = h.exact();
        MediaHashes.Video video = m.video();
        if (video != null) {
            VideoHash v = video.hash();
            List<String> lines = null;
            if (v != null) {
                lines = new ArrayList<>(v.frames().size());
                for (var frame : v.frames()) {
                    lines.add(VpdqFile.line(frame));
                }
            }
            return RowFactory.create(
                    path,
                    h.size(),
                    exact == null ? null : exact.md5(),
                    exact == null ? null : exact.sha1(),
                    exact == null ? null : exact.sha256(),
                    null,
                    null,
                    v == null ? null : v.width(),
                    v == null ? null : v.height(),
                    video.container(),
                    null,
                    v == null ? null : v.framesPerSecond(),
                    v == null ? null : v.decodedFrames(),
                    seq(lines),
                    video.errorCode(),
                    video.errorCode() == null ? null : messageOrCode(video.errorMessage(), video.errorCode()));
        }
        PdqResult pdq = h.pdq();
        ImageFormat format = h.format();
        List<String> variants = null;
        if (dihedral && pdq != null && !pdq.dihedral().isEmpty()) {
            variants = new ArrayList<>(8);
            for (PdqHash d : pdq.dihedral()) {
                variants.add(d.toHex());
            }
        }
        return RowFactory.create(
                path,
                h.size(),
                exact == null ? null : exact.md5(),
                exact == null ? null : exact.sha1(),
                exact == null ? null : exact.sha256(),
                pdq == null ? null : pdq.hash().toHex(),
                pdq == null ? null : pdq.quality(),
                pdq == null ? null : h.width(),
                pdq == null ? null : h.height(),
                format == null ? null : format.label(),
                seq(variants),
                null,
                null,
                null,
                h.error() == null ? null : h.error().code(),
                h.error() == null
                        ? null
                        : messageOrCode(h.errorMessage(), h.error().code()));
    }

    /** The row of a file that failed outside the engine's own error handling (a bug): {@code internal_error}. */
    static Row failure(String path, @Nullable Long size, String code, String message) {
        return RowFactory.create(
                path, size, null, null, null, null, null, null, null, null, null, null, null, null, code, message);
    }

    /** An array column's value: Spark's row encoder takes a Scala sequence, not a Java list. */
    private static scala.collection.immutable.@Nullable Seq<String> seq(@Nullable List<String> list) {
        return list == null
                ? null
                : scala.jdk.javaapi.CollectionConverters.asScala(list).toList();
    }

    private static String messageOrCode(@Nullable String message, String code) {
        return message == null || message.isEmpty() ? code : message;
    }
}
