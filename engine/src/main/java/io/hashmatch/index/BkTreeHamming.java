package io.hashmatch.index;

import static io.hashmatch.index.FlatHashes.ENTRY_SHIFT;
import static io.hashmatch.index.FlatHashes.INT_LE;
import static io.hashmatch.index.FlatHashes.LONG_LE;

import io.hashmatch.hash.PdqHash;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

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
 * <p><b>Build</b>: plain iterative inserts (a temporary primitive open-addressing map (node, edge) -> child
 * makes each level one lookup instead of a sibling-list walk), then counting sorts into breadth-first order.
 * Heap during the build: 12 bytes per entry plus the map's 16 bytes per slot (2 to 4 slots per entry), about
 * 64 bytes per entry at 10 M; none after.
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

  private static final ThreadLocal<int[]> STACK = ThreadLocal.withInitial(() -> new int[1024]);

  private final MemorySegment hashes;
  private final MemorySegment section;
  private final int count;
  private final int nodeCount;
  private final long nodes;
  private final long entries;

  private BkTreeHamming(MemorySegment hashes, MemorySegment section, int count, int nodeCount, long nodes,
      long entries) {
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
    int[] parent = new int[n]; // tree parent (entry number) of a node entry; -1 for the root and duplicates
    int[] edge = new int[n];
    int[] sameAs = new int[n]; // the node entry an entry duplicates, or -1 if it is a node itself
    Arrays.fill(parent, -1);
    Arrays.fill(sameAs, -1);
    ChildMap childOf = new ChildMap(n);
    for (int e = 1; e < n; e++) {
      long at = (long) e << ENTRY_SHIFT;
      long w0 = hashes.get(LONG_LE, at);
      long w1 = hashes.get(LONG_LE, at + 8);
      long w2 = hashes.get(LONG_LE, at + 16);
      long w3 = hashes.get(LONG_LE, at + 24);
      int x = 0;
      while (true) {
        int d = FlatHashes.distance(hashes, x, w0, w1, w2, w3);
        if (d == 0) {
          sameAs[e] = x;
          break;
        }
        int child = childOf.get(x, d);
        if (child < 0) {
          childOf.put(x, d, e);
          parent[e] = x;
          edge[e] = d;
          break;
        }
        x = child;
      }
    }
    childOf = null;

    // Children of each node entry, grouped by parent (CSR), then sorted by edge.
    int[] childStart = new int[n + 1];
    for (int e = 0; e < n; e++) {
      if (parent[e] >= 0) {
        childStart[parent[e] + 1]++;
      }
    }
    Arrays.parallelPrefix(childStart, Integer::sum);
    int[] children = new int[Math.max(n - 1, 0)];
    int[] cursor = Arrays.copyOf(childStart, n);
    for (int e = 0; e < n; e++) {
      if (parent[e] >= 0) {
        children[cursor[parent[e]]++] = e;
      }
    }
    cursor = null;
    for (int x = 0; x < n; x++) {
      sortByEdge(children, childStart[x], childStart[x + 1], edge);
    }
    // Duplicates of each node entry, ascending.
    int[] dupStart = new int[n + 1];
    for (int e = 0; e < n; e++) {
      if (sameAs[e] >= 0) {
        dupStart[sameAs[e] + 1]++;
      }
    }
    Arrays.parallelPrefix(dupStart, Integer::sum);
    int[] dups = new int[dupStart[n]];
    int[] dupCursor = Arrays.copyOf(dupStart, n);
    for (int e = 0; e < n; e++) {
      if (sameAs[e] >= 0) {
        dups[dupCursor[sameAs[e]]++] = e;
      }
    }
    dupCursor = null;

    // Breadth-first order: order[i] = node entry of node i.
    int nodeCount = n - dups.length;
    int[] order = new int[nodeCount];
    int tail = 0;
    if (n > 0) {
      order[tail++] = 0;
    }
    for (int head = 0; head < tail; head++) {
      int x = order[head];
      for (int c = childStart[x]; c < childStart[x + 1]; c++) {
        order[tail++] = children[c];
      }
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
      firstChild += childStart[x + 1] - childStart[x];
      section.set(INT_LE, entriesAt + 4L * firstEntry++, x); // x is smaller than its duplicates
      for (int k = dupStart[x]; k < dupStart[x + 1]; k++) {
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

  /** Insertion sort of {@code a[from..to)} by {@code edge[a[i]]}: groups have at most 256 distinct edges. */
  private static void sortByEdge(int[] a, int from, int to, int[] edge) {
    for (int i = from + 1; i < to; i++) {
      int v = a[i];
      int key = edge[v];
      int j = i - 1;
      while (j >= from && edge[a[j]] > key) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = v;
    }
  }

  /**
   * Build-time map (node entry, edge) -> child entry: open addressing with linear probing over a power-of-two
   * number of slots, each two adjacent longs in one {@code long[]}: the key {@code node * 257 + edge + 1}
   * (0 = empty) and the child. Key and value share a cache line, so a lookup at each level of an insert is
   * one cache miss, not two (separate key and value arrays cost ~25% of the build at 10 M entries).
   */
  private static final class ChildMap {
    private final long[] slots;
    private final int mask;

    ChildMap(int entries) {
      int capacity = Integer.highestOneBit(Math.max(entries, 8) * 2 - 1) << 1;
      slots = new long[2 * capacity];
      mask = capacity - 1;
    }

    private static long key(int node, int edge) {
      return (long) node * 257 + edge + 1;
    }

    private int slot(long key) {
      return (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }

    int get(int node, int edge) {
      long k = key(node, edge);
      for (int s = slot(k); ; s = (s + 1) & mask) {
        long found = slots[2 * s];
        if (found == k) {
          return (int) slots[2 * s + 1];
        }
        if (found == 0) {
          return -1;
        }
      }
    }

    void put(int node, int edge, int child) {
      long k = key(node, edge);
      int s = slot(k);
      while (slots[2 * s] != 0) {
        s = (s + 1) & mask;
      }
      slots[2 * s] = k;
      slots[2 * s + 1] = child;
    }
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
      throw new IllegalStateException(s + " index section: node count " + nodeCount + " is impossible for "
          + count + " entries");
    }
    SectionHeader.checkRange(section, s, "node records", nodesAt, (long) NODE_BYTES * (nodeCount + 1));
    SectionHeader.checkRange(section, s, "entry list", entriesAt, 4L * count);
    long sentinel = nodesAt + (long) NODE_BYTES * nodeCount;
    if (section.get(INT_LE, sentinel + 8) != nodeCount || section.get(INT_LE, sentinel + 12) != count
        || (nodeCount > 0 && (section.get(INT_LE, nodesAt + 8) != 1 || section.get(INT_LE, nodesAt + 12) != 0))) {
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
        search(queries[4 * q], queries[4 * q + 1], queries[4 * q + 2], queries[4 * q + 3], maxDistance, null,
            sink, q);
      }
    } catch (IndexOutOfBoundsException | NegativeArraySizeException e) {
      throw FlatHashes.corrupt(IndexStrategy.BK_TREE, e);
    }
  }

  private long search(long q0, long q1, long q2, long q3, int r, HitSink sink, BatchHitSink batchSink,
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
            batchSink.hit(queryNumber, e, d);
          }
        }
      }
      int lo = d - r;
      int hi = d + r;
      int childEnd = s.get(INT_LE, rec + NODE_BYTES + 8);
      int firstChild = s.get(INT_LE, rec + 8);
      if (firstChild < childEnd && (firstChild <= node || childEnd > nodeCount)) {
        throw new IndexOutOfBoundsException("node " + node + " has children " + firstChild + ".." + (childEnd - 1)
            + ", not after it in breadth-first order within " + nodeCount + " nodes");
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
