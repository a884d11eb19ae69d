package io.hashmatch.decode;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.jspecify.annotations.Nullable;

/**
 * The fast native decoder: OpenCV's {@code imdecode} (through JavaCV) for JPEG, PNG, WebP, TIFF and BMP.
 * Output is normalised to what PDQ's reference sees: 8-bit samples, 1 channel for grey (also grey+alpha),
 * 3 for B,G,R, 4 for B,G,R,A. The returned image wraps the matrix's native memory and frees it on close.
 *
 * <p>Thread-safe: {@code imdecode} is re-entrant; the only shared state is a per-thread input buffer.
 */
final class OpenCvDecoder {
    private OpenCvDecoder() {}

    /** Input buffers above this size are not kept per thread, so an odd huge file does not pin memory. */
    private static final int KEEP_INPUT_BUFFER_BYTES = 64 << 20;

    private static final ThreadLocal<ByteBuffer[]> INPUT = ThreadLocal.withInitial(() -> new ByteBuffer[1]);

    // OpenCV's libraries are loaded here, once (NativeLibraries: the environment they read set first, JavaCPP's Pointer
    // initialised first, from the cache's list of files when it holds), with the JavaCPP classes a decode touches. A
    // thread that decodes while another loads waits for this initialiser, holding no other lock.
    static {
        NativeLibraries.loadOpenCv(
                List.of(BytePointer.class, opencv_core.class, opencv_imgproc.class, opencv_imgcodecs.class, Mat.class));
    }

    /** Loads OpenCV's native libraries now (this class's initialiser does it, once per process). */
    static void load() {
        // the static initialiser did the work
    }

    /**
     * Decodes {@code data} (position to limit) with the given {@code imdecode} flags.
     *
     * @return the image, or null when OpenCV could not decode it (empty result)
     */
    @SuppressWarnings("ReferenceEquality") // identity: the decoded Mat is closed only when normalise made a new one
    static @Nullable DecodedImage decode(ByteBuffer data, ImageHeader header, int flags) throws DecodeException {
        ByteBuffer input = direct(data);
        int n = input.remaining();
        Mat decoded;
        try (BytePointer pointer = new BytePointer(input);
                Mat encoded = new Mat(1, n, CV_8UC1, pointer)) {
            decoded = opencv_imgcodecs.imdecode(encoded, flags);
        }
        if (decoded == null || decoded.empty()) {
            if (decoded != null) {
                decoded.close();
            }
            return null;
        }
        try {
            Mat normalised = normalise(decoded, header);
            if (normalised != decoded) {
                decoded.close();
            }
            return wrap(normalised, header.format());
        } catch (DecodeException | RuntimeException | Error e) {
            decoded.close();
            throw e;
        }
    }

    /** The bytes in native memory: a direct buffer as is, else copied into this thread's reusable one. */
    private static ByteBuffer direct(ByteBuffer data) {
        if (data.isDirect()) {
            return data.slice();
        }
        int n = data.remaining();
        ByteBuffer[] holder = INPUT.get();
        ByteBuffer buf = holder[0];
        if (buf == null || buf.capacity() < n) {
            buf = ByteBuffer.allocateDirect(Math.max(n, 1 << 16));
            holder[0] = buf.capacity() <= KEEP_INPUT_BUFFER_BYTES ? buf : null;
        }
        buf.clear();
        buf.put(data.duplicate());
        buf.flip();
        return buf.slice();
    }

    /** 8-bit samples; grey+alpha and 2-channel images become one grey channel. */
    private static Mat normalise(Mat m, ImageHeader header) throws DecodeException {
        Mat out = m;
        boolean ownsOut = false; // out is a Mat made here, not the caller's m
        if (out.depth() == CV_16U) {
            out = highBytes(out);
            ownsOut = true;
        } else if (out.depth() != CV_8U) {
            throw new DecodeException(
                    DecodeError.UNSUPPORTED_FORMAT,
                    header.format().label() + " with sample type " + out.depth()
                            + " (not 8 or 16 bit integer) is not supported");
        }
        int c = out.channels();
        boolean greyAlpha = header.pngColourType() == 4;
        if (c == 2 || (c == 4 && greyAlpha)) {
            Mat grey = new Mat();
            opencv_core.extractChannel(out, grey, 0);
            if (ownsOut) {
                out.close();
            }
            out = grey;
        } else if (c != 1 && c != 3 && c != 4) {
            throw new DecodeException(
                    DecodeError.UNSUPPORTED_FORMAT, header.format().label() + " with " + c + " channels");
        }
        return out;
    }

    /**
     * 16 bits to 8 by keeping the high byte ({@code v >> 8}). Meta's reference tool narrows 16-bit PNGs badly
     * (its hashes of them are noise); this is the sane conversion, not the reference's.
     */
    private static Mat highBytes(Mat m) {
        int c = m.channels();
        long samples = m.total() * c;
        Mat out = new Mat(m.rows(), m.cols(), CV_8UC(c));
        ByteBuffer src = m.data().capacity(samples * 2).asByteBuffer().order(ByteOrder.nativeOrder());
        ByteBuffer dst = out.data().capacity(samples).asByteBuffer();
        int hi = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 1 : 0;
        for (int i = 0; i < samples; i++) {
            dst.put(i, src.get(2 * i + hi));
        }
        return out;
    }

    private static DecodedImage wrap(Mat m, ImageFormat format) throws DecodeException {
        long bytes = m.total() * m.channels();
        if (bytes > Integer.MAX_VALUE || !m.isContinuous()) {
            throw new DecodeException(
                    DecodeError.IMAGE_TOO_LARGE,
                    "decoded image " + m.cols() + "x" + m.rows() + " does not fit in one buffer");
        }
        ByteBuffer pixels = m.data().capacity(bytes).asByteBuffer();
        return new DecodedImage(pixels, m.cols(), m.rows(), m.channels(), (int) m.step(), format, new MatOwner(m));
    }

    /** Frees the matrix once, however often close is called. */
    private static final class MatOwner implements AutoCloseable {
        private final Mat mat;
        private final AtomicBoolean closed = new AtomicBoolean();

        MatOwner(Mat mat) {
            this.mat = mat;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                mat.close();
            }
        }
    }
}
