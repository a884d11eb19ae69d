package io.hashmatch.hash;

/**
 * Fills the margin around a plane with a guess of the picture beyond its edges, for {@link PdqVariant.Kind#UNCROP}
 * frames: a crop cut that content away, and PDQ of the original was made with it.
 *
 * <p>Each edge is extended line by line (rows past the left and right edges first, then the columns of the widened
 * plane past the top and bottom), from the {@value #BAND} lines nearest the edge over {@code 2 * }{@value #WINDOW}{@code
 * + 1} positions along it (the structure tensor of their differences across and along the edge):
 *
 * <ul>
 *   <li>where the picture's structures run across the edge (tree trunks reaching the top), its edge pixel is
 *       repeated outwards, as they continue;
 *   <li>where they run along the edge (grass blades beside it, bands of a sky above it), the edge line is one stripe of
 *       a texture, and the margin takes the band's mean, blurred along the edge over a width that grows with the
 *       distance from it; the two are mixed by the share of the differences along the edge;
 *   <li>where they are oblique (boards, diagonal stripes), the edge pixel is carried along their direction, the
 *       isophote of the tensor, at most {@value #MAX_SHEAR} pixels along the edge per pixel out, in proportion to how
 *       coherent the direction is.
 * </ul>
 *
 * On the benchmark's mirrored 5 % crops this brings the nearest frame 2.5 bits nearer the original on average than
 * repeating the edge pixel (which it replaces), and finds 6 more of 132 ({@code bench/RESULTS.md}).
 *
 * <p>Deterministic; stateless apart from scratch buffers. Not thread-safe.
 */
final class MarginFill {
    /** Lines nearest the edge whose structure and mean decide the margin. */
    static final int BAND = 8;
    /** Positions either side along the edge over which the structure tensor is summed. */
    static final int WINDOW = 4;
    /** Along-edge shift per pixel out beyond which a direction is taken as running along the edge. */
    static final double MAX_SHEAR = 3;
    /** Half-width of the blur along the edge of the band's mean, per pixel of distance out. */
    static final int SPREAD = 3;

    private double[] bandMean = new double[0];
    private double[] bandSums = new double[0];
    private double[] edge = new double[0];
    private double[] repeatWeight = new double[0];
    private double[] shear = new double[0];
    private double[] coherence = new double[0];

    /**
     * Fills the margin of {@code a}, a plane of {@code w x h} pixels placed at {@code (m, m)} in an array of {@code
     * (w + 2 m) x (h + 2 m)}, row after row; values stay within 0-255.
     */
    void fill(float[] a, int w, int h, int m) {
        int ew = w + 2 * m;
        // rows past the left and right edges: a line is a row, positions along the edge are rows
        fillEdges(a, h, w, m, m * ew + m, ew, 1);
        // columns past the top and bottom edges, over the widened rows
        fillEdges(a, ew, h, m, m * ew, 1, ew);
    }

