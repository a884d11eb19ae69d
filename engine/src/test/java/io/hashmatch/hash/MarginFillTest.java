package io.hashmatch.hash;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link MarginFill} on pictures whose continuation past the edges is known by construction: oblique structures
 * are carried along their direction, structures across an edge continue as they are, and a texture running along
 * an edge gives its mean.
 */
class MarginFillTest {
    private static final int W = 57;
    private static final int H = 40;
    private static final int M = 9;
    private static final int EW = W + 2 * M;

    /** The plane {@code f(x, y)} placed in an array with a margin of {@link #M} (margin left at -1). */
    private static float[] placed(java.util.function.IntBinaryOperator f) {
        float[] a = new float[EW * (H + 2 * M)];
        java.util.Arrays.fill(a, -1);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                a[(y + M) * EW + x + M] = f.applyAsInt(x, y);
            }
        }
        return a;
    }

    private static float at(float[] a, int x, int y) {
        return a[(y + M) * EW + x + M];
    }

    @Test
    void anObliqueRampIsCarriedAlongItsDirection() {
        // isophotes x + y = const: the pixel d out of the left edge lies on the one through the edge's pixel d rows
        // up, d out of the right edge on the one d rows down, d above the top on the one d columns left
        float[] a = placed((x, y) -> 30 + 2 * (x + y));
        new MarginFill().fill(a, W, H, M);
        // lines whose structure window (4 lines either side, and the next) stays inside the plane
        for (int y = MarginFill.WINDOW + 1; y < H - MarginFill.WINDOW - 1; y++) {
            for (int d = 1; d <= M; d++) {
                if (y - d >= 0) {
                    assertThat(at(a, -d, y)).as("left, row %d, %d out", y, d).isEqualTo(30f + 2 * (y - d));
                }
                if (y + d < H) {
                    assertThat(at(a, W - 1 + d, y))
                            .as("right, row %d, %d out", y, d)
                            .isEqualTo(30f + 2 * (W - 1 + y + d));
                }
            }
        }
        for (int x = MarginFill.WINDOW + 1; x < W - MarginFill.WINDOW - 1; x++) {
            for (int d = 1; d <= M && x - d >= 0; d++) {
                assertThat(at(a, x, -d)).as("top, column %d, %d out", x, d).isEqualTo(30f + 2 * (x - d));
            }
        }
    }

    @Test
    void stripesAcrossAnEdgeContinueAndStripesAlongItGiveTheirMean() {
        // vertical stripes of period 8 whose mean, 100, is also the value of the first and last columns
        int[] stripe = {100, 60, 140, 100, 60, 140, 120, 80};
        float[] a = placed((x, y) -> stripe[x % 8]);
        new MarginFill().fill(a, W, H, M);
        for (int d = 1; d <= M; d++) {
            for (int x = 0; x < W; x++) {
                // across the top and bottom edges: each column goes on
                assertThat(at(a, x, -d)).as("top, column %d, %d out", x, d).isEqualTo(stripe[x % 8]);
                assertThat(at(a, x, H - 1 + d))
                        .as("bottom, column %d, %d out", x, d)
                        .isEqualTo(stripe[x % 8]);
            }
            for (int y = 0; y < H; y++) {
                // along the left and right edges: the 8 nearest columns' mean
                assertThat(at(a, -d, y)).as("left, row %d, %d out", y, d).isEqualTo(100f);
                assertThat(at(a, W - 1 + d, y))
                        .as("right, row %d, %d out", y, d)
                        .isEqualTo(100f);
            }
        }
        // the plane itself is left as it was
        assertThat(at(a, 1, 5)).isEqualTo(60f);
    }
}
