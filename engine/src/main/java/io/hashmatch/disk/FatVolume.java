package io.hashmatch.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A FAT12/16/32 file system's own structures (boot sector, FAT, directory entries), read here for what The Sleuth
 * Kit does not say: where a file's cluster chain breaks before its declared size (TSK stops at a loop without an
 * error, and a read past that point fails with "unknown error", or gives the loop's clusters twice), and the
 * directory entries TSK never lists because their declared size exceeds the data area. TSK still reads every file;
 * this only checks. Not thread-safe: one per {@link DiskImage}, whose reads it uses.
 */
final class FatVolume {
    /** Reads bytes of the medium (a {@link DiskImage#read}). */
    interface Medium {
        int read(long offset, byte[] b, int off, int len) throws IOException;

        /** The {@code len} bytes at {@code offset}, or fewer where the medium ends or a read fails. */
        default byte[] bytes(long offset, long len) throws IOException {
            byte[] b = new byte[(int) len];
            int done = 0;
            while (done < b.length) {
                int n = read(offset + done, b, done, b.length - done);
                if (n <= 0) {
                    break;
                }
                done += n;
            }
            return done == b.length ? b : Arrays.copyOf(b, done);
        }

        /** The 512 bytes of the boot sector at {@code offset}, or null when they cannot be read whole. */
        default byte @Nullable [] bootSector(long offset) {
            try {
                byte[] b = bytes(offset, 512);
                return b.length == 512 ? b : null;
            } catch (IOException e) {
                return null;
            }
        }
    }

    /** Directories walked at most, and entries read at most, so that a hostile image cannot make the walk endless. */
    private static final int MAX_DEPTH = 64;

    private static final long MAX_ENTRIES = 1 << 22;
    private static final int PAGE = 4096;

    private final Medium medium;
    private final long offset;
    private final int bits;
    private final long sectorSize;
    private final long clusterBytes;
    private final long fatStart; // bytes into the file system
    private final long dataStart; // bytes into the file system
    private final long clusterCount;
    private final long rootDirStart; // FAT12/16: bytes into the file system
    private final int rootEntries;
    private final long rootCluster; // FAT32
    private final byte[] page = new byte[PAGE];
    private long pageAt = -1;
    /** Clusters seen during one chain walk, by bit; cleared after each. */
    private long @Nullable [] seen;

    private FatVolume(Medium medium, long offset, byte[] boot) {
        ByteBuffer b = ByteBuffer.wrap(boot).order(ByteOrder.LITTLE_ENDIAN);
        this.medium = medium;
        this.offset = offset;
        sectorSize = b.getShort(11) & 0xffff;
        long perCluster = boot[13] & 0xff;
        long reserved = b.getShort(14) & 0xffff;
        int fats = boot[16] & 0xff;
        rootEntries = b.getShort(17) & 0xffff;
        long total = (b.getShort(19) & 0xffff) != 0 ? b.getShort(19) & 0xffff : b.getInt(32) & 0xffffffffL;
        long fatSectors = (b.getShort(22) & 0xffff) != 0 ? b.getShort(22) & 0xffff : b.getInt(36) & 0xffffffffL;
        long rootSectors = (rootEntries * 32L + sectorSize - 1) / sectorSize;
        long firstData = reserved + fats * fatSectors + rootSectors;
        clusterBytes = perCluster * sectorSize;
        fatStart = reserved * sectorSize;
        rootDirStart = (reserved + fats * fatSectors) * sectorSize;
        dataStart = firstData * sectorSize;
        clusterCount = total > firstData ? (total - firstData) / perCluster : 0;
        bits = clusterCount < 4085 ? 12 : clusterCount < 65525 ? 16 : 32;
        rootCluster = bits == 32 ? b.getInt(44) & 0x0fffffffL : 0;
    }

