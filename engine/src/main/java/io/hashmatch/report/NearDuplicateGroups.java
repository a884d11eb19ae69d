package io.hashmatch.report;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.scan.MediaKind;
import io.hashmatch.scan.ScannedFile;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Groups the images that match no list but lie within a small PDQ distance of each other, so that an analyst
 * reviews one image per group instead of every copy, crop and re-encode.
 *
 * <p><b>Rule.</b> Candidates are the records of kind {@link MediaKind#IMAGE} with a PDQ hash of quality at
 * least {@code minQuality} (low-quality hashes of flat images are all near each other) and no match. Two
 * candidates within {@code radius} are linked; a group is a connected set of two or more (single linkage: a
 * chain a–b–c is one group even if a and c are farther apart). Groups are numbered from 1 in the order of their
 * first record.
 *
 * <p><b>Why its own BK-tree.</b> The engine's index package has a BK-tree, but it is laid out inside a
 * snapshot's memory-mapped section and built once from a list; here the hashes arrive during a scan and live on
 * the heap for one grouping pass. At the small radii used (default {@value #DEFAULT_RADIUS}) a BK-tree visits a
 * small fraction of its nodes (at radius 31 it visits nearly all: see STACK.md), so a plain heap tree of a
 * few dozen lines serves better than exposing the index's internals as public API.
 *
 * <p>Stateless; thread-safe.
 */
public final class NearDuplicateGroups {
    /** Default radius: well inside PDQ's match distance of 31, so groups hold near-copies only. */
    public static final int DEFAULT_RADIUS = 10;

    private NearDuplicateGroups() {}

    /**
     * The group number of each record (0: in no group), indexed like {@code records}.
     *
     * @throws IllegalArgumentException if {@code radius} is not 0..256
     */
    public static int[] of(List<ScannedFile> records, int radius, int minQuality) {
        PdqHash.checkDistance("near-duplicate radius", radius);
        int n = records.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        BkNode root = null;
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ScannedFile f = records.get(i);
            if (f.kind() != MediaKind.IMAGE
                    || f.pdq() == null
                    || f.quality() < minQuality
                    || f.matched()
                    || !f.reviewed()) {
                continue;
            }
            PdqHash h = PdqHash.fromHex(f.pdq());
            if (root == null) {
                root = new BkNode(h, i);
                continue;
            }
            found.clear();
            root.search(h, radius, found);
            for (int j : found) {
                union(parent, i, j);
            }
            root.insert(h, i);
        }
        int[] size = new int[n];
        for (int i = 0; i < n; i++) {
            size[find(parent, i)]++;
        }
        int[] number = new int[n];
        int[] group = new int[n];
        int next = 0;
        for (int i = 0; i < n; i++) {
            int r = find(parent, i);
            if (size[r] < 2) {
                continue;
            }
            if (number[r] == 0) {
                number[r] = ++next;
            }
            group[i] = number[r];
        }
        return group;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    /**
     * A BK-tree node. Children are kept sparse (a node has few distinct child distances): parallel arrays of
     * distances and nodes, grown by doubling, so a node costs tens of bytes rather than 257 slots.
     */
    private static final class BkNode {
        final PdqHash hash;
        final int record;
        short[] distances = new short[0];
        BkNode[] children = new BkNode[0];
        int count;

        BkNode(PdqHash hash, int record) {
            this.hash = hash;
            this.record = record;
        }

        @Nullable
        BkNode child(int d) {
            for (int k = 0; k < count; k++) {
                if (distances[k] == d) {
                    return children[k];
                }
            }
            return null;
        }

        void insert(PdqHash h, int rec) {
            BkNode node = this;
            while (true) {
                int d = node.hash.distance(h);
                BkNode next = node.child(d);
                if (next == null) {
                    if (node.count == node.distances.length) {
                        int cap = Math.max(2, node.count * 2);
                        node.distances = java.util.Arrays.copyOf(node.distances, cap);
                        node.children = java.util.Arrays.copyOf(node.children, cap);
                    }
                    node.distances[node.count] = (short) d;
                    node.children[node.count++] = new BkNode(h, rec);
                    return;
                }
                node = next;
            }
        }

        void search(PdqHash h, int radius, List<Integer> out) {
            List<BkNode> stack = new ArrayList<>();
            stack.add(this);
            while (!stack.isEmpty()) {
                BkNode node = stack.remove(stack.size() - 1);
                int d = node.hash.distance(h);
                if (d <= radius) {
                    out.add(node.record);
                }
                for (int k = 0; k < node.count; k++) {
                    if (Math.abs(node.distances[k] - d) <= radius) {
                        stack.add(node.children[k]);
                    }
                }
            }
        }
    }
}
