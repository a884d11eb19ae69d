package io.hashmatch.decode;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_GRAYSCALE_8;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one entry point for decoding image files held in memory. For each call it detects the format from the
 * magic number, reads the declared size from the header and checks it against {@link DecodeLimits} before
 * any pixel is allocated, checks that the data is complete (a cut JPEG or PNG is {@link DecodeError#TRUNCATED},
 * never a half-grey image), then decodes:
 * <ul>
 *   <li>PNG in Java ({@code PngDecoder}: the JDK's zlib, sample for sample what OpenCV's libpng decode gives,
 *       so a PNG-only run never loads OpenCV); an animated PNG with OpenCV, which composes its first frame;</li>
 *   <li>JPEG, WebP, TIFF, BMP with OpenCV ({@code imdecode}, {@code IMREAD_UNCHANGED}), the result
 *       wrapping OpenCV's native memory until {@link DecodedImage#close()};</li>
 *   <li>GIF (first frame) with Commons Imaging;</li>
 *   <li>TIFF and BMP variants OpenCV rejects with ImageIO (the JDK's TIFF/BMP). JPEG, PNG and WebP have no
 *       fallback: what OpenCV (libjpeg-turbo, libpng, libwebp: the reference decoders) rejects is corrupt. A WebP
 *       fallback to ImageIO once spent seconds of CPU on a 33-byte file libwebp refuses, decoding zero bits read
 *       past the end of the data.</li>
 * </ul>
 * Pixels come out as PDQ's reference sees them: 8-bit; grey (also grey+alpha) as one channel; colour as
 * B,G,R, or B,G,R,A with alpha carried, never composited; palette expanded; 16-bit samples narrowed to their
 * high byte (the reference mangles 16-bit images; this is the sane choice, so 16-bit hashes differ from it);
 * EXIF orientation is ignored, as the reference does.
 *
 * <p>{@code fast} mode decodes JPEGs whose shorter side exceeds 1024 pixels at 1/2, 1/4 or 1/8 scale with
 * libjpeg's DCT scaling (see {@link #fastJpegScale}): several times faster, not bit-exact with full
 * decoding. Exact decoding is the default.
 *
 * <p>Every failure, whatever the decoder threw (runtime exceptions, {@link OutOfMemoryError},
 * {@link StackOverflowError}), comes out as a {@link DecodeException} with a one-line message; header walks
 * are bounded by the data length, so no input hangs.
 *
 * <p>Thread-safe: an instance is immutable and may be shared by any number of threads; each thread reuses its
 * own native input buffer when given heap (non-direct) bytes.
 */
public final class ImageDecoder {
    /**
     * Shortest side {@code fast} mode decodes to. Measured on the shared corpus (bench/RESULTS.md): at 512 the
     * fast hashes stay within 18 bits of the exact ones (median 4); at 256 the median was 6 but text images
     * moved by up to 118 bits, and the decode was barely faster (entropy decoding dominates), so 512 it is.
     */
    static final int FAST_MIN_SIDE = 512;

    private final DecodeLimits limits;
    private final boolean fast;

    /**
     * A decoder with the given limits.
     *
     * @param limits pixel limit checked before decoding ({@link DecodeLimits#maxFileBytes()} is the caller's
     *     business: the bytes are already in memory)
     * @param fast decode large JPEGs at reduced scale (not bit-exact)
     */
    public ImageDecoder(DecodeLimits limits, boolean fast) {
        this.limits = Objects.requireNonNull(limits);
        this.fast = fast;
    }

    /** Exact decoding with the default limits. */
    public ImageDecoder() {
        this(DecodeLimits.defaults(), false);
    }

    /**
     * Loads the native decoder (OpenCV: JPEG, WebP, TIFF, BMP, animated PNG) now rather than at the first image that
     * needs it. Loading takes a few tenths of a CPU second, during which every thread that needs the library waits;
     * a caller with a core to spare runs this on a thread of its own while it starts, so that its hashing threads
     * find the library loaded. PNG and GIF never need it.
     *
     * <p>Thread-safe and idempotent: a decode that needs the library while this runs waits for it to finish. A
     * library that cannot be loaded is not reported here: the first decode that needs it reports it.
     */
    public static void loadNativeDecoder() {
        try {
            OpenCvDecoder.load();
        } catch (RuntimeException | LinkageError e) {
            // the first decode that needs the library reports it, as a typed DecodeException
        }
    }

    /** The limits checked before decoding. */
    public DecodeLimits limits() {
        return limits;
    }

    /** Whether large JPEGs are decoded at reduced scale. */
    public boolean fast() {
        return fast;
    }

    /**
     * The format of a file from its leading bytes (position to limit of {@code fileBytes}; never moved).
     *
     * @throws DecodeException {@code EMPTY_FILE}, {@code UNSUPPORTED_FORMAT}, or {@code TRUNCATED} when the
     *     data ends inside a signature
     */
    public static ImageFormat detectFormat(ByteBuffer fileBytes) throws DecodeException {
        return FormatSniffer.sniff(fileBytes.slice());
    }

    /**
     * Format, declared size and the memory a decode would take, from the header alone; no pixels are decoded and the
     * limits are not applied.
     *
     * @throws DecodeException when the format is not recognised or the header is cut ({@code TRUNCATED}) or
     *     invalid ({@code CORRUPT_DATA})
     */
    public static ImageInfo probe(ByteBuffer fileBytes) throws DecodeException {
        ByteBuffer data = fileBytes.slice();
        try {
            ImageHeader header = ImageHeaderProbe.probe(data, FormatSniffer.sniff(data));
            return new ImageInfo(
                    header.format(), header.width(), header.height(), header.decodeBytes(data.remaining()));
        } catch (DecodeException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(null, t);
        }
    }

    /**
     * The scale divisor {@code fast} mode uses for a JPEG of this size: 1 (full) unless the shorter side exceeds
     * 1024 pixels, else the largest of 8, 4, 2 that keeps the shorter side at least 512 pixels.
     */
    public static int fastJpegScale(long width, long height) {
        long shortSide = Math.min(width, height);
        if (shortSide <= 2 * FAST_MIN_SIDE) {
            return 1;
        }
        for (int scale = 8; scale >= 2; scale /= 2) {
            if (shortSide / scale >= FAST_MIN_SIDE) {
                return scale;
            }
        }
        return 1;
    }

    /**
     * Decodes one image file held in memory (position to limit of {@code fileBytes}; the buffer's position is
     * not moved, and the bytes need not stay valid after return). A direct buffer is handed to OpenCV without
     * copying.
     *
     * @return the pixels; the caller must {@link DecodedImage#close() close} them
     * @throws DecodeException for every kind of failure, typed by {@link DecodeException#error()}
     */
    public DecodedImage decode(ByteBuffer fileBytes) throws DecodeException {
        ByteBuffer data = fileBytes.slice();
        ImageHeader header = null;
        try {
            ImageFormat format = FormatSniffer.sniff(data);
            header = ImageHeaderProbe.probe(data, format);
            ImageHeaderProbe.checkLimits(header, limits);
            ImageHeaderProbe.checkComplete(data, header);
            return decodeComplete(data, header);
        } catch (DecodeException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(header, t);
        }
    }

    private DecodedImage decodeComplete(ByteBuffer data, ImageHeader header) throws Exception {
        ImageFormat format = header.format();
        if (format == ImageFormat.GIF) {
            return CommonsImagingDecoder.decode(data, header);
        }
        if (format == ImageFormat.PNG) {
            DecodedImage png = PngDecoder.decode(data, header);
            if (png != null) {
                return png;
            }
        }
        DecodedImage image = OpenCvDecoder.decode(data, header, openCvFlags(header));
        if (image == null && (format == ImageFormat.TIFF || format == ImageFormat.BMP)) {
            image = ImageIoDecoder.decode(data, header);
        }
        if (image == null) {
            throw new DecodeException(
                    DecodeError.CORRUPT_DATA,
                    format.label() + " " + header.size() + " could not be decoded (invalid or unsupported data)");
        }
        return image;
    }

    private int openCvFlags(ImageHeader header) {
        if (!fast || header.format() != ImageFormat.JPEG) {
            return IMREAD_UNCHANGED;
        }
        boolean grey = header.jpegComponents() == 1;
        int flags =
                switch (fastJpegScale(header.width(), header.height())) {
                    case 2 -> grey ? IMREAD_REDUCED_GRAYSCALE_2 : IMREAD_REDUCED_COLOR_2;
                    case 4 -> grey ? IMREAD_REDUCED_GRAYSCALE_4 : IMREAD_REDUCED_COLOR_4;
                    case 8 -> grey ? IMREAD_REDUCED_GRAYSCALE_8 : IMREAD_REDUCED_COLOR_8;
                    default -> IMREAD_UNCHANGED;
                };
        // The reduced modes would otherwise apply EXIF orientation, which IMREAD_UNCHANGED (and the reference) ignore.
        return flags == IMREAD_UNCHANGED ? flags : flags | IMREAD_IGNORE_ORIENTATION;
    }

    /** Maps anything a decoder threw to a typed, one-line failure. */
    private static DecodeException unexpected(@Nullable ImageHeader header, Throwable t) {
        String what = header == null ? "image" : header.format().label() + " " + header.size();
        if (t instanceof OutOfMemoryError) {
            return new DecodeException(DecodeError.IMAGE_TOO_LARGE, "out of memory decoding " + what, t);
        }
        if (t instanceof StackOverflowError) {
            return new DecodeException(DecodeError.CORRUPT_DATA, "decoder recursion too deep on " + what, t);
        }
        String detail = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        detail = detail.strip().replaceAll("\\s+", " ");
        if (detail.length() > 200) {
            detail = detail.substring(0, 200) + "...";
        }
        return new DecodeException(DecodeError.CORRUPT_DATA, what + " could not be decoded: " + detail, t);
    }
}