    /**
     * The FAT12/16/32 file system at {@code offset} of {@code medium}, or null when its boot sector is not one (or
     * cannot be read).
     */
    static @Nullable FatVolume at(Medium medium, long offset) {
        byte[] boot = medium.bootSector(offset);
        if (boot == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(boot).order(ByteOrder.LITTLE_ENDIAN);
        int sector = b.getShort(11) & 0xffff;
        int perCluster = boot[13] & 0xff;
        boolean fat = (boot[510] & 0xff) == 0x55
                && (boot[511] & 0xff) == 0xaa
                && (sector == 512 || sector == 1024 || sector == 2048 || sector == 4096)
                && perCluster != 0
                && Integer.bitCount(perCluster) == 1
                && (b.getShort(14) & 0xffff) != 0
                && boot[16] != 0
                && !new String(boot, 3, 8, StandardCharsets.ISO_8859_1).equals("EXFAT   ");
        return fat ? new FatVolume(medium, offset, boot) : null;
    }

    /** Bytes of the data area: no file can hold more (TSK skips an entry that declares more). */
    long dataBytes() {
        return clusterCount * clusterBytes;
    }

    /** The first sector of the data area (cluster 2), counted from the file system's start. */
    long firstDataSector() {
        return dataStart / sectorSize;
    }

    /** Sectors per cluster. */
    long sectorsPerCluster() {
        return clusterBytes / sectorSize;
    }

    /**
     * Where the chain of a file of {@code size} bytes starting at cluster {@code first} breaks before holding its
     * size, or null when it holds it.
     */
    DiskImage.@Nullable ChainBreak chainBreak(long first, long size) throws IOException {
        long need = (size + clusterBytes - 1) / clusterBytes;
        long[] s = seen;
        if (s == null) {
            s = new long[(int) ((clusterCount + 2 + 63) >>> 6)];
            seen = s;
        }
        List<Long> walked = new ArrayList<>();
        try {
            long c = first;
            long count = 0;
            while (true) {
                if (c < 2 || c >= clusterCount + 2) {
                    return broken(
                            walked,
                            size,
                            String.format(
                                    Locale.ROOT,
                                    "the FAT cluster chain %s cluster %d, outside the data area's clusters 2-%d",
                                    count == 0 ? "starts at" : "leads after " + count + " clusters to",
                                    c,
                                    clusterCount + 1));
                }
                if ((s[(int) (c >>> 6)] & (1L << c)) != 0) {
                    return broken(
                            walked,
                            size,
                            String.format(
                                    Locale.ROOT,
                                    "the FAT cluster chain loops: after %d clusters it leads back to cluster %d, already in"
                                            + " the chain",
                                    count,
                                    c));
                }
                s[(int) (c >>> 6)] |= 1L << c;
                walked.add(c);
                if (++count >= need) {
                    return null;
                }
                long next = entry(c);
                long bad = bits == 12 ? 0xff7 : bits == 16 ? 0xfff7 : 0x0ffffff7;
                if (next == 0) {
                    return broken(
                            walked,
                            size,
                            String.format(
                                    Locale.ROOT,
                                    "the FAT cluster chain leads after %d clusters to a free cluster (cluster %d's entry is 0)",
                                    count,
                                    c));
                }
                if (next == bad) {
                    return broken(
                            walked,
                            size,
                            String.format(
                                    Locale.ROOT,
                                    "the FAT marks cluster %d's successor bad after %d clusters",
                                    c,
                                    count));
                }
                if (next > bad) {
                    return broken(
                            walked,
                            size,
                            String.format(Locale.ROOT, "the FAT cluster chain ends after %d clusters", count));
                }
                c = next;
            }
        } finally {
            for (long c : walked) {
                s[(int) (c >>> 6)] &= ~(1L << c);
            }
        }
    }

    /** The break after {@code walked}, the clusters of the chain before it, in order. */
    private DiskImage.ChainBreak broken(List<Long> walked, long size, String found) {
        long readable = Math.min(size, walked.size() * clusterBytes);
        List<DiskImage.Range> content = new ArrayList<>();
        long left = readable;
        for (long c : walked) {
            long at = offset + dataStart + (c - 2) * clusterBytes;
            long len = Math.min(clusterBytes, left);
            left -= len;
            DiskImage.Range last = content.isEmpty() ? null : content.get(content.size() - 1);
            if (last != null && last.offset() + last.length() == at) {
                content.set(content.size() - 1, new DiskImage.Range(null, last.offset(), last.length() + len));
            } else if (len > 0) {
                content.add(new DiskImage.Range(null, at, len));
            }
        }
        return new DiskImage.ChainBreak(
                readable, found + ": " + readable + " of its " + size + " declared bytes can be read", content);
    }

    /** Cluster {@code c}'s FAT entry. */
    private long entry(long c) throws IOException {
        return switch (bits) {
            case 12 -> {
                int v = u16(fatStart + c + c / 2);
                yield (c & 1) == 0 ? v & 0xfff : v >>> 4;
            }
            case 16 -> u16(fatStart + 2 * c);
            default -> (u16(fatStart + 4 * c) | (long) u16(fatStart + 4 * c + 2) << 16) & 0x0fffffffL;
        };
    }

    private int u16(long at) throws IOException {
        return (byte1(at) & 0xff) | (byte1(at + 1) & 0xff) << 8;
    }

    private byte byte1(long at) throws IOException {
        long p = at / PAGE;
        if (p != pageAt) {
            Arrays.fill(page, (byte) 0);
            int n = medium.read(offset + p * PAGE, page, 0, PAGE);
            if (n <= 0) {
                throw new IOException("cannot read the FAT at byte " + (offset + at));
            }
            pageAt = p;
        }
        return page[(int) (at % PAGE)];
    }

    /**
     * A directory entry of a file whose declared size exceeds the data area.
     *
     * @param path its path, {@code "/"}-separated, no leading slash (its long name when it has a valid one)
     * @param size the size it declares
     * @param deleted whether the entry is marked deleted
     */
    record Oversized(String path, long size, boolean deleted) {}

    /**
     * Every file entry, allocated or deleted, in the directories reachable from the root through allocated
     * directory entries, that declares more bytes than the data area holds. Each directory's cluster chain is
     * followed once, at most {@value #MAX_DEPTH} deep.
     */
    List<Oversized> oversized() throws IOException {
        List<Oversized> out = new ArrayList<>();
        Set<Long> walked = new HashSet<>();
        Deque<Object[]> todo = new ArrayDeque<>(); // {path prefix, first cluster (0: the FAT12/16 root), depth}
        todo.add(new Object[] {"", bits == 32 ? rootCluster : 0L, 0});
        long[] entries = {0};
        while (!todo.isEmpty()) {
            Object[] d = todo.poll();
            String prefix = (String) d[0];
            long first = (Long) d[1];
            int depth = (Integer) d[2];
            byte[] dir = directory(first, walked);
            Lfn lfn = new Lfn();
            for (int at = 0; at + 32 <= dir.length && entries[0]++ < MAX_ENTRIES; at += 32) {
                int lead = dir[at] & 0xff;
                int attr = dir[at + 11] & 0xff;
                if (lead == 0) {
                    break; // the end of the directory
                }
                if (attr == 0x0f) {
                    lfn.add(dir, at, lead == 0xe5);
                    continue;
                }
                boolean deleted = lead == 0xe5;
                String name = lfn.name(dir, at, deleted);
                lfn = new Lfn();
                if ((attr & 0x08) != 0) {
                    continue; // the volume label
                }
                ByteBuffer e = ByteBuffer.wrap(dir, at, 32).order(ByteOrder.LITTLE_ENDIAN);
                long cluster =
                        (e.getShort(at + 26) & 0xffff) | (bits == 32 ? (long) (e.getShort(at + 20) & 0xffff) << 16 : 0);
                if ((attr & 0x10) != 0) {
                    if (!deleted && !name.equals(".") && !name.equals("..") && depth < MAX_DEPTH && cluster >= 2) {
                        todo.add(new Object[] {prefix + name + "/", cluster, depth + 1});
                    }
                    continue;
                }
                long size = e.getInt(at + 28) & 0xffffffffL;
                if (size > dataBytes()) {
                    out.add(new Oversized(prefix + name, size, deleted));
                }
            }
        }
        return out;
    }

    /** The bytes of the directory at {@code first} (0: the FAT12/16 root), its chain followed until it breaks. */
    private byte[] directory(long first, Set<Long> walked) throws IOException {
        if (first == 0) {
            return bytes(rootDirStart, rootEntries * 32L);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long c = first;
        while (c >= 2 && c < clusterCount + 2 && walked.add(c) && out.size() < (1 << 24)) {
            out.write(bytes(dataStart + (c - 2) * clusterBytes, clusterBytes));
            c = entry(c); // a free, bad or end mark ends it: none is a cluster of the data area
        }
        return out.toByteArray();
    }

    private byte[] bytes(long at, long len) throws IOException {
        return medium.bytes(offset + at, len);
    }

    /** The long-name entries before a short entry, in the order met (last part first). */
    private static final class Lfn {
        private final StringBuilder[] parts = new StringBuilder[20];
        private int checksum = -1;
        private boolean valid = true;

        void add(byte[] d, int at, boolean deleted) {
            int ordinal = d[at] & 0x1f;
            int sum = d[at + 13] & 0xff;
            if (deleted || ordinal == 0 || ordinal >= parts.length || (checksum >= 0 && checksum != sum)) {
                valid = false;
                return;
            }
            checksum = sum;
            StringBuilder s = new StringBuilder();
            for (int[] r : new int[][] {{1, 5}, {14, 6}, {28, 2}}) {
                for (int k = 0; k < r[1]; k++) {
                    char ch = (char) ((d[at + r[0] + 2 * k] & 0xff) | (d[at + r[0] + 2 * k + 1] & 0xff) << 8);
                    if (ch == 0 || ch == 0xffff) {
                        break;
                    }
                    s.append(ch);
                }
            }
            parts[ordinal] = s;
        }

        /** The long name when the entries before the short entry at {@code at} make one for it, else its 8.3 name. */
        String name(byte[] d, int at, boolean deleted) {
            if (valid && checksum >= 0 && !deleted && checksum == shortChecksum(d, at) && parts[1] != null) {
                StringBuilder n = new StringBuilder();
                for (int i = 1; i < parts.length && parts[i] != null; i++) {
                    n.append(parts[i]);
                }
                return n.toString();
            }
            int lower = d[at + 12] & 0xff;
            String base = shortPart(d, at, 8, (lower & 0x08) != 0);
            String ext = shortPart(d, at + 8, 3, (lower & 0x10) != 0);
            if (deleted && !base.isEmpty()) {
                base = "_" + base.substring(1); // the deleted mark replaced the first character, as TSK names it
            }
            return ext.isEmpty() ? base : base + "." + ext;
        }

        private static String shortPart(byte[] d, int at, int len, boolean lower) {
            String s = new String(d, at, len, StandardCharsets.ISO_8859_1).stripTrailing();
            return lower ? s.toLowerCase(Locale.ROOT) : s;
        }

        private static int shortChecksum(byte[] d, int at) {
            int sum = 0;
            for (int i = 0; i < 11; i++) {
                sum = (((sum & 1) << 7) + (sum >>> 1) + (d[at + i] & 0xff)) & 0xff;
            }
            return sum;
        }
    }
}
