package io.hashmatch;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A seeded generator of test inputs over {@link SplittableRandom}, biased to edge cases the way the generators of a
 * property-testing library are: about one draw in {@value #EDGE_ODDS} of a number or a size is an edge (the bounds,
 * one inside them, zero; for longs also -1, 1, {@code MIN_VALUE}, {@code MAX_VALUE}), so that over a few hundred
 * tries empty and single-element lists, minimal and maximal sizes and extreme values all come up.
 */
public final class Gen {
    static final int EDGE_ODDS = 12;

    private final SplittableRandom random;

    public Gen(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public SplittableRandom random() {
        return random;
    }

    private boolean edge() {
        return random.nextInt(EDGE_ODDS) == 0;
    }

    /** An int in min..max inclusive, edges favoured. */
    public int intIn(int min, int max) {
        if (edge()) {
            int[] edges = {min, max, min + 1 <= max ? min + 1 : min, max - 1 >= min ? max - 1 : max, 0};
            int e = edges[random.nextInt(edges.length)];
            return e < min || e > max ? min : e;
        }
        return (int) (min + random.nextLong((long) max - min + 1));
    }

    /** Any long, edges favoured. */
    public long anyLong() {
        if (edge()) {
            long[] edges = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1};
            return edges[random.nextInt(edges.length)];
        }
        return random.nextLong();
    }

    /** A long in min..max inclusive, edges favoured. */
    public long longIn(long min, long max) {
        if (edge()) {
            long[] edges = {min, max, 0};
            long e = edges[random.nextInt(edges.length)];
            return e < min || e > max ? min : e;
        }
        return min + random.nextLong(max - min + 1);
    }

    /** A double in min..max, edges favoured. */
    public double doubleIn(double min, double max) {
        if (edge()) {
            return random.nextBoolean() ? min : max;
        }
        return min + random.nextDouble() * (max - min);
    }

    public boolean bool() {
        return random.nextBoolean();
    }

    /** True with probability p (null injection and the like). */
    public boolean chance(double p) {
        return random.nextDouble() < p;
    }

    public <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    /** A byte array of 0..maxSize random bytes (empty and full size favoured). */
    public byte[] bytes(int minSize, int maxSize) {
        byte[] b = new byte[intIn(minSize, maxSize)];
        random.nextBytes(b);
        return b;
    }

    /** A list of minSize..maxSize elements (bounds favoured). */
    public <T> List<T> list(int minSize, int maxSize, Supplier<T> element) {
        int n = intIn(minSize, maxSize);
        List<T> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(element.get());
        }
        return l;
    }

    /** minSize..maxSize pieces of the alphabet, joined. */
    public String join(List<String> alphabet, int minSize, int maxSize) {
        return String.join("", list(minSize, maxSize, () -> pick(alphabet)));
    }
}
