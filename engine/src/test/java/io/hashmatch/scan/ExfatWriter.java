package io.hashmatch.scan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Locale;

/**
 * Writes folders and files into an empty exFAT file system made by {@code mkfs.exfat} (exfatprogs), in memory,
 * without mounting: Debian has no tool that adds a file to an exFAT image (exfatprogs makes, checks, labels and
 * dumps; exfat-fuse and the kernel driver need a mount). Each object gets the directory entry set of the exFAT
 * specification (File 0x85, Stream Extension 0xC0 with NoFatChain, File Name 0xC1, name hash and set checksum)
 * and contiguous clusters marked in the allocation bitmap. {@link #delete} does what a driver does: it clears the
 * in-use bit of each entry of the set and frees the clusters in the bitmap, leaving the bytes. The tests check the
 * result with {@code fsck.exfat -n}, an oracle independent of this writer and of The Sleuth Kit.
 *
 * <p>ASCII names only (their up-case form is plain ASCII up-case, so the name hash needs no up-case table).
 * Timestamps are written in the local time of {@link ZoneId#systemDefault()} with no UTC offset, as the FAT family
 * stores them and as TSK reads them back.
 */
final class ExfatWriter {
    private final ByteBuffer image;
    private final int sectorSize;
    private final int clusterSize;
    private final long heapOffset;
    private final int clusterCount;
    private final int rootCluster;
    private final long bitmapOffset;

    ExfatWriter(byte[] bytes) {
        image = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (!new String(bytes, 3, 8, StandardCharsets.US_ASCII).equals("EXFAT   ")) {
            throw new IllegalArgumentException("not an exFAT boot sector");
        }
        sectorSize = 1 << image.get(108);
        clusterSize = sectorSize << image.get(109);
        heapOffset = (image.getInt(88) & 0xffffffffL) * sectorSize;
        clusterCount = image.getInt(92);
        rootCluster = image.getInt(96);
        long bitmap = -1;
        long root = clusterOffset(rootCluster);
        for (int i = 0; i < clusterSize; i += 32) {
            if ((image.get((int) root + i) & 0xff) == 0x81) {
                bitmap = clusterOffset(image.getInt((int) root + i + 20));
            }
        }
        if (bitmap < 0) {
            throw new IllegalArgumentException("no allocation bitmap entry in the root directory");
        }
        bitmapOffset = bitmap;
    }

    /** The root directory's first cluster. */
    int root() {
        return rootCluster;
    }

    long clusterOffset(int cluster) {
        return heapOffset + (long) (cluster - 2) * clusterSize;
    }

    int clusterSize() {
        return clusterSize;
    }

    /** Makes folder {@code name} in the folder at {@code parent}; returns its cluster. */
    int mkdir(int parent, String name, Instant time) {
        int cluster = allocate(1);
        for (int i = 0; i < clusterSize; i++) {
            image.put((int) clusterOffset(cluster) + i, (byte) 0);
        }
        writeSet(parent, name, 0x10, cluster, clusterSize, time, time, time);
        return cluster;
    }

    /**
     * Writes file {@code name} with {@code content} into the folder at {@code parent}; returns the byte offset of
     * its content in the file system.
     */
    long file(int parent, String name, byte[] content, Instant created, Instant modified, Instant accessed) {
        int clusters = Math.max(1, (content.length + clusterSize - 1) / clusterSize);
        int cluster = allocate(clusters);
        long at = clusterOffset(cluster);
        image.put((int) at, content);
        writeSet(parent, name, 0x20, cluster, content.length, created, modified, accessed);
        return at;
    }

    /** Deletes {@code name} from the folder at {@code parent} as a driver does; its bytes stay where they are. */
    void delete(int parent, String name) {
        int at = setAt(parent, name);
        int secondary = image.get(at + 1) & 0xff;
        int first = image.getInt(at + 32 + 20);
        long length = image.getLong(at + 32 + 24);
        for (int c = 0; c < Math.max(1, (length + clusterSize - 1) / clusterSize); c++) {
            setBit(first + c, false);
        }
        for (int e = 0; e <= secondary; e++) {
            image.put(at + 32 * e, (byte) (image.get(at + 32 * e) & 0x7f));
        }
    }

    /**
     * Makes the entry set of {@code name} in the folder at {@code parent} declare {@code length} bytes (its stream
     * extension's valid data length and data length), with its set checksum made anew, as a forged or damaged
     * entry would; its clusters stay as they are.
     */
    void declareLength(int parent, String name, long length) {
        int at = setAt(parent, name);
        int secondary = image.get(at + 1) & 0xff;
        image.putLong(at + 32 + 8, length).putLong(at + 32 + 24, length);
        image.putShort(at + 2, setChecksum(at, 32 * (secondary + 1)));
    }

    /** The byte offset of the entry set of {@code name}, in use, in the folder at {@code parent}'s single cluster. */
    private int setAt(int parent, String name) {
        long dir = clusterOffset(parent);
        for (int i = 0; i < clusterSize; i += 32) {
            int at = (int) dir + i;
            if ((image.get(at) & 0xff) == 0x85 && name.equals(nameAt(at, image.get(at + 1) & 0xff))) {
                return at;
            }
        }
        throw new IllegalArgumentException("no " + name);
    }

