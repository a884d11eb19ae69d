package io.hashmatch.hash;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hashmatch.decode.DecodeError;
import io.hashmatch.decode.DecodeException;
import io.hashmatch.decode.DecodeLimits;
import io.hashmatch.decode.DecodedImage;
import io.hashmatch.decode.ImageDecoder;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Fuzzes {@link FileHasher#hash(byte[])} over arbitrary bytes: sniffing, header probes, every decoder path
 * (OpenCV for JPEG/PNG/WebP/TIFF/BMP, ImageIO fallback, Commons Imaging for GIF) and PDQ, within small
 * {@link DecodeLimits} so that each input stays fast.
 *
 * <p>Contract: never throws; the exact hashes are those of the bytes (checked against {@link MessageDigest});
 * success means a PDQ hash with 8 dihedral variants and a positive size within the limit, failure a typed error, a
 * message and no PDQ. A failure reported as "could not hash the image" (FileHasher's guard against a bug in
 * hashing) is a finding, and so is a decode failure whose cause was thrown by hashmatch's own code rather than by a
 * decoder library (the decoder's catch-all would otherwise hide it).
 *
 * <p>Seeds and reproducers: {@code src/test/resources/io/hashmatch/hash/FileHasherFuzzTestInputs/hashBytes/}.
 */
class FileHasherFuzzTest {
    private static final DecodeLimits LIMITS = new DecodeLimits(1 << 16, 1 << 20);
    private static final FileHasher HASHER =
            FileHasher.newBuilder().dihedral(true).limits(LIMITS).build();
    private static final ImageDecoder DECODER = new ImageDecoder(LIMITS, false);

    @FuzzTest(maxDuration = "10m")
    void hashBytes(byte[] data) throws NoSuchAlgorithmException {
        FileHashes h = HASHER.hash(data);
        assertThat(h.size()).isEqualTo(data.length);
        assertThat(h.exact()).isEqualTo(new ExactHashes(hex("MD5", data), hex("SHA-1", data), hex("SHA-256", data)));
        if (h.ok()) {
            assertThat(h.pdq()).isNotNull();
            assertThat(h.pdq().dihedral()).hasSize(8);
            assertThat(h.pdq().quality()).isBetween(0, 100);
            assertThat(h.width()).isPositive();
            assertThat(h.height()).isPositive();
            assertThat((long) h.width() * h.height()).isLessThanOrEqualTo(LIMITS.maxPixels());
            assertThat(h.errorMessage()).isNull();
            return;
        }
        assertThat(h.pdq()).isNull();
        assertThat(h.errorMessage()).isNotBlank();
        assertThat(h.error()).isNotIn(DecodeError.IO_ERROR, DecodeError.FILE_TOO_LARGE);
        assertThat(h.errorMessage()).doesNotStartWith("could not hash the image");
        if (h.errorMessage().contains("could not be decoded: ")) {
            assertCauseIsNotOurs(data);
        }
    }

    /** Decodes again to see what the decoder's catch-all caught: a library's exception is fine, ours is a bug. */
    private static void assertCauseIsNotOurs(byte[] data) {
        try (DecodedImage ignored = DECODER.decode(ByteBuffer.wrap(data))) {
            // decoded this time: nondeterminism would show as a different answer, not here
        } catch (DecodeException e) {
            Throwable cause = e.getCause();
            if (cause != null && !(cause instanceof OutOfMemoryError) && !(cause instanceof StackOverflowError)) {
                StackTraceElement[] trace = cause.getStackTrace();
                if (trace.length > 0 && trace[0].getClassName().startsWith("io.hashmatch.")) {
                    throw new AssertionError("hashmatch code threw while decoding: " + cause, cause);
                }
            }
        }
    }

    private static String hex(String algorithm, byte[] data) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }
}