    /**
     * Fills {@code m} pixels past both ends of {@code lines} lines of {@code n} pixels: pixel {@code k} of line
     * {@code l} is at {@code origin + l * lineStep + k * pixelStep}.
     */
    private void fillEdges(float[] a, int lines, int n, int m, int origin, int lineStep, int pixelStep) {
        ensure(lines);
        int band = Math.min(BAND, n - 1);
        for (int side = 0; side < 2; side++) {
            // the pixel at depth d (0 = the edge) of line l
            int first = side == 0 ? origin : origin + (n - 1) * pixelStep;
            int inward = side == 0 ? pixelStep : -pixelStep;
            int outward = -inward;
            for (int l = 0; l < lines; l++) {
                int at = first + l * lineStep;
                edge[l] = a[at];
                double s = 0;
                for (int d = 0; d < Math.min(BAND, n); d++) {
                    s += a[at + d * inward];
                }
                bandMean[l] = s / Math.min(BAND, n);
                bandSums[l + 1] = bandSums[l] + bandMean[l];
            }
            for (int l = 0; l < lines; l++) {
                tensor(a, lines, l, first, lineStep, inward, band);
            }
            for (int l = 0; l < lines; l++) {
                int at = first + l * lineStep;
                for (int d = 1; d <= m; d++) {
                    int lo = Math.max(0, l - SPREAD * d);
                    int hi = Math.min(lines - 1, l + SPREAD * d);
                    // positions past the first or last line count as that line (as the line is clamped there)
                    double sum = bandSums[hi + 1]
                            - bandSums[lo]
                            + (lo - (l - SPREAD * d)) * bandMean[0]
                            + ((l + SPREAD * d) - hi) * bandMean[lines - 1];
                    double along = sum / (2 * SPREAD * d + 1);
                    double v = repeatWeight[l] * edge[l] + (1 - repeatWeight[l]) * along;
                    if (coherence[l] > 0) {
                        double off = Math.clamp(shear[l] * d, -MAX_SHEAR * d, MAX_SHEAR * d);
                        int r0 = (int) Math.floor(off);
                        double fr = off - r0;
                        double carried = edge[Math.clamp(l + r0, 0, lines - 1)] * (1 - fr)
                                + edge[Math.clamp(l + r0 + 1, 0, lines - 1)] * fr;
                        v = coherence[l] * carried + (1 - coherence[l]) * v;
                    }
                    a[at + d * outward] = (float) Math.clamp(v, 0, 255);
                }
            }
        }
    }

    /**
     * The structure tensor of line {@code l}'s band: differences across the edge (inwards) and along it (to the
     * next line), summed over depths {@code 0 .. band - 1} and lines {@code l - WINDOW .. l + WINDOW} (clamped);
     * sets {@link #repeatWeight}, {@link #shear} and {@link #coherence} of the line.
     */
    private void tensor(float[] a, int lines, int l, int first, int lineStep, int inward, int band) {
        double jxx = 0;
        double jyy = 0;
        double jxy = 0;
        for (int r = -WINDOW; r <= WINDOW; r++) {
            int line = first + Math.clamp(l + r, 0, lines - 1) * lineStep;
            int next = first + Math.clamp(l + r + 1, 0, lines - 1) * lineStep;
            for (int d = 0; d < band; d++) {
                float c = a[line + d * inward];
                double gx = a[line + (d + 1) * inward] - c;
                double gy = a[next + d * inward] - c;
                jxx += gx * gx;
                jyy += gy * gy;
                jxy += gx * gy;
            }
        }
        repeatWeight[l] = (jyy + 1e-3) / (jxx + jyy + 2e-3);
        double tr = jxx + jyy;
        double l2 = tr / 2 - Math.sqrt(Math.max(0, tr * tr / 4 - (jxx * jyy - jxy * jxy)));
        double l1 = tr - l2;
        // the isophote: the eigenvector of the smaller eigenvalue, (across, along)
        double vx;
        double vy;
        if (Math.abs(jxy) > 1e-9) {
            vx = jxy;
            vy = l2 - jxx;
        } else if (jxx < jyy) {
            vx = 1;
            vy = 0;
        } else {
            vx = 0;
            vy = 1;
        }
        // a pixel d out lies on the isophote through the edge pixel d * vy / vx along the edge
        double t = Math.abs(vx) < 1e-9 ? Double.POSITIVE_INFINITY : vy / vx;
        shear[l] = t;
        coherence[l] = tr < 1e-6 || Math.abs(t) > MAX_SHEAR ? 0 : (l1 - l2) / (l1 + l2);
    }

    private void ensure(int lines) {
        if (edge.length < lines) {
            edge = new double[lines];
            bandMean = new double[lines];
            bandSums = new double[lines + 1];
            repeatWeight = new double[lines];
            shear = new double[lines];
            coherence = new double[lines];
        }
    }
}
