package io.hashmatch.hash;

import java.util.Arrays;

/**
 * PDQ's steps after the 64x64 luma: quality metric, the 16x16 DCT (frequencies 1..16 only), median
 * threshold to bits, and the dihedral variants derived from the same DCT. Float arithmetic in the
 * reference's order throughout.
 *
 * <p>Matrices are flat row-major {@code float[]}: the 64x64 luma as {@code a[i * 64 + j]}, the DCT
 * output as {@code b[i * 16 + j]} (i = vertical frequency, j = horizontal).
 *
 * <p>Not thread-safe: owns scratch buffers.
 */
final class PdqDct {
    private static final int N = 64;
    private static final int K = 16;

    /**
     * D[k][n] = float(float(sqrt(2/64)) * cos(pi / 128 * (k + 1) * (2n + 1))), cosine and product in double,
     * stored as float, as the reference builds it.
     */
    private static final float[] DCT = new float[K * N];
    /** D transposed: {@code DCT_T[n * 16 + k] = D[k][n]}. */
    private static final float[] DCT_T = new float[N * K];

    static {
        float scale = (float) Math.sqrt(2.0 / N);
        for (int k = 0; k < K; k++) {
            for (int n = 0; n < N; n++) {
                DCT[k * N + n] = (float) (scale * Math.cos((Math.PI / 2.0 / N) * (k + 1) * (2 * n + 1)));
                DCT_T[n * K + k] = DCT[k * N + n];
            }
        }
    }

    private final float[] t = new float[K * N];
    private final float[] sorted = new float[K * K];
    private final float[] aux = new float[K * K];

    /**
     * Quality 0-100: the sum of quantised vertical and horizontal neighbour differences, divided by 90.
     */
    static int quality(float[] a) {
        int gradientSum = 0;
        for (int i = 0; i < N - 1; i++) {
            for (int j = 0; j < N; j++) {
                float u = a[i * N + j];
                float v = a[(i + 1) * N + j];
                gradientSum += Math.abs((int) (((u - v) * 100) / 255));
            }
        }
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N - 1; j++) {
                float u = a[i * N + j];
                float v = a[i * N + j + 1];
                gradientSum += Math.abs((int) (((u - v) * 100) / 255));
            }
        }
        return Math.min(100, gradientSum / 90);
    }

    /**
     * B = D A D^T with float accumulation in the reference's order (T = D A first): each output is the sum over k in
     * increasing k, from 0. The loops run over k outside and the output's columns inside, so each step is one
     * vectorisable pass over a row; every output still sees the same additions in the same order.
     */
    void dct(float[] a, float[] b) {
        java.util.Arrays.fill(t, 0f);
        for (int i = 0; i < K; i++) {
            int row = i * N;
            for (int k = 0; k < N; k++) {
                float d = DCT[row + k];
                int from = k * N;
                for (int j = 0; j < N; j++) {
                    t[row + j] += d * a[from + j];
                }
            }
        }
        java.util.Arrays.fill(b, 0, K * K, 0f);
        for (int i = 0; i < K; i++) {
            for (int k = 0; k < N; k++) {
                float v = t[i * N + k];
                int from = k * K;
                for (int j = 0; j < K; j++) {
                    b[i * K + j] += v * DCT_T[from + j];
                }
            }
        }
    }

    /** Bit i*16+j is set iff b[i][j] is strictly above the lower median (the 128th smallest value). */
    PdqHash toHash(float[] b) {
        System.arraycopy(b, 0, sorted, 0, K * K);
        Arrays.sort(sorted);
        float median = sorted[K * K / 2 - 1];
        return PdqHash.of(bits(b, 0, median), bits(b, 64, median), bits(b, 128, median), bits(b, 192, median));
    }

    /** Bits from..from+63 of the hash: bit k set iff b[k] > median. */
    private static long bits(float[] b, int from, float median) {
        long w = 0;
        for (int k = 0; k < 64; k++) {
            if (b[from + k] > median) {
                w |= 1L << k;
            }
        }
        return w;
    }

    /**
     * The 8 dihedral hashes from one DCT, in the reference's order: original, rotate 90, rotate 180,
     * rotate 270, flip X, flip Y, flip +1, flip -1. A flip along an axis negates the coefficients whose
     * 0-based index on that axis is even; rotations and diagonal flips also transpose.
     */
    PdqHash[] dihedral(float[] b) {
        PdqHash[] out = new PdqHash[8];
        out[0] = toHash(b);
        for (int variant = 1; variant < 8; variant++) {
            out[variant] = transformed(b, variant);
        }
        return out;
    }

    /**
     * The hash of one dihedral transform ({@code variant}, 0-7, in the order of {@link #dihedral}) of the image whose
     * DCT is {@code b}: what {@code dihedral(b)[variant]} holds, for the cost of one transform.
     */
    PdqHash transformed(float[] b, int variant) {
        if (variant == 0) {
            return toHash(b);
        }
        for (int i = 0; i < K; i++) {
            for (int j = 0; j < K; j++) {
                float v = b[i * K + j];
                switch (variant) {
                    case 1 -> aux[j * K + i] = (j & 1) != 0 ? v : -v; // rotate 90
                    case 2 -> aux[i * K + j] = ((i + j) & 1) != 0 ? -v : v; // rotate 180
                    case 3 -> aux[j * K + i] = (i & 1) != 0 ? v : -v; // rotate 270
                    case 4 -> aux[i * K + j] = (i & 1) != 0 ? v : -v; // flip X
                    case 5 -> aux[i * K + j] = (j & 1) != 0 ? v : -v; // flip Y
                    case 6 -> aux[j * K + i] = v; // flip +1 (transpose)
                    default -> aux[j * K + i] = ((i + j) & 1) != 0 ? -v : v; // flip -1 (anti-transpose)
                }
            }
        }
        return toHash(aux);
    }
}
