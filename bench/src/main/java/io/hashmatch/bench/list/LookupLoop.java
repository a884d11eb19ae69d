package io.hashmatch.bench.list;

import io.hashmatch.hash.PdqHash;
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
 * </pre>
 *
 * <p>{@code write}: {@code COUNT} queries, seeded; {@code NEAR_PERCENT} of them are a random entry of the snapshot with
 * 1-24 random bits flipped (a hit at distance 31), the others random hashes (misses, which pay the whole search).
 *
 * <p>{@code loop}: opens the snapshot and reads lines; for each number {@code N} it makes {@code N} lookups, cycling
 * through the query file, on one thread, and prints one line: {@code lookups N cpu_us X wall_us Y hits H} (CPU and
 * wall microseconds per lookup, {@code H} queries with a hit). A driver alternates these passes with its load runs
 * while this JVM stays warm. Ends at the end of its input.
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
        } else {
            System.err.println("usage: LookupLoop write SNAPSHOT OUT COUNT SEED NEAR_PERCENT"
                    + " | LookupLoop loop SNAPSHOT QUERIES (then N per line on stdin)");
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

    static void loop(Path snapshotFile, Path queryFile, PrintStream out) throws IOException {
        List<Query> queries = new ArrayList<>();
        for (String line : Files.readAllLines(queryFile, StandardCharsets.US_ASCII)) {
            if (!line.isBlank()) {
                queries.add(Query.pdq(PdqHash.fromHex(line.strip())));
            }
        }
        // the service's defaults: hashmatch.min-quality and hashmatch.limits.max-hits-per-query/-request/-examined
        MatchLimits limits = new MatchLimits(100, 100_000, 10_000_000);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (HashListSnapshot snapshot = HashListSnapshot.openUnverified(snapshotFile)) {
            Matcher matcher = Matcher.newBuilder()
                    .minQuality(Matcher.DEFAULT_MIN_QUALITY)
                    .addList(snapshot, ListSettings.DEFAULTS)
                    .build();
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
}
