package io.hashmatch.list;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.index.HammingIndex;
import io.hashmatch.index.IndexPlanner;
import io.hashmatch.index.IndexStrategy;
import java.util.EnumMap;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/**
 * One immutable version of a hash list, memory-mapped read-only from its snapshot file. Opening builds
 * nothing: the PDQ hashes, the sorted exact-hash tables and the index structures are used where they lie
 * in the file, so opening costs the same for ten thousand or a hundred million hashes and every process
 * on a machine shares the same pages.
 *
 * <p>File format: {@link FramedFile} (header with list name, version, creation time, entry count; named
 * sections; CRC32C footer) with these sections, documented byte by byte in {@code hashlists/FORMAT.md}:
 * <ul>
 *   <li>{@code pdq.hashes}: one 32-byte record per PDQ hash, the four 64-bit words w0..w3 of
 *       {@link PdqHash} little-endian;</li>
 *   <li>{@code pdq.entries}: int32 entry number per PDQ record (entries without a PDQ hash have none);</li>
 *   <li>{@code md5}, {@code sha1}, {@code sha256}: sorted digests with entry numbers ({@link ExactHashTable});</li>
 *   <li>{@code index.brute_force}, {@code index.bk_tree}, {@code index.multi_index}: the sections of the
 *       three {@link IndexStrategy Hamming index strategies} over {@code pdq.hashes}.</li>
 * </ul>
 *
 * <p>Thread-safe once open. {@link #close()} unmaps the file; using the snapshot afterwards throws
 * {@link IllegalStateException}.
 */
public final class HashListSnapshot implements AutoCloseable {
  /** First format version this build reads. */
  public static final int VERSION_START = 1;
  /** Format version this build writes. */
  public static final int VERSION_CURRENT = 1;

  static final String PDQ_HASHES = "pdq.hashes";
  static final String PDQ_ENTRIES = "pdq.entries";
  static final String MD5 = "md5";
  static final String SHA1 = "sha1";
  static final String SHA256 = "sha256";

  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final FramedFile file;
  private final MemorySegment pdqHashes;
  private final MemorySegment pdqEntries;
  private final int pdqCount;
  private final ExactHashTable md5;
  private final ExactHashTable sha1;
  private final ExactHashTable sha256;
  private final EnumMap<IndexStrategy, HammingIndex> indexes = new EnumMap<>(IndexStrategy.class);

  private HashListSnapshot(FramedFile file) throws SnapshotFormatException {
    this.file = file;
    this.pdqHashes = file.section(PDQ_HASHES);
    this.pdqEntries = file.section(PDQ_ENTRIES);
    if (pdqHashes.byteSize() % 32 != 0 || pdqHashes.byteSize() / 32 != pdqEntries.byteSize() / 4
        || pdqEntries.byteSize() % 4 != 0 || pdqHashes.byteSize() / 32 > Integer.MAX_VALUE) {
      throw new SnapshotFormatException(SnapshotFormatException.Kind.CORRUPT, file.path(),
          "pdq sections disagree: " + pdqHashes.byteSize() + " hash bytes, " + pdqEntries.byteSize() + " entry bytes");
    }
    this.pdqCount = (int) (pdqHashes.byteSize() / 32);
    try {
      this.md5 = new ExactHashTable(file.section(MD5), 16);
      this.sha1 = new ExactHashTable(file.section(SHA1), 20);
      this.sha256 = new ExactHashTable(file.section(SHA256), 32);
    } catch (IllegalStateException e) {
      throw new SnapshotFormatException(SnapshotFormatException.Kind.CORRUPT, file.path(), e.getMessage());
    }
    for (IndexStrategy strategy : IndexStrategy.values()) {
      try {
        indexes.put(strategy, strategy.open(pdqHashes, file.section(indexSection(strategy))));
      } catch (IllegalStateException | IllegalArgumentException e) {
        throw new SnapshotFormatException(SnapshotFormatException.Kind.CORRUPT, file.path(),
            "index section " + indexSection(strategy) + ": " + e.getMessage());
      }
    }
  }

