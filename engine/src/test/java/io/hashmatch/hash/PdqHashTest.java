package io.hashmatch.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.Gen;
import io.hashmatch.Seeds;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(Seeds.Report.class)
class PdqHashTest {

    /** Independent formatting: the reference's sixteen 16-bit words, printed %04x from word 15 down. */
    private static String referenceHex(PdqHash h) {
        StringBuilder sb = new StringBuilder();
        for (int word = 15; word >= 0; word--) {
            int value = 0;
            for (int bit = 0; bit < 16; bit++) {
                if (h.bit(word * 16 + bit)) {
                    value |= 1 << bit;
                }
            }
            sb.append(String.format(Locale.ROOT, "%04x", value));
        }
        return sb.toString();
    }

    static Stream<Long> hexRoundTrips() {
        return Seeds.of("PdqHashTest.hexRoundTrips", 1000);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void hexRoundTrips(long seed) {
        PdqHash h = PdqHashGen.hash(new Gen(seed));
        assertThat(PdqHash.fromHex(h.toHex())).isEqualTo(h);
        assertThat(PdqHash.fromHex(h.toHex().toUpperCase(Locale.ROOT))).isEqualTo(h);
    }

    static Stream<Long> hexFollowsTheReferenceWordOrder() {
        return Seeds.of("PdqHashTest.hexFollowsTheReferenceWordOrder", 1000);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void hexFollowsTheReferenceWordOrder(long seed) {
        PdqHash h = PdqHashGen.hash(new Gen(seed));
        assertThat(h.toHex()).isEqualTo(referenceHex(h)).hasSize(64);
    }

    static Stream<Long> distanceIsAMetric() {
        return Seeds.of("PdqHashTest.distanceIsAMetric", 1000);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void distanceIsAMetric(long seed) {
        Gen g = new Gen(seed);
        PdqHash a = PdqHashGen.hash(g);
        PdqHash b = g.chance(0.05) ? a : PdqHashGen.hash(g); // equal hashes, as shrinking-library generators repeat
        PdqHash c = g.chance(0.05) ? b : PdqHashGen.hash(g);
        assertThat(a.distance(a)).isZero();
        assertThat(a.distance(b)).isEqualTo(b.distance(a)).isBetween(0, 256);
        assertThat(a.distance(c)).isLessThanOrEqualTo(a.distance(b) + b.distance(c));
    }

    static Stream<Long> flippingOneBitMovesDistanceByOne() {
        return Seeds.of("PdqHashTest.flippingOneBitMovesDistanceByOne", 1000);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void flippingOneBitMovesDistanceByOne(long seed) {
        Gen g = new Gen(seed);
        PdqHash a = PdqHashGen.hash(g);
        int k = g.intIn(0, 255);
        long[] w = {a.w0(), a.w1(), a.w2(), a.w3()};
        w[k >>> 6] ^= 1L << (k & 63);
        PdqHash b = PdqHash.of(w[0], w[1], w[2], w[3]);
        assertThat(a.distance(b)).isEqualTo(1);
        assertThat(b.bit(k)).isNotEqualTo(a.bit(k));
    }

    @Test
    void bitZeroIsTheLastHexDigitsLowBit() {
        PdqHash h = PdqHash.of(1, 0, 0, 0);
        assertThat(h.toHex()).isEqualTo("0".repeat(63) + "1");
        // DCT row 15 column 15 (bit 255) is the top bit of the first hex digit.
        assertThat(PdqHash.of(0, 0, 0, Long.MIN_VALUE).toHex()).isEqualTo("8" + "0".repeat(63));
        assertThat(PdqHash.of(0, 0, 0, 1L << 48).toHex()).isEqualTo("0001" + "0".repeat(60));
    }

    @Test
    void knownReferenceHashHasKnownDistance() {
        // Two hashes from Meta's pdq/README: 0 and all-ones differ in every bit.
        PdqHash zero = PdqHash.fromHex("0".repeat(64));
        PdqHash ones = PdqHash.fromHex("f".repeat(64));
        assertThat(zero).isEqualTo(PdqHash.ZERO);
        assertThat(zero.distance(ones)).isEqualTo(256);
        assertThat(ones.bitCount()).isEqualTo(256);
    }

    @Test
    void rejectsMalformedHex() {
        assertThatThrownBy(() -> PdqHash.fromHex("abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> PdqHash.fromHex("g" + "0".repeat(63)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position 0");
        assertThatThrownBy(() -> PdqHash.fromHex("0".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }
}
