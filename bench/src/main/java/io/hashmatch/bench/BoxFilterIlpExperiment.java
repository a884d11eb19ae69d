package io.hashmatch.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Experiment behind a suggestion to the engine (not a benchmark of the engine): PDQ's row box filter (pass 1
 * of the Jarosz blur, the engine's {@code JaroszDownsampler.boxAlongRow}, copied here) is one serial float
 * chain {@code sum = (sum + in[add]) - in[sub]} per row, so it runs at the latency of two float additions per
 * pixel. Running the chains of four rows in one loop keeps each row's exact order of operations (the
 * {@link #check} setup verifies the outputs are bit-identical) while the CPU overlaps the independent chains.
 * One operation filters {@code rows} rows of {@code width} luma values with the window PDQ uses for that width.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar BoxFilterIlpExperiment -f 1 -wi 2 -w 1s -i 3 -r 2s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class BoxFilterIlpExperiment {
    @Param({"4000"})
    public int width;

    final int rows = 64;
    int w;
    int h;
    int pad;
    int stride;
    float[] in;
    float[] counts;
    float[] out;

    @Setup(Level.Trial)
    public void check() {
        w = (width + 127) / 128;
        h = (w + 2) / 2;
        pad = w + 1;
        stride = width + 2 * pad;
        in = new float[rows * stride];
        out = new float[rows * width];
        counts = new float[width];
        SplittableRandom rnd = new SplittableRandom(42);
        for (int r = 0; r < rows; r++) {
            for (int x = 0; x < width; x++) {
                int b = rnd.nextInt(256);
                int g = rnd.nextInt(256);
                int red = rnd.nextInt(256);
                in[r * stride + pad + x] = 0.299f * red + 0.587f * g + 0.114f * b;
            }
        }
        for (int o = 0; o < width; o++) {
            counts[o] = Math.min(width - 1, o + h - 1) - Math.max(0, o - (w - h)) + 1;
        }
        serial();
        float[] a = out.clone();
        interleaved4();
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(out[i])) {
                throw new AssertionError("not bit-identical at " + i);
            }
        }
    }

    @Benchmark
    public float[] serial() {
        for (int r = 0; r < rows; r++) {
            int base = r * stride + pad;
            float sum = 0f;
            int add = base + h - 1;
            int sub = base - (w - h) - 1;
            for (int o = -(h - 1); o < 0; o++) {
                sum = (sum + in[add + o]) - in[sub + o];
            }
            int outOff = r * width;
            for (int o = 0; o < width; o++) {
                sum = (sum + in[add + o]) - in[sub + o];
                out[outOff + o] = sum / counts[o];
            }
        }
        return out;
    }

    @Benchmark
    public float[] interleaved4() {
        for (int r = 0; r < rows; r += 4) {
            int b0 = r * stride + pad;
            int b1 = b0 + stride;
            int b2 = b1 + stride;
            int b3 = b2 + stride;
            int a = h - 1;
            int s = -(w - h) - 1;
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            for (int o = -(h - 1); o < 0; o++) {
                s0 = (s0 + in[b0 + a + o]) - in[b0 + s + o];
                s1 = (s1 + in[b1 + a + o]) - in[b1 + s + o];
                s2 = (s2 + in[b2 + a + o]) - in[b2 + s + o];
                s3 = (s3 + in[b3 + a + o]) - in[b3 + s + o];
            }
            int o0 = r * width;
            for (int o = 0; o < width; o++) {
                s0 = (s0 + in[b0 + a + o]) - in[b0 + s + o];
                s1 = (s1 + in[b1 + a + o]) - in[b1 + s + o];
                s2 = (s2 + in[b2 + a + o]) - in[b2 + s + o];
                s3 = (s3 + in[b3 + a + o]) - in[b3 + s + o];
                float c = counts[o];
                out[o0 + o] = s0 / c;
                out[o0 + width + o] = s1 / c;
                out[o0 + 2 * width + o] = s2 / c;
                out[o0 + 3 * width + o] = s3 / c;
            }
        }
        return out;
    }
}
