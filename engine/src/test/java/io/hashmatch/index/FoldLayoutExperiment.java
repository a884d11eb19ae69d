package io.hashmatch.index;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Tuning harness (not a test, not JMH): the multi-index search over its section layouts, built by the main code over
 * the same fixture (default geometry) — layout 1, what snapshot versions 1 to 3 hold (offset tables, every
 * candidate's hash read from the hash list), layout 2, what version 4 holds (offset tables, the fold array read
 * first), layout 3, what version 5 holds (slots with up to two entries inline, and the folds), layout 4, what version 6
 * holds (layout 3 with a tag of the next chunk beside every entry), and layout 5, what
 * {@link IndexStrategy#build} writes (layout 4 with the rest of the next chunk beside lone entries and postings).
 * Checks identical hits for every query, then times the layouts alternately in CPU time per query of the searching
 * thread, so the ratio holds up on a loaded machine better than a wall-clock JMH score; ratios are to the first
 * layout named. Run after {@code ./mvnw -pl engine test-compile}: {@code java -Xmx4g -cp
 * engine/target/classes:engine/target/test-classes io.hashmatch.index.FoldLayoutExperiment 10000000 [rounds]
 * [layouts, default 2,3]}
 */
final class FoldLayoutExperiment {
    private FoldLayoutExperiment() {}

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        String versions = args.length > 2 ? args[2] : "2,3";
        try (Arena arena = Arena.ofShared()) {
            LookupRace.Fixture f = LookupRace.fixture(n, arena);
            List<LookupRace.Contender> layouts = new ArrayList<>();
            for (String version : versions.split(",")) {
                int v = Integer.parseInt(version);
                long t0 = System.nanoTime();
                MemorySegment section = SectionLayouts.multiIndex(f.hashes(), arena, v);
                layouts.add(new LookupRace.Contender("layout " + v, MultiIndexHamming.open(f.hashes(), section)));
                System.out.printf(
                        "layout %d: built in %.1f s, %.1f B/entry (%d bytes)%n",
                        v, (System.nanoTime() - t0) / 1e9, section.byteSize() / (double) n, section.byteSize());
            }
            LookupRace.race(layouts, f, rounds);
        }
    }
}
