package io.hashmatch.bench.list;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.index.BatchHitSink;
import io.hashmatch.index.HammingIndex;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.match.ListSettings;
import io.hashmatch.match.MatchLimits;
import io.hashmatch.match.MatchResult;
import io.hashmatch.match.Matcher;
import io.hashmatch.match.Query;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The engine's side of {@code bench/load/wrk-lookups.sh}: the same single-hash PDQ lookups the service answers over
 * HTTP, made in process through the {@link Matcher} the service uses (one list, distance 31, the service's default
 * request limits), so that the service's CPU per request can be divided by the engine's CPU per lookup.
 *
 * <pre>
 * LookupLoop write SNAPSHOT OUT COUNT SEED NEAR_PERCENT   # the query file: one 64-hex PDQ hash a line
 * LookupLoop loop SNAPSHOT QUERIES                       # then one number N a line on standard input
 * LookupLoop compare SNAPSHOT QUERIES ROUNDS N            # the Matcher against its bare index, alternated
 * </pre>
 *
 * <p>{@code write}: {@code COUNT} queries, seeded; {@code NEAR_PERCENT} of them are a random entry of the snapshot with
 * 1-24 random bits flipped (a hit at distance 31), the others random hashes (misses, which pay the whole search).
 *
 * <p>{@code loop}: opens the snapshot and reads lines; for each number {@code N} it makes {@code N} lookups, cycling
 * through the query file, on one thread, and prints one line: {@code lookups N cpu_us X wall_us Y hits H} (CPU and
 * wall microseconds per lookup, {@code H} queries with a hit). A driver alternates these passes with its load runs
 * while this JVM stays warm. Ends at the end of its input.
 *
 * <p>{@code compare}: {@code ROUNDS} rounds of {@code N} lookups each way, alternating which goes first: through the
 * {@link Matcher} as {@code loop} makes them, and straight through the snapshot's index ({@link HammingIndex#searchBatch}
 * of one query, hits counted), so that what the Matcher adds to the search is measured on the same mapped snapshot
 * and queries. Prints the CPU microseconds per lookup of both and their ratio per round, and checks that both found
 * the same number of hits.
 */
public final class LookupLoop {
    /** Flipped bits of a near query: at most 24, well inside distance 31. */
    static final int MAX_FLIPS = 24;

