package io.hashmatch.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PdqDctTest {
    private static final long SEED = 2611L;
    private static final float[] FEW = {0f, -0f, 1f, -1f, 2.5f};

    /** The value select finds is what a full sort puts at its rank, ties and signed zeros included. */
    @Test
    void selectFindsWhatASortPutsAtTheRank() {
        SplittableRandom r = new SplittableRandom(SEED);
        for (int round = 0; round < 500; round++) {
            int n = 1 + r.nextInt(300);
            // every third round from a few values only: long runs of ties, zeros of both signs
            int few = round % 3 == 0 ? 1 + r.nextInt(FEW.length) : 0;
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = few > 0 ? FEW[r.nextInt(few)] : (float) r.nextDouble(-1000, 1000);
            }
            float[] sorted = v.clone();
            Arrays.sort(sorted);
            int rank = r.nextInt(n);
            float got = PdqDct.select(v.clone(), rank);
            // 0 and -0 compare equal in select, as in the thresholding that uses it
            assertThat(got == sorted[rank])
                    .as(
                            "round %d: rank %d of %s: %s, sorted %s (seed %d)",
                            round, rank, Arrays.toString(v), got, sorted[rank], SEED)
                    .isTrue();
        }
    }

    /** The DCT sums each output over k in increasing order from 0, as the reference does: the brute force, one output at a time. */
    @Test
    void dctIsTheReferenceOrderOfFloatAdditions() {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        float[] d = new float[16 * 64];
        float scale = (float) Math.sqrt(2.0 / 64);
        for (int k = 0; k < 16; k++) {
            for (int n = 0; n < 64; n++) {
                d[k * 64 + n] = (float) (scale * Math.cos((Math.PI / 2.0 / 64) * (k + 1) * (2 * n + 1)));
            }
        }
        PdqDct dct = new PdqDct();
        for (int round = 0; round < 20; round++) {
            float[] a = new float[64 * 64];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextDouble(0, 255);
            }
            float[] t = new float[16 * 64];
            for (int i = 0; i < 16; i++) {
                for (int j = 0; j < 64; j++) {
                    float s = 0f;
                    for (int k = 0; k < 64; k++) {
                        s += d[i * 64 + k] * a[k * 64 + j];
                    }
                    t[i * 64 + j] = s;
                }
            }
            float[] expected = new float[16 * 16];
            for (int i = 0; i < 16; i++) {
                for (int j = 0; j < 16; j++) {
                    float s = 0f;
                    for (int k = 0; k < 64; k++) {
                        s += t[i * 64 + k] * d[j * 64 + k];
                    }
                    expected[i * 16 + j] = s;
                }
            }
            float[] b = new float[16 * 16];
            dct.dct(a, b);
            assertThat(b).as("round %d (seed %d)", round, SEED + 1).containsExactly(expected);
        }
    }
}
