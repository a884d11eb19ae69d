package io.hashmatch.hash;

import io.hashmatch.decode.DecodeError;
import io.hashmatch.decode.DecodeException;
import io.hashmatch.decode.DecodeLimits;
import io.hashmatch.decode.DecodedImage;
import io.hashmatch.decode.ImageDecoder;
import io.hashmatch.decode.ImageFormat;
import io.hashmatch.decode.ImageInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Hashes files: reads each file once, computes MD5, SHA-1 and SHA-256 from those bytes, detects the
 * format from the same bytes, decodes them within {@link DecodeLimits}, and computes PDQ.
 *
 * <p>The file size is checked against {@link DecodeLimits#maxFileBytes()} before anything is read: a larger
 * file comes back as {@link DecodeError#FILE_TOO_LARGE} with its {@link FileHashes#size() size} and no exact
 * hashes. Exact hashes are present whenever the bytes were read, even when the image could not be decoded.
 * {@link FileHashes#width()} and {@link FileHashes#height()} are the image's declared (full) size, also in
 * {@code fast} mode where the pixels were decoded at reduced scale.
 *
 * <p>Thread-safe: one instance serves any number of threads; each thread reuses its own buffers (a direct
 * buffer for the file bytes that grows to the largest file seen, up to 64 MiB kept between files; the three
 * message digests; a {@link PdqHasher}). Per-file failures never throw: they come back as a
 * {@link FileHashes} with a typed error.
 *
 * <pre>{@code
 * FileHasher hasher = FileHasher.newBuilder().dihedral(true).build();
 * FileHashes h = hasher.hash(Path.of("photo.jpg"));
 * }</pre>
 */
public final class FileHasher {
    /** File buffers above this size are dropped after use rather than kept per thread. */
    private static final int KEEP_BUFFER_BYTES = 64 << 20;

    private final PdqMode mode;
    private final boolean dihedral;
    private final VariantPolicy variants;
    private final DecodeLimits limits;
    private final ImageDecoder decoder;
    private final ThreadLocal<PerThread> perThread;

    private FileHasher(Builder b) {
        this.mode = b.mode;
        this.dihedral = b.dihedral;
        this.variants = b.variants;
        this.limits = b.limits;
        this.decoder = new ImageDecoder(b.limits, b.fast);
        this.perThread = ThreadLocal.withInitial(() -> new PerThread(mode, variants));
    }

    /**
     * Initialises, on the calling thread, the platform's providers of the message digests every hash computes (MD5,
     * SHA-1, SHA-256). The first thread to ask for a digest otherwise does it inside its first {@link #hash}, in the
     * interpreter (the security properties, the providers' service tables, their random sources), while every other
     * thread's first hash waits for it: a caller with a core to spare while it starts calls this on another thread,
     * so that its hashing threads all start at once.
     *
     * <p>Thread-safe and idempotent; changes no hash.
     */
    public static void prepareDigests() {
        PerThread.digest("MD5");
        PerThread.digest("SHA-1");
        PerThread.digest("SHA-256");
    }

    /**
     * A builder with the defaults: full resolution, no dihedral hashes, no variants, exact decoding, default
     * limits.
     */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** The PDQ mode. */
    public PdqMode mode() {
        return mode;
    }

    /** Whether the 8 dihedral variants are computed. */
    public boolean dihedral() {
        return dihedral;
    }

    /** Which PDQ variants are derived; {@link VariantPolicy#NONE} by default. */
    public VariantPolicy variants() {
        return variants;
    }

    /** Whether large JPEGs are decoded at reduced scale. */
    public boolean fast() {
        return decoder.fast();
    }

    /** The pixel and file size limits. */
    public DecodeLimits limits() {
        return limits;
    }

    /** Hashes one file. Never throws for a bad or unreadable file: see {@link FileHashes#error()}. */
    public FileHashes hash(Path file) {
        long size;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                return ioError(0, file + " is a directory");
            }
            if (!attributes.isRegularFile()) {
                // A FIFO or device would block the read forever, or never end.
                return ioError(0, file + " is not a regular file");
            }
            size = attributes.size();
        } catch (NoSuchFileException e) {
            return ioError(0, "no such file: " + file);
        } catch (IOException | RuntimeException e) {
            return ioError(0, "cannot read " + file + ": " + oneLine(e));
        }
        if (size > limits.maxFileBytes()) {
            return tooLarge(size);
        }
        PerThread t = perThread.get();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = readFully(channel, t, (int) size); // size <= maxFileBytes < 2^31
            if (buffer == null) {
                return ioError(size, file + " changed size while being read");
            }
            return hashBytes(buffer, t);
        } catch (NoSuchFileException e) {
            return ioError(size, "no such file: " + file);
        } catch (AccessDeniedException e) {
            return ioError(size, "permission denied: " + file);
        } catch (IOException | RuntimeException e) {
            return ioError(size, "cannot read " + file + ": " + oneLine(e));
        } finally {
            t.releaseLargeBuffer();
        }
    }

    /** Hashes an in-memory file (for example an upload); the bytes are not retained. */
    public FileHashes hash(byte[] bytes) {
        if (bytes.length > limits.maxFileBytes()) {
            return tooLarge(bytes.length);
        }
        PerThread t = perThread.get();
        try {
            ByteBuffer buffer = t.buffer(bytes.length);
            buffer.put(bytes).flip();
            return hashBytes(buffer, t);
        } finally {
            t.releaseLargeBuffer();
        }
    }

    /** Reads exactly {@code size} bytes; null if the file changed size while being read. */
    private static @Nullable ByteBuffer readFully(FileChannel channel, PerThread t, int size) throws IOException {
        ByteBuffer buffer = t.buffer(size);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                return null; // shrank
            }
        }
        if (channel.read(ByteBuffer.allocate(1)) > 0) {
            return null; // grew
        }
        return buffer.flip();
    }

    private FileHashes hashBytes(ByteBuffer bytes, PerThread t) {
        long size = bytes.remaining();
        ExactHashes exact = t.exactHashes(bytes);
        ImageFormat format = null;
        try {
            format = ImageDecoder.detectFormat(bytes);
            ImageInfo info = ImageDecoder.probe(bytes);
            try (DecodedImage image = decoder.decode(bytes)) {
                // Variants reuse the whole image's dihedral hashes: one PDQ pass gives both (see withDihedral).
                boolean once = !dihedral && t.variantsNeedDihedral && !(image.width() == 64 && image.height() == 64);
                PdqResult pdq = t.variants != null
                        ? t.variants.hashWhole(t.pdq, image, dihedral || once)
                        : t.pdq.hash(image, dihedral || once);
                PdqResult whole = pdq;
                if (once) {
                    pdq = new PdqResult(whole.hash(), whole.quality(), List.of());
                }
                List<PdqVariant> derived = List.of();
                if (t.variants != null) {
                    derived = t.variants.derive(image, withDihedral(whole, image, t));
                }
                return new FileHashes(
                        size, exact, pdq, (int) info.width(), (int) info.height(), format, null, null, derived);
            }
        } catch (DecodeException e) {
            return new FileHashes(size, exact, null, 0, 0, format, e.error(), e.getMessage());
        } catch (Throwable e) { // a bug in hashing must not take the batch down
            return new FileHashes(
                    size,
                    exact,
                    null,
                    0,
                    0,
                    format,
                    DecodeError.CORRUPT_DATA,
                    "could not hash the image: " + oneLine(e));
        }
    }

    /**
     * The whole image's result with its dihedral hashes, for the variants: {@code pdq} itself when it has them,
     * else computed again (only for a 64x64 image, whose plain hash skips the blur that the dihedral path does).
     */
    private static PdqResult withDihedral(PdqResult pdq, DecodedImage image, PerThread t) {
        if (!pdq.dihedral().isEmpty() || !t.variantsNeedDihedral) {
            return pdq;
        }
        return t.pdq.hash(image, true);
    }

    private FileHashes tooLarge(long size) {
        return new FileHashes(
                size,
                null,
                null,
                0,
                0,
                null,
                DecodeError.FILE_TOO_LARGE,
                "file of " + size + " bytes is over the limit of " + limits.maxFileBytes() + " bytes; not read");
    }

    private static FileHashes ioError(long size, String message) {
        return new FileHashes(size, null, null, 0, 0, null, DecodeError.IO_ERROR, message);
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.strip().replaceAll("\\s+", " ");
    }

    /** One thread's reusable state. */
    private static final class PerThread {
        final MessageDigest md5 = digest("MD5");
        final MessageDigest sha1 = digest("SHA-1");
        final MessageDigest sha256 = digest("SHA-256");
        final PdqHasher pdq;
        final @Nullable VariantDeriver variants;
        final boolean variantsNeedDihedral;

        @Nullable
        ByteBuffer buffer;

        PerThread(PdqMode mode, VariantPolicy policy) {
            this.pdq = new PdqHasher(mode);
            this.variants = policy.isNone() ? null : new VariantDeriver(policy);
            this.variantsNeedDihedral = policy.kinds().contains(PdqVariant.Kind.DIHEDRAL);
        }

        /** A cleared direct buffer of at least {@code size} bytes. */
        ByteBuffer buffer(int size) {
            if (buffer == null || buffer.capacity() < size) {
                buffer = ByteBuffer.allocateDirect(Math.max(size, 1 << 16));
            }
            return buffer.clear().limit(size);
        }

        void releaseLargeBuffer() {
            if (buffer != null && buffer.capacity() > KEEP_BUFFER_BYTES) {
                buffer = null;
            }
        }

        ExactHashes exactHashes(ByteBuffer bytes) {
            md5.reset();
            sha1.reset();
            sha256.reset();
            md5.update(bytes.duplicate());
            sha1.update(bytes.duplicate());
            sha256.update(bytes.duplicate());
            HexFormat hex = HexFormat.of();
            return new ExactHashes(
                    hex.formatHex(md5.digest()), hex.formatHex(sha1.digest()), hex.formatHex(sha256.digest()));
        }

        static MessageDigest digest(String name) {
            try {
                return MessageDigest.getInstance(name);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(name + " is required of every Java platform", e);
            }
        }
    }

    /** Builds a {@link FileHasher}. Not thread-safe. */
    public static final class Builder {
        PdqMode mode = PdqMode.FULL_RESOLUTION;
        boolean dihedral;
        boolean fast;
        VariantPolicy variants = VariantPolicy.NONE;
        DecodeLimits limits = DecodeLimits.defaults();

        private Builder() {}

        /** PDQ mode; default {@link PdqMode#FULL_RESOLUTION}. */
        public Builder mode(PdqMode mode) {
            this.mode = java.util.Objects.requireNonNull(mode);
            return this;
        }

        /** Also compute the 8 dihedral variants. */
        public Builder dihedral(boolean dihedral) {
            this.dihedral = dihedral;
            return this;
        }

        /**
         * Derive PDQ variants per {@code policy} into {@link FileHashes#variants()}; default
         * {@link VariantPolicy#NONE}. {@link FileHashes#pdq()} is unchanged by this option.
         */
        public Builder variants(VariantPolicy policy) {
            this.variants = java.util.Objects.requireNonNull(policy);
            return this;
        }

        /** Decode large JPEGs at reduced scale (not bit-exact; see bench/RESULTS.md). */
        public Builder fast(boolean fast) {
            this.fast = fast;
            return this;
        }

        /** Pixel and file size limits. */
        public Builder limits(DecodeLimits limits) {
            this.limits = java.util.Objects.requireNonNull(limits);
            return this;
        }

        public FileHasher build() {
            return new FileHasher(this);
        }
    }
}