  /** Section name of an index strategy: {@code index.} and the strategy's name in lower case. */
  static String indexSection(IndexStrategy strategy) {
    return "index." + strategy.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The Hamming index of the given strategy over this snapshot's PDQ hashes; hits are PDQ record numbers
   * (see {@link #pdqEntry(int)}). Every strategy returns exactly the same hits.
   */
  public HammingIndex index(IndexStrategy strategy) {
    return indexes.get(strategy);
  }

  /** The index the planner chooses for a query radius over this list. */
  public HammingIndex index(int radius) {
    return indexes.get(IndexPlanner.choose(radius, pdqCount));
  }

  /**
   * Opens and fully verifies a snapshot: structure, then every byte against the CRC32C checksums, so a
   * torn or tampered file is refused here.
   *
   * @throws SnapshotFormatException when the file is not a snapshot, of an unsupported version, truncated
   *     or damaged
   * @throws IOException when it cannot be read
   */
  public static HashListSnapshot open(Path path) throws IOException, SnapshotFormatException {
    HashListSnapshot s = openUnverified(path);
    try {
      s.checkIntegrity();
      return s;
    } catch (SnapshotFormatException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /**
   * Opens a snapshot checking only its structure (magic, version, header checksum, section table, exact
   * length, footer): constant time whatever the size. Call {@link #checkIntegrity()} to read every byte.
   */
  public static HashListSnapshot openUnverified(Path path) throws IOException, SnapshotFormatException {
    FramedFile f = FramedFile.open(path, VERSION_START, VERSION_CURRENT);
    try {
      return new HashListSnapshot(f);
    } catch (SnapshotFormatException | RuntimeException e) {
      f.close();
      throw e;
    }
  }

  /** Reads every byte and checks the checksums. */
  public void checkIntegrity() throws SnapshotFormatException {
    file.checkIntegrity();
  }

  /** The list's name, as given at import. */
  public String name() {
    return file.header().listName();
  }

  /** The list's version label, as given at import. */
  public String version() {
    return file.header().listVersion();
  }

  /** When the snapshot was written. */
  public Instant created() {
    return Instant.ofEpochMilli(file.header().createdMillis());
  }

  /** The snapshot file's format version. */
  public int formatVersion() {
    return file.header().version();
  }

  /** Number of list entries (records of the source list; an entry may carry several hashes). */
  public int entryCount() {
    return file.header().entryCount();
  }

  /** Number of PDQ hashes. */
  public int pdqCount() {
    return pdqCount;
  }

  /** Numbers of MD5, SHA-1 and SHA-256 digests. */
  public long exactCount() {
    return md5.size() + sha1.size() + sha256.size();
  }

  /** The file's CRC32C (from its footer), 8 lowercase hex digits: identifies this exact version. */
  public String checksum() {
    return String.format(Locale.ROOT, "%08x", file.checksum());
  }

  /** Random id of this file, 32 hex digits. */
  public String id() {
    return HexFormat.of().formatHex(file.header().id());
  }

  /** PDQ hash of record {@code i} (0 .. pdqCount-1). */
  public PdqHash pdqHash(int i) {
    long base = (long) checkIndex(i) * 32;
    return PdqHash.of(pdqHashes.get(LONG, base), pdqHashes.get(LONG, base + 8), pdqHashes.get(LONG, base + 16),
        pdqHashes.get(LONG, base + 24));
  }

  /** Entry number of PDQ record {@code i}. */
  public int pdqEntry(int i) {
    return pdqEntries.get(INT, (long) checkIndex(i) * 4);
  }

  /** Entries whose MD5 is {@code hex} (32 hex digits, any case); empty when none. */
  public int[] findMd5(String hex) {
    return md5.find(parseHex(hex, 16));
  }

  /** Entries whose SHA-1 is {@code hex} (40 hex digits). */
  public int[] findSha1(String hex) {
    return sha1.find(parseHex(hex, 20));
  }

  /** Entries whose SHA-256 is {@code hex} (64 hex digits). */
  public int[] findSha256(String hex) {
    return sha256.find(parseHex(hex, 32));
  }

  /**
   * The PDQ hashes as laid out in the file: {@link #pdqCount()} records of 32 bytes, four little-endian
   * longs each. For index strategies; read-only.
   */
  public MemorySegment pdqHashSegment() {
    return pdqHashes;
  }

  @Override
  public void close() {
    file.close();
  }

  private int checkIndex(int i) {
    if (i < 0 || i >= pdqCount) {
      throw new IndexOutOfBoundsException("PDQ record " + i + " of " + pdqCount);
    }
    return i;
  }

  private static byte[] parseHex(String hex, int bytes) {
    if (hex.length() != bytes * 2) {
      throw new IllegalArgumentException("expected " + bytes * 2 + " hex digits, got " + hex.length());
    }
    return HexFormat.of().parseHex(hex);
  }
}