    /** The entry set checksum of the {@code length} bytes at {@code at}: all but the checksum's own two bytes. */
    private short setChecksum(int at, int length) {
        int sum = 0;
        for (int i = 0; i < length; i++) {
            if (i != 2 && i != 3) {
                sum = (((sum & 1) != 0 ? 0x8000 : 0) + (sum >>> 1) + (image.get(at + i) & 0xff)) & 0xffff;
            }
        }
        return (short) sum;
    }

    private String nameAt(int at, int secondary) {
        int length = image.get(at + 32 + 3) & 0xff;
        StringBuilder s = new StringBuilder();
        for (int e = 2; e <= secondary && s.length() < length; e++) {
            for (int k = 0; k < 15 && s.length() < length; k++) {
                s.append(image.getChar(at + 32 * e + 2 + 2 * k));
            }
        }
        return s.toString();
    }

    private void writeSet(
            int parent,
            String name,
            int attributes,
            int firstCluster,
            long length,
            Instant created,
            Instant modified,
            Instant accessed) {
        if (!name.equals(name.toUpperCase(Locale.ROOT))
                || !StandardCharsets.US_ASCII.newEncoder().canEncode(name)) {
            throw new IllegalArgumentException("upper-case ASCII names only: " + name);
        }
        int nameEntries = (name.length() + 14) / 15;
        ByteBuffer set = ByteBuffer.allocate(32 * (2 + nameEntries)).order(ByteOrder.LITTLE_ENDIAN);
        set.put(0, (byte) 0x85).put(1, (byte) (1 + nameEntries)).putShort(4, (short) attributes);
        set.putInt(8, dosTime(created)).putInt(12, dosTime(modified)).putInt(16, dosTime(accessed));
        set.put(20, centiseconds(created)).put(21, centiseconds(modified));
        set.put(32, (byte) 0xc0).put(33, (byte) 0x03); // AllocationPossible | NoFatChain
        set.put(35, (byte) name.length()).putShort(36, nameHash(name));
        set.putLong(40, length).putInt(52, firstCluster).putLong(56, length);
        for (int i = 0; i < name.length(); i++) {
            int entry = 2 + i / 15;
            if (i % 15 == 0) {
                set.put(32 * entry, (byte) 0xc1);
            }
            set.putChar(32 * entry + 2 + 2 * (i % 15), name.charAt(i));
        }
        int at = (int) freeSlot(parent, set.capacity() / 32);
        image.put(at, set.array());
        image.putShort(at + 2, setChecksum(at, set.capacity()));
    }

    /** The first run of {@code entries} unused entries (type 0x00) in the folder's single cluster. */
    private long freeSlot(int parent, int entries) {
        long dir = clusterOffset(parent);
        int run = 0;
        for (int i = 0; i < clusterSize; i += 32) {
            run = image.get((int) dir + i) == 0 ? run + 1 : 0;
            if (run == entries) {
                return dir + i - 32L * (entries - 1);
            }
        }
        throw new IllegalStateException("folder full");
    }

    private static short nameHash(String upper) {
        int hash = 0;
        for (char c : upper.toCharArray()) {
            hash = (((hash & 1) != 0 ? 0x8000 : 0) + (hash >>> 1) + (c & 0xff)) & 0xffff;
            hash = (((hash & 1) != 0 ? 0x8000 : 0) + (hash >>> 1) + (c >>> 8)) & 0xffff;
        }
        return (short) hash;
    }

    private static int dosTime(Instant t) {
        LocalDateTime l = LocalDateTime.ofInstant(t, ZoneId.systemDefault());
        return (l.getYear() - 1980) << 25
                | l.getMonthValue() << 21
                | l.getDayOfMonth() << 16
                | l.getHour() << 11
                | l.getMinute() << 5
                | l.getSecond() / 2;
    }

    private static byte centiseconds(Instant t) {
        LocalDateTime l = LocalDateTime.ofInstant(t, ZoneId.systemDefault());
        return (byte) ((l.getSecond() % 2) * 100 + l.getNano() / 10_000_000);
    }

    /** The first run of {@code n} free clusters, marked used. */
    private int allocate(int n) {
        int run = 0;
        for (int c = 2; c < clusterCount + 2; c++) {
            run = bit(c) ? 0 : run + 1;
            if (run == n) {
                int first = c - n + 1;
                for (int k = first; k <= c; k++) {
                    setBit(k, true);
                }
                return first;
            }
        }
        throw new IllegalStateException("no " + n + " free clusters");
    }

    private boolean bit(int cluster) {
        int i = cluster - 2;
        return (image.get((int) bitmapOffset + i / 8) & (1 << (i % 8))) != 0;
    }

    private void setBit(int cluster, boolean used) {
        int i = cluster - 2;
        int at = (int) bitmapOffset + i / 8;
        int b = image.get(at);
        image.put(at, (byte) (used ? b | (1 << (i % 8)) : b & ~(1 << (i % 8))));
    }
}
