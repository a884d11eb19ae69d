package io.hashmatch.video;

import io.hashmatch.decode.DecodedImage;
import io.hashmatch.decode.NativeLibraries;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.hash.PdqHasher;
import io.hashmatch.hash.PdqMode;
import io.hashmatch.hash.PdqResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Computes vPDQ hashes the way Meta's {@code vpdq-hash-video} does (ThreatExchange {@code vpdq/cpp} 0.2.5):
 *
 * <ol>
 *   <li>FFmpeg (JavaCV's {@link FFmpegFrameGrabber}) opens the container and decodes the first video stream
 *       with the codec's default decoder; frame index = position in decoder output order, 0-based, counting
 *       the frames flushed at the end. No timestamp is used.
 *   <li>{@code fps} = the stream's average frame rate, or its real base frame rate when the average has a zero
 *       numerator or denominator. {@code frameMod = (int)(secondsPerHash * fps)}, 0 becoming 1; frame {@code i}
 *       is hashed iff {@code i % frameMod == 0} (so sampling is by frame count: 29.97 fps at 1 s gives frames
 *       0, 29, 58...). {@code secondsPerHash = 0} hashes every frame.
 *   <li>Each sampled frame is converted to 8-bit RGB at its coded size by swscale ({@code SWS_AREA}, no
 *       colour-space details set: BT.601 matrix, range from the pixel format, stream colour tags ignored), and
 *       hashed with {@link PdqHasher} at full resolution (no 512 px resize).
 *   <li>Timestamp = {@code (float) index / (float) fps}.
 * </ol>
 *
 * <p>Optional pruning (off by default, not in the reference): a sampled frame within {@code pruneDistance} bits
 * of the last kept frame is dropped, so a static scene yields one line.
 *
 * <p>Hashes equal the reference's only where FFmpeg's YUV to RGB conversion gives identical bytes; JavaCV's
 * FFmpeg build and SIMD path may differ by a few RGB levels, which moves some hash bits (measured in
 * {@code engine/src/test/resources/vpdq/CONFORMANCE.md}). Frame selection, indices, timestamps and the file
 * format are exact.
 *
 * <p>Errors: every failure is a {@link VideoDecodeException}; {@link VideoLimits} bound size, dimensions,
 * duration, frame count and time. FFmpeg's own log is set to fatal-only once, process-wide, before the first
 * video is decoded (a corrupt input would otherwise print to stderr). Creating a hasher loads no native library.
 *
 * <p>Not thread-safe (owns a {@link PdqHasher}); use one instance per thread. Decoding uses FFmpeg's default
 * threads inside one call.
 */
public final class VideoHasher {
    /** The reference's default sampling: one hash per second. */
    public static final float DEFAULT_SECONDS_PER_HASH = 1f;
    /** No pruning. */
    public static final int NO_PRUNING = -1;

    /**
     * Loads FFmpeg and quiets its log when first used (loading FFmpeg's libraries costs start-up time a run of images
     * never needs): JavaCV's grabber loads all of FFmpeg's libraries as it initialises, here through
     * {@link NativeLibraries}, one JavaCPP load at a time.
     */
    private static final class QuietFfmpegLog {
        static {
            NativeLibraries.initialise(avutil.class, FFmpegFrameGrabber.class);
            avutil.av_log_set_level(avutil.AV_LOG_FATAL);
        }

        private QuietFfmpegLog() {}

        static void ensure() {
            // the static initialiser did the work
        }
    }

    private final float secondsPerHash;
    private final int pruneDistance;
    private final PdqHasher pdq = new PdqHasher(PdqMode.FULL_RESOLUTION);

    /**
     * A hasher.
     *
     * @param secondsPerHash seconds of video between hashed frames, as the reference's {@code -r}; 0 hashes
     *     every frame
     * @param pruneDistance drop a sampled frame within this many bits of the last kept one; {@link #NO_PRUNING}
     *     (-1) keeps every sampled frame, as the reference does
     * @throws IllegalArgumentException if {@code secondsPerHash} is negative or not finite, or
     *     {@code pruneDistance} is outside -1..256
     */
    public VideoHasher(float secondsPerHash, int pruneDistance) {
        if (!(secondsPerHash >= 0f) || Float.isInfinite(secondsPerHash)) {
            throw new IllegalArgumentException("seconds per hash must be finite and >= 0: " + secondsPerHash);
        }
        if (pruneDistance != NO_PRUNING) {
            PdqHash.checkDistance("prune distance (or -1, off)", pruneDistance);
        }
        this.secondsPerHash = secondsPerHash;
        this.pruneDistance = pruneDistance;
    }

    /** The reference's default: one hash per second, no pruning. */
    public VideoHasher() {
        this(DEFAULT_SECONDS_PER_HASH, NO_PRUNING);
    }

    /**
     * Hashes a video file.
     *
     * @throws VideoDecodeException if the file is empty, too large, unreadable, not a video, damaged, or
     *     breaks a limit
     */
    public VideoHash hash(Path file, VideoLimits limits) throws VideoDecodeException {
        Objects.requireNonNull(limits);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new VideoDecodeException(VideoDecodeError.IO_ERROR, file + ": " + e.getMessage(), e);
        }
        checkSize(size, limits);
        byte[] head = new byte[VideoSniffer.PREFIX_BYTES];
        int headLength;
        try (var in = Files.newInputStream(file)) {
            headLength = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new VideoDecodeException(VideoDecodeError.IO_ERROR, file + ": " + e.getMessage(), e);
        }
        QuietFfmpegLog.ensure(); // before the grabber's class loads FFmpeg
        long deadline = System.nanoTime() + limits.timeLimit().toNanos();
        return decode(new FFmpegFrameGrabber(file.toFile()), Arrays.copyOf(head, headLength), limits, deadline);
    }

    /**
     * Hashes a video held in memory; nothing is written to disk. FFmpeg reads through a stream that also
     * enforces the time limit, so a demuxer that loops on damaged data is stopped too.
     *
     * @throws VideoDecodeException if the bytes are empty, too many, not a video, damaged, or break a limit
     */
    public VideoHash hash(byte[] video, VideoLimits limits) throws VideoDecodeException {
        Objects.requireNonNull(limits);
        checkSize(video.length, limits);
        QuietFfmpegLog.ensure(); // before the grabber's class loads FFmpeg
        long deadline = System.nanoTime() + limits.timeLimit().toNanos();
        return decode(
                new FFmpegFrameGrabber(new DeadlineInputStream(video, deadline), video.length),
                Arrays.copyOf(video, Math.min(video.length, VideoSniffer.PREFIX_BYTES)),
                limits,
                deadline);
    }

    private static void checkSize(long size, VideoLimits limits) throws VideoDecodeException {
        if (size == 0) {
            throw new VideoDecodeException(VideoDecodeError.EMPTY_FILE, "the video is empty (0 bytes)");
        }
        if (size > limits.maxFileBytes()) {
            throw new VideoDecodeException(
                    VideoDecodeError.FILE_TOO_LARGE, size + " bytes exceed the limit of " + limits.maxFileBytes());
        }
    }

    private VideoHash decode(FFmpegFrameGrabber grabber, byte[] head, VideoLimits limits, long deadline)
            throws VideoDecodeException {
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        grabber.setImageScalingFlags(swscale.SWS_AREA);
        try (grabber) {
            try {
                grabber.start();
            } catch (FrameGrabber.Exception e) {
                checkDeadline(deadline, limits, 0);
                String message = Objects.toString(e.getMessage(), "");
                if (message.contains("Did not find a video or audio stream")) {
                    throw new VideoDecodeException(VideoDecodeError.NO_VIDEO_STREAM, "no video or audio stream", e);
                }
                if (message.contains("avformat_open_input")
                        && VideoSniffer.detect(head).isEmpty()) {
                    throw new VideoDecodeException(
                            VideoDecodeError.UNSUPPORTED_FORMAT, "FFmpeg cannot open the data as a video container", e);
                }
                throw new VideoDecodeException(
                        VideoDecodeError.CORRUPT_DATA, "FFmpeg could not start decoding: " + message, e);
            }
            if (!grabber.hasVideo()) {
                throw new VideoDecodeException(
                        VideoDecodeError.NO_VIDEO_STREAM,
                        "the container (" + grabber.getFormat() + ") has no video stream");
            }
            int width = grabber.getImageWidth();
            int height = grabber.getImageHeight();
            if (width <= 0 || height <= 0) {
                throw new VideoDecodeException(VideoDecodeError.CORRUPT_DATA, "video stream without frame size");
            }
            if ((long) width * height > limits.maxPixels()) {
                throw new VideoDecodeException(
                        VideoDecodeError.DIMENSIONS_TOO_LARGE,
                        width + "x" + height + " exceeds the limit of " + limits.maxPixels() + " pixels");
            }
            double declaredSeconds = grabber.getLengthInTime() / 1e6;
            if (declaredSeconds > limits.maxDurationSeconds()) {
                throw new VideoDecodeException(
                        VideoDecodeError.TOO_LONG,
                        "declared duration " + declaredSeconds + " s exceeds the limit of "
                                + limits.maxDurationSeconds() + " s");
            }
            double fps = framesPerSecond(grabber.getFormatContext());
            if (!(fps > 0) || Double.isInfinite(fps)) {
                throw new VideoDecodeException(VideoDecodeError.CORRUPT_DATA, "video stream without a frame rate");
            }
            int frameMod = frameMod(secondsPerHash, fps);
            List<VpdqFrame> frames = new ArrayList<>();
            int index = 0;
            VpdqFrame lastKept = null;
            while (true) {
                Frame frame;
                try {
                    frame = grabber.grabImage();
                } catch (FrameGrabber.Exception e) {
                    checkDeadline(deadline, limits, index);
                    throw new VideoDecodeException(
                            VideoDecodeError.CORRUPT_DATA,
                            "decoding failed after " + index + " frames: " + e.getMessage(),
                            e);
                }
                checkDeadline(deadline, limits, index);
                if (frame == null) {
                    break;
                }
                if (index >= limits.maxFrames()) {
                    throw new VideoDecodeException(
                            VideoDecodeError.TOO_LONG, "more than " + limits.maxFrames() + " frames");
                }
                if (index % frameMod == 0) {
                    VpdqFrame hashed = hashFrame(frame, index, fps);
                    if (pruneDistance == NO_PRUNING
                            || lastKept == null
                            || hashed.hash().distance(lastKept.hash()) > pruneDistance) {
                        frames.add(hashed);
                        lastKept = hashed;
                    }
                }
                index++;
            }
            if (index == 0) {
                throw new VideoDecodeException(VideoDecodeError.CORRUPT_DATA, "not one frame could be decoded");
            }
            return new VideoHash(frames, fps, index, width, height);
        } catch (FrameGrabber.Exception e) {
            // only from close(): the result (or the error being thrown) stands
            throw new VideoDecodeException(VideoDecodeError.IO_ERROR, "could not release the decoder", e);
        }
    }

    private VpdqFrame hashFrame(Frame frame, int index, double fps) throws VideoDecodeException {
        if (frame.image == null
                || frame.image.length == 0
                || !(frame.image[0] instanceof ByteBuffer pixels)
                || frame.imageChannels != 3) {
            throw new VideoDecodeException(VideoDecodeError.CORRUPT_DATA, "frame " + index + " has no BGR pixels");
        }
        DecodedImage image = DecodedImage.ofVideoFrame(pixels, frame.imageWidth, frame.imageHeight, frame.imageStride);
        PdqResult result = pdq.hash(image, false);
        return new VpdqFrame(index, result.quality(), result.hash(), timestamp(index, fps));
    }

    /** The reference's sampling step: {@code (int)(secondsPerHash * fps)} (float promoted to double), 0 -> 1. */
    static int frameMod(float secondsPerHash, double fps) {
        int mod = (int) (secondsPerHash * fps);
        return mod <= 0 ? 1 : mod;
    }

    /** The reference's timestamp: a float32 division. */
    static float timestamp(int index, double fps) {
        return (float) index / (float) fps;
    }

    /** Average frame rate of the first video stream, or its real base frame rate if the average is unset. */
    static double framesPerSecond(AVFormatContext context) {
        for (int i = 0; i < context.nb_streams(); i++) {
            AVStream stream = context.streams(i);
            if (stream.codecpar().codec_type() != avutil.AVMEDIA_TYPE_VIDEO
                    || (stream.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) != 0) {
                continue;
            }
            AVRational rate = stream.avg_frame_rate();
            if (rate.num() == 0 || rate.den() == 0) {
                rate = stream.r_frame_rate();
            }
            return rate.den() == 0 ? 0 : (double) rate.num() / rate.den();
        }
        return 0;
    }

    private static void checkDeadline(long deadline, VideoLimits limits, int frames) throws VideoDecodeException {
        if (System.nanoTime() - deadline > 0) {
            throw new VideoDecodeException(
                    VideoDecodeError.TIME_LIMIT,
                    "not done within " + limits.timeLimit() + " (" + frames + " frames decoded)");
        }
    }

    /** In-memory input that fails FFmpeg's reads once the deadline has passed. */
    private static final class DeadlineInputStream extends ByteArrayInputStream {
        private final long deadline;

        DeadlineInputStream(byte[] bytes, long deadline) {
            super(bytes);
            this.deadline = deadline;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            if (System.nanoTime() - deadline > 0) {
                return -1; // ends the input: FFmpeg stops, and the caller reports TIME_LIMIT
            }
            return super.read(b, off, len);
        }

        @Override
        public synchronized int read() {
            if (System.nanoTime() - deadline > 0) {
                return -1;
            }
            return super.read();
        }

        /** Named in FFmpeg's error messages: the same text every run (no identity hash), so reports are reproducible. */
        @Override
        public String toString() {
            return "video in memory";
        }
    }

    @Override
    public String toString() {
        return "VideoHasher[secondsPerHash=" + secondsPerHash + ", pruneDistance=" + pruneDistance + "]";
    }
}
