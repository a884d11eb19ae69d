package io.hashmatch.disk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An exFAT file system's own directory entry sets, read here for what The Sleuth Kit does not say: the files whose
 * stream extension declares more bytes than the cluster heap holds, which TSK takes for no file at all and never
 * lists (as it skips such FAT entries: {@link FatVolume}). TSK still reads every file; this only checks. Not
 * thread-safe: one per {@link DiskImage}, whose reads it uses.
 */
final class ExfatVolume {
    /** Directories walked at most, and entries read at most, so that a hostile image cannot make the walk endless. */
    private static final int MAX_DEPTH = 64;

    private static final long MAX_ENTRIES = 1 << 22;
    /** The largest directory read: the specification allows 256 MiB, a camera's folders need far less. */
    private static final int MAX_DIRECTORY = 1 << 24;

    private final FatVolume.Medium medium;
    private final long offset;
    private final long sectorBytes;
    private final long clusterBytes;
    private final long fatStart; // bytes into the file system
    private final long heapStart; // bytes into the file system
    private final long clusterCount;
    private final long rootCluster;

    private ExfatVolume(FatVolume.Medium medium, long offset, byte[] boot) {
        ByteBuffer b = ByteBuffer.wrap(boot).order(ByteOrder.LITTLE_ENDIAN);
        this.medium = medium;
        this.offset = offset;
        long sectorSize = 1L << boot[108];
        sectorBytes = sectorSize;
        clusterBytes = sectorSize << boot[109];
        fatStart = (b.getInt(80) & 0xffffffffL) * sectorSize;
        heapStart = (b.getInt(88) & 0xffffffffL) * sectorSize;
        clusterCount = b.getInt(92) & 0xffffffffL;
        rootCluster = b.getInt(96) & 0xffffffffL;
    }

    /**
     * The exFAT file system at {@code offset} of {@code medium}, or null when its boot sector is not one (or cannot be
     * read).
     */
    static @Nullable ExfatVolume at(FatVolume.Medium medium, long offset) {
        byte[] boot = medium.bootSector(offset);
        if (boot == null) {
            return null;
        }
        int sectorShift = boot[108];
        int clusterShift = boot[109];
        boolean exfat = (boot[510] & 0xff) == 0x55
                && (boot[511] & 0xff) == 0xaa
                && new String(boot, 3, 8, StandardCharsets.ISO_8859_1).equals("EXFAT   ")
                && sectorShift >= 9
                && sectorShift <= 12
                && clusterShift >= 0
                && sectorShift + clusterShift <= 25;
        return exfat ? new ExfatVolume(medium, offset, boot) : null;
    }

    /** The cluster heap's first sector, counted from the file system's start. */
    long firstDataSector() {
        return heapStart / sectorBytes;
    }

    /** Sectors per cluster. */
    long sectorsPerCluster() {
        return clusterBytes / sectorBytes;
    }

    /** Bytes of the cluster heap: no file can hold more (TSK skips an entry set that declares more). */
    long dataBytes() {
        return clusterCount * clusterBytes;
    }

    /**
     * Every file entry set, in use or deleted, in the directories reachable from the root through directory entry
     * sets in use, whose stream extension declares more bytes than the cluster heap holds ({@link #dataBytes}). Each
     * directory is read once, at most {@value #MAX_DEPTH} deep.
     *
     * @throws IOException if the root directory or the FAT cannot be read
     */
    List<FatVolume.Oversized> oversized() throws IOException {
        List<FatVolume.Oversized> out = new ArrayList<>();
        Set<Long> walked = new HashSet<>();
        Deque<Directory> todo = new ArrayDeque<>();
        todo.add(new Directory("", rootCluster, false, MAX_DIRECTORY, 0));
        long entries = 0;
        while (!todo.isEmpty()) {
            Directory d = todo.poll();
            byte[] dir = bytes(d, walked);
            for (int at = 0; at + 32 <= dir.length && entries++ < MAX_ENTRIES; at += 32) {
                int type = dir[at] & 0xff;
                if (type == 0) {
                    break; // the end of the directory
                }
                if ((type & 0x7f) != 0x05) {
                    continue; // not a file entry (0x85 in use, 0x05 deleted)
                }
                boolean deleted = type == 0x05;
                int secondary = dir[at + 1] & 0xff;
                int stream = at + 32;
                if (secondary < 2 || stream + 32 > dir.length || (dir[stream] & 0x7f) != 0x40) {
                    continue; // no stream extension: no file TSK or anyone can read
                }
                ByteBuffer e = ByteBuffer.wrap(dir).order(ByteOrder.LITTLE_ENDIAN);
                boolean directory = (e.getShort(at + 4) & 0x10) != 0;
                boolean noFatChain = (dir[stream + 1] & 0x02) != 0;
                long first = e.getInt(stream + 20) & 0xffffffffL;
                long length = e.getLong(stream + 24);
                String name = name(dir, stream, secondary, deleted);
                if (directory) {
                    if (!deleted && d.depth() < MAX_DEPTH) {
                        todo.add(new Directory(d.prefix() + name + "/", first, noFatChain, length, d.depth() + 1));
                    }
                } else if (length < 0 || length > dataBytes()) {
                    // a DataLength of 2^63 or more (a negative long) as the largest long
                    out.add(new FatVolume.Oversized(d.prefix() + name, length < 0 ? Long.MAX_VALUE : length, deleted));
                }
            }
        }
        return out;
    }

    /**
     * A directory to read: its path prefix, first cluster, whether its clusters are contiguous (the stream
     * extension's NoFatChain) rather than chained in the FAT, its declared length and depth.
     */
    private record Directory(String prefix, long first, boolean contiguous, long length, int depth) {}

    /** The name in the file name entries after the stream extension at {@code stream}: {@code NameLength} UTF-16 units. */
    private static String name(byte[] d, int stream, int secondary, boolean deleted) {
        int length = d[stream + 3] & 0xff;
        StringBuilder s = new StringBuilder(length);
        for (int e = 1; e < secondary && s.length() < length; e++) {
            int at = stream + 32 * e;
            boolean inUse = at + 32 <= d.length && (d[at] & 0x80) != 0;
            if (at + 32 > d.length || (d[at] & 0x7f) != 0x41 || inUse == deleted) {
                break; // not a file name entry of this set
            }
            for (int k = 0; k < 15 && s.length() < length; k++) {
                s.append((char) ((d[at + 2 + 2 * k] & 0xff) | (d[at + 3 + 2 * k] & 0xff) << 8));
            }
        }
        return s.toString();
    }

    /** The bytes of directory {@code d}, each cluster read once ({@code walked}), at most its declared length. */
    private byte[] bytes(Directory d, Set<Long> walked) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long limit = Math.min(d.length() < 0 ? MAX_DIRECTORY : d.length(), MAX_DIRECTORY);
        long c = d.first();
        while (c >= 2 && c < clusterCount + 2 && out.size() < limit && walked.add(c)) {
            out.write(read(heapStart + (c - 2) * clusterBytes, clusterBytes));
            c = d.contiguous() ? c + 1 : fatEntry(c); // a free, bad or end mark ends it: none is a heap cluster
        }
        return out.toByteArray();
    }

    /** Cluster {@code c}'s FAT entry. */
    private long fatEntry(long c) throws IOException {
        byte[] e = read(fatStart + 4 * c, 4);
        return e.length < 4
                ? 0
                : ByteBuffer.wrap(e).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
    }

    private byte[] read(long at, long len) throws IOException {
        return medium.bytes(offset + at, len);
    }
}
