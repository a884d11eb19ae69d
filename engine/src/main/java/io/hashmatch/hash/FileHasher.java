package io.hashmatch.hash;

import io.hashmatch.decode.DecodeLimits;
import java.nio.file.Path;

/**
 * Hashes files: reads each file once, computes MD5, SHA-1 and SHA-256 from those bytes, detects the
 * format from the same bytes, decodes them within {@link DecodeLimits}, and computes PDQ.
 *
 * <p>Thread-safe: one instance serves any number of threads; each thread reuses its own buffers.
 * Per-file failures never throw: they come back as a {@link FileHashes} with a typed error.
 *
 * <pre>{@code
 * FileHasher hasher = FileHasher.newBuilder().dihedral(true).build();
 * FileHashes h = hasher.hash(Path.of("photo.jpg"));
 * }</pre>
 */
public final class FileHasher {
  // TODO(helper-decode): implement.

  private FileHasher(Builder b) {
  }

  /** A builder with the defaults: full resolution, no dihedral variants, exact decoding, default limits. */
  public static Builder newBuilder() {
    return new Builder();
  }

  /** Hashes one file. Never throws for a bad or unreadable file: see {@link FileHashes#error()}. */
  public FileHashes hash(Path file) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Hashes an in-memory file (for example an upload); the bytes are not retained. */
  public FileHashes hash(byte[] bytes) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Builds a {@link FileHasher}. Not thread-safe. */
  public static final class Builder {
    PdqMode mode = PdqMode.FULL_RESOLUTION;
    boolean dihedral;
    boolean fast;
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