    private LookupLoop() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 6 && args[0].equals("write")) {
            write(
                    Path.of(args[1]),
                    Path.of(args[2]),
                    Integer.parseInt(args[3]),
                    Long.parseLong(args[4]),
                    Integer.parseInt(args[5]));
        } else if (args.length == 3 && args[0].equals("loop")) {
            loop(Path.of(args[1]), Path.of(args[2]), System.out);
        } else if (args.length == 5 && args[0].equals("compare")) {
            compare(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        } else {
            System.err.println("usage: LookupLoop write SNAPSHOT OUT COUNT SEED NEAR_PERCENT"
                    + " | LookupLoop loop SNAPSHOT QUERIES (then N per line on stdin)"
                    + " | LookupLoop compare SNAPSHOT QUERIES ROUNDS N");
            System.exit(2);
        }
    }

    static void write(Path snapshotFile, Path out, int count, long seed, int nearPercent) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>(count);
        try (HashListSnapshot snapshot = HashListSnapshot.openUnverified(snapshotFile)) {
            for (int i = 0; i < count; i++) {
                PdqHash h;
                if (random.nextInt(100) < nearPercent) {
                    h = snapshot.pdqHash(random.nextInt(snapshot.pdqCount()));
                    long[] w = {h.w0(), h.w1(), h.w2(), h.w3()};
                    int flips = 1 + random.nextInt(MAX_FLIPS);
                    for (int f = 0; f < flips; f++) { // distinct bits not required: the distance is at most flips
                        int bit = random.nextInt(PdqHash.BITS);
                        w[bit >>> 6] ^= 1L << (bit & 63);
                    }
                    h = PdqHash.of(w[0], w[1], w[2], w[3]);
                } else {
                    h = PdqHash.of(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
                }
                lines.add(h.toHex());
            }
        }
        Files.write(out, lines, StandardCharsets.US_ASCII);
        System.err.println("wrote " + count + " queries (seed " + seed + ", " + nearPercent + " % near) to " + out);
    }

    /** Lookups per side in a row in {@code compare}. */
    static final int BLOCK = 64;

    /** The service's defaults: hashmatch.limits.max-hits-per-query/-request/-examined. */
    static final MatchLimits LIMITS = new MatchLimits(100, 100_000, 10_000_000);

    static List<Query> readQueries(Path queryFile) throws IOException {
        List<Query> queries = new ArrayList<>();
        for (String line : Files.readAllLines(queryFile, StandardCharsets.US_ASCII)) {
            if (!line.isBlank()) {
                queries.add(Query.pdq(PdqHash.fromHex(line.strip())));
            }
        }
        return queries;
    }

    /** The matcher both modes time: the snapshot alone, default settings and minimum quality. */
    static Matcher matcher(HashListSnapshot snapshot) {
        return Matcher.newBuilder()
                .minQuality(Matcher.DEFAULT_MIN_QUALITY)
                .addList(snapshot, ListSettings.DEFAULTS)
                .build();
    }

    static void loop(Path snapshotFile, Path queryFile, PrintStream out) throws IOException {
        List<Query> queries = readQueries(queryFile);
        MatchLimits limits = LIMITS;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (HashListSnapshot snapshot = HashListSnapshot.openUnverified(snapshotFile)) {
            Matcher matcher = matcher(snapshot);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            int next = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                int n = Integer.parseInt(line.strip());
                int hits = 0;
                long cpu0 = threads.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    MatchResult r =
                            matcher.match(List.of(queries.get(next)), limits).get(0);
                    hits += r.matched() ? 1 : 0;
                    next = next + 1 == queries.size() ? 0 : next + 1;
                }
                long wall = System.nanoTime() - wall0;
                long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                out.printf(
                        Locale.ROOT,
                        "lookups %d cpu_us %.1f wall_us %.1f hits %d%n",
                        n,
                        cpu / 1e3 / n,
                        wall / 1e3 / n,
                        hits);
                out.flush();
            }
        }
    }

    static void compare(Path snapshotFile, Path queryFile, int rounds, int n) throws IOException {
        List<Query> queries = readQueries(queryFile);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (HashListSnapshot snapshot = HashListSnapshot.openUnverified(snapshotFile)) {
            Matcher matcher = matcher(snapshot);
            HammingIndex index = snapshot.index(ListSettings.DEFAULTS.maxDistance());
            long[][] words = new long[queries.size()][];
            for (int i = 0; i < words.length; i++) {
                PdqHash h = queries.get(i).pdq();
                words[i] = new long[] {h.w0(), h.w1(), h.w2(), h.w3()};
            }
            int[] hits = new int[1];
            BatchHitSink count = (query, record, distance) -> hits[0]++;
            com.sun.management.ThreadMXBean allocation = (com.sun.management.ThreadMXBean) threads;
            int half = queries.size() / 2;
            double[] ratios = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                long matcherNs = 0;
                long indexNs = 0;
                long matcherBytes = 0;
                int matched = 0;
                hits[0] = 0;
                // blocks of BLOCK lookups, alternating which side goes first; the two sides take the two halves of the
                // query file in turn, so that neither finds the other's lines in cache and both see every query
                for (int done = 0, block = 0; done < n; done += BLOCK, block++) {
                    for (int side = 0; side < 2; side++) {
                        boolean viaMatcher = (side == 0) == (block % 2 == 0);
                        int first = (done + (viaMatcher ? 0 : half)) % queries.size();
                        long cpu0 = threads.getCurrentThreadCpuTime();
                        long bytes0 = allocation.getCurrentThreadAllocatedBytes();
                        for (int i = 0; i < BLOCK; i++) {
                            int q = (first + i) % queries.size();
                            if (viaMatcher) {
                                matched += matcher.match(List.of(queries.get(q)), LIMITS)
                                        .get(0)
                                        .hits()
                                        .size();
                            } else {
                                index.searchBatch(words[q], 1, ListSettings.DEFAULTS.maxDistance(), count);
                            }
                        }
                        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                        if (viaMatcher) {
                            matcherNs += cpu;
                            matcherBytes += allocation.getCurrentThreadAllocatedBytes() - bytes0;
                        } else {
                            indexNs += cpu;
                        }
                    }
                }
                int lookups = Math.ceilDiv(n, BLOCK) * BLOCK;
                ratios[round] = (double) matcherNs / indexNs;
                System.out.printf(
                        Locale.ROOT,
                        "round %d: Matcher %.1f us (%d bytes allocated), index %.1f us CPU per lookup, ratio %.3f;"
                                + " hits %d / %d; load %s%n",
                        round,
                        matcherNs / 1e3 / lookups,
                        matcherBytes / lookups,
                        indexNs / 1e3 / lookups,
                        ratios[round],
                        matched,
                        hits[0],
                        Files.readString(Path.of("/proc/loadavg")).strip());
            }
            java.util.Arrays.sort(ratios);
            System.out.printf(Locale.ROOT, "median ratio %.3f%n", ratios[rounds / 2]);
        }
    }
}
