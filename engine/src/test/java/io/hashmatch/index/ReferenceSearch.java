package io.hashmatch.index;

import io.hashmatch.hash.PdqHash;
import java.util.ArrayList;
import java.util.List;

/** The naive oracle: {@link PdqHash#distance} against every entry, hits sorted by {@link Hit#ORDER}. */
final class ReferenceSearch {
    private ReferenceSearch() {}

    static List<Hit> search(long[] list, PdqHash query, int maxDistance) {
        List<Hit> hits = new ArrayList<>();
        for (int e = 0; e < list.length / 4; e++) {
            int d = HashListFixture.hash(list, e).distance(query);
            if (d <= maxDistance) {
                hits.add(new Hit(e, d));
            }
        }
        hits.sort(Hit.ORDER);
        return hits;
    }

    /** Runs a batch and returns the hits per query, each sorted. */
    static List<List<Hit>> batch(HammingIndex index, long[] queries, int maxDistance) {
        int n = queries.length / 4;
        List<List<Hit>> perQuery = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            perQuery.add(new ArrayList<>());
        }
        index.searchBatch(queries, n, maxDistance, (q, e, d) -> perQuery.get(q).add(new Hit(e, d)));
        perQuery.forEach(l -> l.sort(Hit.ORDER));
        return perQuery;
    }
}
