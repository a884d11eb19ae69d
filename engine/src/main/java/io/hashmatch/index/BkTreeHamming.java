package io.hashmatch.index;

import static io.hashmatch.index.FlatHashes.ENTRY_SHIFT;
import static io.hashmatch.index.FlatHashes.INT_LE;
import static io.hashmatch.index.FlatHashes.LONG_LE;

import io.hashmatch.hash.PdqHash;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * BK-tree (Burkhard and Keller, 1973) over Hamming distance, stored flat in breadth-first order.
 *
 * <p>Each node is one distinct hash; a child hangs off its parent by the edge "distance to the parent", and
 * no two children of a node share an edge. Entries with identical hashes (distance 0) are not chained as
 * children but grouped on one node, so a list of a million identical hashes is one node, not a million-deep
 * chain. Searching radius {@code r}: at a node at distance {@code d} from the query, only children with edge
 * in {@code [d - r, d + r]} can hold hits (triangle inequality).
 *
 * <p><b>Honest expectations.</b> In 256-bit space, distances between unrelated hashes concentrate around
 * 128 +- 8, so at PDQ's usual radius 31 the window {@code [d - 31, d + 31]} admits nearly every child: a
 * search visits most of the tree (~97% at r = 31 by the shared measurements), and costs more than a linear
 * scan because each visit is a random access. Only at radius 0-8 does it prune well. Kept for comparison
 * and for tiny radii; {@link #searchCountingVisits} reports the nodes visited.
 *
 * <p><b>Section layout</b> (version 1, little-endian, offsets from the start of the section):
 *
 * <pre>
 * offset          size            field
 *      0            32            {@link SectionHeader} (strategy code 3)
 *     32             4            int  N: number of nodes (distinct hashes), 0 for an empty list
 *     36             4            int  reserved, 0
 *     40             8            long nodesOffset    (= 64)
 *     48             8            long entriesOffset  (= 64 + 16 (N + 1))
 *     56             8            reserved, 0
 *     nodesOffset    16 (N + 1)   node records in breadth-first order, root = node 0; record i:
 *                                   +0  int entry       an entry holding this node's hash (the smallest)
 *                                   +4  int edge        distance to the parent (0 for the root)
 *                                   +8  int firstChild  children are nodes firstChild_i .. firstChild_{i+1}-1,
 *                                                       sorted by ascending edge
 *                                   +12 int firstEntry  entries with this hash are
 *                                                       entries[firstEntry_i .. firstEntry_{i+1}-1]
 *                                 record N is a sentinel: entry -1, edge 0, firstChild N, firstEntry n
 *     entriesOffset  4 n          int entries: every entry number once, grouped by node, ascending per node
 * </pre>
 *
 * <p><b>Build</b>: the tree that inserting entries 0, 1, 2, ... one by one gives (the root is entry 0), built by
 * bulk partitioning instead ({@link #link}, which also lists each node's children by edge and its duplicates), then
 * laid out in breadth-first order. Heap during the build: about 60 bytes per entry for the links and the partition
 * scratch; none after.
 *
 * <p><b>Search</b>: iterative with an explicit int stack (per-thread, grown on demand, kept between
 * searches). Thread-safe.
 */
final class BkTreeHamming implements HammingIndex {
    static final int VERSION = 1;
    static final long NODE_COUNT_OFFSET = 32;
    static final long NODES_OFFSET_FIELD = 40;
    static final long ENTRIES_OFFSET_FIELD = 48;
    static final long FIRST_NODE = 64;
    static final int NODE_BYTES = 16;
    /** Groups up to this size are partitioned by insertion sort instead of counting sort. */
    private static final int SMALL_GROUP = 48;

    private static final ThreadLocal<int[]> STACK = ThreadLocal.withInitial(() -> new int[1024]);

    private final MemorySegment hashes;
    private final MemorySegment section;
    private final int count;
    private final int nodeCount;
    private final long nodes;
    private final long entries;

    private BkTreeHamming(
            MemorySegment hashes, MemorySegment section, int count, int nodeCount, long nodes, long entries) {
        this.hashes = hashes;
        this.section = section;
        this.count = count;
        this.nodeCount = nodeCount;
        this.nodes = nodes;
        this.entries = entries;
    }

    // ---------------------------------------------------------------- build

    static MemorySegment build(MemorySegment hashes, Arena arena) {
        int n = FlatHashes.count(hashes);
        Links links = link(hashes);
        int[] edge = links.edge;
        int[] children = links.children;
        int[] childFrom = links.childFrom;
        int[] childCount = links.childCount;
        int[] dups = links.duplicates;
        int[] dupFrom = links.duplicateFrom;
        int[] dupCount = links.duplicateCount;

        // Breadth-first order: order[i] = node entry of node i.
        int nodeCount = n - links.duplicateTotal;
        int[] order = new int[nodeCount];
        int tail = 0;
        if (n > 0) {
            order[tail++] = 0;
        }
        for (int head = 0; head < tail; head++) {
            int x = order[head];
            System.arraycopy(children, childFrom[x], order, tail, childCount[x]);
            tail += childCount[x];
        }

        long entriesAt = FIRST_NODE + (long) NODE_BYTES * (nodeCount + 1);
        MemorySegment section = arena.allocate(entriesAt + 4L * n, 64);
        SectionHeader.write(section, IndexStrategy.BK_TREE, VERSION, n);
        section.set(INT_LE, NODE_COUNT_OFFSET, nodeCount);
        section.set(INT_LE, NODE_COUNT_OFFSET + 4, 0);
        section.set(LONG_LE, NODES_OFFSET_FIELD, FIRST_NODE);
        section.set(LONG_LE, ENTRIES_OFFSET_FIELD, entriesAt);
        section.set(LONG_LE, ENTRIES_OFFSET_FIELD + 8, 0L);
        int firstChild = 1;
        int firstEntry = 0;
        for (int i = 0; i < nodeCount; i++) {
            int x = order[i];
            long rec = FIRST_NODE + (long) NODE_BYTES * i;
            section.set(INT_LE, rec, x);
            section.set(INT_LE, rec + 4, edge[x]);
            section.set(INT_LE, rec + 8, firstChild);
            section.set(INT_LE, rec + 12, firstEntry);
            firstChild += childCount[x];
            section.set(INT_LE, entriesAt + 4L * firstEntry++, x); // x is smaller than its duplicates
            for (int k = dupFrom[x]; k < dupFrom[x] + dupCount[x]; k++) {
                section.set(INT_LE, entriesAt + 4L * firstEntry++, dups[k]);
            }
        }
        long sentinel = FIRST_NODE + (long) NODE_BYTES * nodeCount;
        section.set(INT_LE, sentinel, -1);
        section.set(INT_LE, sentinel + 4, 0);
        section.set(INT_LE, sentinel + 8, nodeCount);
        section.set(INT_LE, sentinel + 12, n);
        return section;
    }

    /**
     * The tree as links per entry: {@code parent[e]} (-1 for the root and duplicates), {@code edge[e]} (distance to the
     * parent), {@code sameAs[e]} (the node entry whose hash {@code e} repeats, or -1 if {@code e} is a node itself);
     * and per node entry {@code x} its children by ascending edge, {@code children[childFrom[x] ..
     * childFrom[x] + childCount[x])}, and its duplicates ascending, likewise in {@code duplicates}.
     */
    record Links(
            int[] parent,
            int[] edge,
            int[] sameAs,
            int[] children,
            int[] childFrom,
            int[] childCount,
            int[] duplicates,
            int[] duplicateFrom,
            int[] duplicateCount,
            int duplicateTotal) {}

    /**
     * Links the entries into the tree that inserting entries 0, 1, 2, ... one by one would give, by bulk
     * partitioning instead of inserts: in that tree the subtree of the child at edge {@code d} holds exactly the
     * entries at distance {@code d} from the parent that the parent's subtree holds, and its root is the smallest
     * of them (the first inserted). So: take a group of entries in ascending order, its first entry as pivot,
     * distribute the others by distance to the pivot with a stable counting sort (each bucket stays ascending),
     * link the first entry of bucket {@code d} under the pivot with edge {@code d} and bucket 0 as duplicates of
     * the pivot, and repeat on every bucket. O(n * depth) distance computations over a few sequential sweeps,
     * where inserts chase one random tree path per entry (depth ~7 at 10 M random hashes). Scratch: two int
     * arrays and two short arrays of n (12 bytes per entry) besides the links (12 bytes per entry).
     */
    static Links link(MemorySegment hashes) {
        int n = FlatHashes.count(hashes);
        int[] parent = new int[n];
        int[] edge = new int[n];
        int[] sameAs = new int[n];
        Arrays.fill(parent, -1);
        Arrays.fill(sameAs, -1);
        // Children and duplicates of each pivot, appended when its group is partitioned (each entry is a pivot once).
        int[] children = new int[n];
        int[] childFrom = new int[n];
        int[] childCount = new int[n];
        int[] duplicates = new int[n];
        int[] duplicateFrom = new int[n];
        int[] duplicateCount = new int[n];
        int childTotal = 0;
        int duplicateTotal = 0;
        if (n < 2) {
            return new Links(
                    parent,
                    edge,
                    sameAs,
                    children,
                    childFrom,
                    childCount,
                    duplicates,
                    duplicateFrom,
                    duplicateCount,
                    0);
        }
        // Groups live in ranges [from, to) of one of two arrays; a group's buckets are written to the same range of
        // the other array, so groups of one level never overlap and no copy back is needed.
        int[][] order = {new int[n], new int[n]};
        Arrays.setAll(order[0], e -> e);
        short[] distance = new short[n]; // by position in the source range
        short[] sorted = new short[n]; // by position in the destination range: the distance of each entry placed there
        int[] count = new int[FlatHashes.MAX_RADIUS + 2];
        // Pending groups, three ints each: from, to, which array.
        int[] stack = new int[3 * 64];
        int top = 0;
        stack[top++] = 0;
        stack[top++] = n;
        stack[top++] = 0;
        while (top > 0) {
            int side = stack[--top];
            int to = stack[--top];
            int from = stack[--top];
            int[] src = order[side];
            int[] dst = order[1 - side];
            int pivot = src[from];
            long at = (long) pivot << ENTRY_SHIFT;
            long p0 = hashes.get(LONG_LE, at);
            long p1 = hashes.get(LONG_LE, at + 8);
            long p2 = hashes.get(LONG_LE, at + 16);
            long p3 = hashes.get(LONG_LE, at + 24);
            int base = from + 1;
            int lo = Integer.MAX_VALUE;
            int hi = -1;
            for (int i = base; i < to; i++) {
                int d = FlatHashes.distance(hashes, src[i], p0, p1, p2, p3);
                distance[i] = (short) d;
                lo = Math.min(lo, d);
                hi = Math.max(hi, d);
            }
            if (to - base <= SMALL_GROUP) {
                // Most groups are a handful of entries deep in the tree: a stable insertion sort, not 257 counters.
                for (int i = base; i < to; i++) {
                    int e = src[i];
                    short d = distance[i];
                    int j = i - 1;
                    while (j >= base && sorted[j] > d) {
                        dst[j + 1] = dst[j];
                        sorted[j + 1] = sorted[j];
                        j--;
                    }
                    dst[j + 1] = e;
                    sorted[j + 1] = d;
                }
            } else {
                // Stable counting sort over the distances that occur (unrelated hashes: 128 +- ~20).
                Arrays.fill(count, lo, hi + 2, 0);
                for (int i = base; i < to; i++) {
                    count[distance[i] + 1]++;
                }
                count[lo] = base;
                for (int d = lo + 1; d <= hi + 1; d++) {
                    count[d] += count[d - 1];
                }
                for (int i = base; i < to; i++) {
                    int d = distance[i];
                    int k = count[d]++;
                    dst[k] = src[i];
                    sorted[k] = (short) d;
                }
            }
            // Runs of equal distance: duplicates of the pivot (0), or a child (the run's first entry) and its group.
            childFrom[pivot] = childTotal;
            duplicateFrom[pivot] = duplicateTotal;
            for (int i = base; i < to; ) {
                short d = sorted[i];
                int j = i + 1;
                while (j < to && sorted[j] == d) {
                    j++;
                }
                if (d == 0) {
                    for (int k = i; k < j; k++) {
                        sameAs[dst[k]] = pivot;
                        duplicates[duplicateTotal++] = dst[k];
                    }
                    duplicateCount[pivot] = j - i;
                } else {
                    int child = dst[i];
                    parent[child] = pivot;
                    edge[child] = d;
                    children[childTotal++] = child;
                    childCount[pivot]++;
                    if (j - i > 1) {
                        if (top + 3 > stack.length) {
                            stack = Arrays.copyOf(stack, stack.length * 2);
                        }
                        stack[top++] = i;
                        stack[top++] = j;
                        stack[top++] = 1 - side;
                    }
                }
                i = j;
            }
        }
        return new Links(
                parent,
                edge,
                sameAs,
                children,
                childFrom,
                childCount,
                duplicates,
                duplicateFrom,
                duplicateCount,
                duplicateTotal);
    }

    // ---------------------------------------------------------------- open

    static BkTreeHamming open(MemorySegment hashes, MemorySegment section) {
        int count = FlatHashes.count(hashes);
        IndexStrategy s = IndexStrategy.BK_TREE;
        SectionHeader.check(section, s, VERSION, count);
        SectionHeader.checkRange(section, s, "tree header", NODE_COUNT_OFFSET, FIRST_NODE - NODE_COUNT_OFFSET);
        int nodeCount = section.get(INT_LE, NODE_COUNT_OFFSET);
        long nodesAt = section.get(LONG_LE, NODES_OFFSET_FIELD);
        long entriesAt = section.get(LONG_LE, ENTRIES_OFFSET_FIELD);
        if (nodeCount < 0 || nodeCount > count || (count > 0 && nodeCount == 0)) {
            throw new IllegalStateException(
                    s + " index section: node count " + nodeCount + " is impossible for " + count + " entries");
        }
        SectionHeader.checkRange(section, s, "node records", nodesAt, (long) NODE_BYTES * (nodeCount + 1));
        SectionHeader.checkRange(section, s, "entry list", entriesAt, 4L * count);
        long sentinel = nodesAt + (long) NODE_BYTES * nodeCount;
        if (section.get(INT_LE, sentinel + 8) != nodeCount
                || section.get(INT_LE, sentinel + 12) != count
                || (nodeCount > 0
                        && (section.get(INT_LE, nodesAt + 8) != 1 || section.get(INT_LE, nodesAt + 12) != 0))) {
            throw new IllegalStateException(s + " index section: node records are inconsistent (sentinel or root "
                    + "offsets do not match " + nodeCount + " nodes and " + count + " entries)");
        }
        return new BkTreeHamming(hashes, section, count, nodeCount, nodesAt, entriesAt);
    }

    // ---------------------------------------------------------------- search

    @Override
    public void search(PdqHash query, int maxDistance, HitSink sink) {
        searchCountingVisits(query, maxDistance, sink);
    }

    /** Searches and returns the number of nodes visited (distance computed), for measurements. */
    long searchCountingVisits(PdqHash query, int maxDistance, HitSink sink) {
        FlatHashes.checkRadius(maxDistance);
        try {
            return search(query.w0(), query.w1(), query.w2(), query.w3(), maxDistance, sink, null, 0);
        } catch (IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw FlatHashes.corrupt(IndexStrategy.BK_TREE, e);
        }
    }

    /** Batched: one tree walk per query (the tree offers nothing to share between queries but warm caches). */
    @Override
    public void searchBatch(long[] queries, int queryCount, int maxDistance, BatchHitSink sink) {
        FlatHashes.checkBatch(queries, queryCount, maxDistance);
        try {
            for (int q = 0; q < queryCount; q++) {
                search(
                        queries[4 * q],
                        queries[4 * q + 1],
                        queries[4 * q + 2],
                        queries[4 * q + 3],
                        maxDistance,
                        null,
                        sink,
                        q);
            }
        } catch (IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw FlatHashes.corrupt(IndexStrategy.BK_TREE, e);
        }
    }

    /** Reports hits to {@code sink}, or when it is null to {@code batchSink} (then not null) as query {@code queryNumber}. */
    private long search(
            long q0,
            long q1,
            long q2,
            long q3,
            int r,
            @Nullable HitSink sink,
            @Nullable BatchHitSink batchSink,
            int queryNumber) {
        if (nodeCount == 0) {
            return 0;
        }
        MemorySegment s = section;
        int[] stack = STACK.get();
        int top = 0;
        stack[top++] = 0;
        long visited = 0;
        while (top > 0) {
            int node = stack[--top];
            long rec = nodes + (long) NODE_BYTES * node;
            int d = FlatHashes.distance(hashes, s.get(INT_LE, rec), q0, q1, q2, q3);
            visited++;
            if (d <= r) {
                int end = s.get(INT_LE, rec + NODE_BYTES + 12);
                for (int k = s.get(INT_LE, rec + 12); k < end; k++) {
                    int e = s.get(INT_LE, entries + 4L * k);
                    if (sink != null) {
                        sink.hit(e, d);
                    } else {
                        Objects.requireNonNull(batchSink).hit(queryNumber, e, d);
                    }
                }
            }
            int lo = d - r;
            int hi = d + r;
            int childEnd = s.get(INT_LE, rec + NODE_BYTES + 8);
            int firstChild = s.get(INT_LE, rec + 8);
            if (firstChild < childEnd && (firstChild <= node || childEnd > nodeCount)) {
                throw new IndexOutOfBoundsException("node " + node + " has children " + firstChild + ".."
                        + (childEnd - 1) + ", not after it in breadth-first order within " + nodeCount + " nodes");
            }
            for (int c = firstChild; c < childEnd; c++) {
                int edge = s.get(INT_LE, nodes + (long) NODE_BYTES * c + 4);
                if (edge > hi) {
                    break; // children are sorted by edge
                }
                if (edge >= lo) {
                    if (top == stack.length) {
                        stack = Arrays.copyOf(stack, stack.length * 2);
                        STACK.set(stack);
                    }
                    stack[top++] = c;
                }
            }
        }
        return visited;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public IndexStrategy strategy() {
        return IndexStrategy.BK_TREE;
    }

    /** Number of tree nodes (distinct hashes). */
    int nodeCount() {
        return nodeCount;
    }
}
