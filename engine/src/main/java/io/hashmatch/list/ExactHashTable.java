package io.hashmatch.list;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A sorted array of exact digests (MD5, SHA-1 or SHA-256) with their entry numbers, searched by binary
 * search directly in the mapped file.
 *
 * <p>Layout of the section: {@code n} fixed-width records of {@code digestLength + 4} bytes, the digest's
 * bytes as they are, then the entry number (int32 little-endian), sorted by digest as unsigned bytes, then
 * by entry number. Equal digests (the same file in two merged lists) are adjacent.
 *
 * <p>Immutable once built; thread-safe.
 */
final class ExactHashTable {
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final MemorySegment records;
  private final int digestLength;
  private final int recordLength;
  private final long count;

  ExactHashTable(MemorySegment records, int digestLength) {
    this.records = records;
    this.digestLength = digestLength;
    this.recordLength = digestLength + 4;
    if (records.byteSize() % recordLength != 0) {
      throw new IllegalStateException("section of " + records.byteSize() + " bytes is not a whole number of "
          + recordLength + "-byte records");
    }
    this.count = records.byteSize() / recordLength;
  }

  long size() {
    return count;
  }

  /** Builds the section from parallel arrays (digests concatenated, entries). */
  static MemorySegment build(byte[][] digests, int[] entries, int digestLength) {
    Integer[] order = new Integer[digests.length];
    for (int i = 0; i < order.length; i++) {
      if (digests[i].length != digestLength) {
        throw new IllegalArgumentException("digest " + i + " has " + digests[i].length + " bytes, not " + digestLength);
      }
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> {
      int c = Arrays.compareUnsigned(digests[a], digests[b]);
      return c != 0 ? c : Integer.compare(entries[a], entries[b]);
    });
    int rec = digestLength + 4;
    MemorySegment out = MemorySegment.ofArray(new byte[Math.multiplyExact(order.length, rec)]);
    for (int i = 0; i < order.length; i++) {
      MemorySegment.copy(digests[order[i]], 0, out, ValueLayout.JAVA_BYTE, (long) i * rec, digestLength);
      out.set(INT, (long) i * rec + digestLength, entries[order[i]]);
    }
    return out;
  }

  /** Entry numbers whose digest equals {@code digest}, ascending; empty when none. */
  int[] find(byte[] digest) {
    if (digest.length != digestLength) {
      return new int[0];
    }
    long lo = 0;
    long hi = count;
    while (lo < hi) { // first record >= digest
      long mid = (lo + hi) >>> 1;
      if (compareAt(mid, digest) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    long end = lo;
    while (end < count && compareAt(end, digest) == 0) {
      end++;
    }
    int[] out = new int[(int) (end - lo)];
    for (long i = lo; i < end; i++) {
      out[(int) (i - lo)] = records.get(INT, i * recordLength + digestLength);
    }
    return out;
  }

  /** Digest of record i as lowercase hex (for export and verification). */
  String digestHex(long i) {
    return HexFormat.of().formatHex(records.asSlice(i * recordLength, digestLength).toArray(ValueLayout.JAVA_BYTE));
  }

  int entryAt(long i) {
    return records.get(INT, i * recordLength + digestLength);
  }

  private int compareAt(long record, byte[] digest) {
    long base = record * recordLength;
    for (int k = 0; k < digestLength; k++) {
      int a = records.get(ValueLayout.JAVA_BYTE, base + k) & 0xFF;
      int b = digest[k] & 0xFF;
      if (a != b) {
        return a - b;
      }
    }
    return 0;
  }
}
