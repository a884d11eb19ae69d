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
    /** D transposed, a row per n: {@code DCT_T[n][k] = D[k][n]}. */
    private static final float[][] DCT_T = new float[N][K];

    static {
        float scale = (float) Math.sqrt(2.0 / N);
        for (int k = 0; k < K; k++) {
            for (int n = 0; n < N; n++) {
                DCT[k * N + n] = (float) (scale * Math.cos((Math.PI / 2.0 / N) * (k + 1) * (2 * n + 1)));
                DCT_T[n][k] = DCT[k * N + n];
            }
        }
    }

    /** T = D A, one array per row. */
    private final float[][] t = new float[K][N];
    /** B, one array per row. */
    private final float[][] bRows = new float[K][K];
    /** The row of A being added into T. */
    private final float[] aRow = new float[N];

    private final float[] ranked = new float[K * K];
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
     * increasing k, from 0. Both products run k outside and four output rows at a time, each row in its own array,
     * the columns inside: the JIT vectorises such a loop (one array per accumulator, the same index in each; about
     * twice as fast as one row at a time), and every output still sees the same additions in the same order.
     */
    void dct(float[] a, float[] b) {
        for (float[] row : t) {
            Arrays.fill(row, 0f);
        }
        for (int k = 0; k < N; k++) {
            System.arraycopy(a, k * N, aRow, 0, N);
            float[] ak = aRow;
            for (int i = 0; i < K; i += 4) {
                float d0 = DCT[i * N + k];
                float d1 = DCT[(i + 1) * N + k];
                float d2 = DCT[(i + 2) * N + k];
                float d3 = DCT[(i + 3) * N + k];
                float[] t0 = t[i];
                float[] t1 = t[i + 1];
                float[] t2 = t[i + 2];
                float[] t3 = t[i + 3];
                for (int j = 0; j < N; j++) {
                    float v = ak[j];
                    t0[j] += d0 * v;
                    t1[j] += d1 * v;
                    t2[j] += d2 * v;
                    t3[j] += d3 * v;
                }
            }
        }
        // B = T D^T the same way: four rows of B per pass over the rows of D^T
        for (float[] row : bRows) {
            Arrays.fill(row, 0f);
        }
        for (int i = 0; i < K; i += 4) {
            float[] t0 = t[i];
            float[] t1 = t[i + 1];
            float[] t2 = t[i + 2];
            float[] t3 = t[i + 3];
            float[] b0 = bRows[i];
            float[] b1 = bRows[i + 1];
            float[] b2 = bRows[i + 2];
            float[] b3 = bRows[i + 3];
            for (int k = 0; k < N; k++) {
                float v0 = t0[k];
                float v1 = t1[k];
                float v2 = t2[k];
                float v3 = t3[k];
                float[] dk = DCT_T[k];
                for (int j = 0; j < K; j++) {
                    float d = dk[j];
                    b0[j] += v0 * d;
                    b1[j] += v1 * d;
                    b2[j] += v2 * d;
                    b3[j] += v3 * d;
                }
            }
        }
        for (int i = 0; i < K; i++) {
            System.arraycopy(bRows[i], 0, b, i * K, K);
        }
    }

    /** Bit i*16+j is set iff b[i][j] is strictly above the lower median (the 128th smallest value). */
    PdqHash toHash(float[] b) {
        System.arraycopy(b, 0, ranked, 0, K * K);
        float median = select(ranked, K * K / 2 - 1);
        return PdqHash.of(bits(b, 0, median), bits(b, 64, median), bits(b, 128, median), bits(b, 192, median));
    }

    /**
     * The value of rank {@code rank} (0-based, ascending) of {@code v}, which is reordered: what a sort would put at
     * that index, found by partitioning around the median of three (Hoare), only the part holding the rank kept. Equal
     * values (0 and -0 among them) may swap, which {@link #bits} cannot tell apart.
     */
    static float select(float[] v, int rank) {
        int lo = 0;
        int hi = v.length - 1;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            float a = v[lo];
            float b = v[mid];
            float c = v[hi];
            float pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (v[i] < pivot) {
                    i++;
                }
                while (v[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float x = v[i];
                    v[i] = v[j];
                    v[j] = x;
                    i++;
                    j--;
                }
            }
            if (rank <= j) {
                hi = j;
            } else if (rank >= i) {
                lo = i;
            } else {
                return v[rank];
            }
        }
        return v[rank];
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
