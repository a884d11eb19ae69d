package io.hashmatch.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PdqHashTest {

    @Provide
    Arbitrary<PdqHash> hashes() {
        Arbitrary<Long> w = Arbitraries.longs();
        return net.jqwik.api.Combinators.combine(w, w, w, w).as(PdqHash::of);
    }

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

    @Property
    void hexRoundTrips(@ForAll("hashes") PdqHash h) {
        assertThat(PdqHash.fromHex(h.toHex())).isEqualTo(h);
        assertThat(PdqHash.fromHex(h.toHex().toUpperCase(Locale.ROOT))).isEqualTo(h);
    }

    @Property
    void hexFollowsTheReferenceWordOrder(@ForAll("hashes") PdqHash h) {
        assertThat(h.toHex()).isEqualTo(referenceHex(h)).hasSize(64);
    }

    @Property
    void distanceIsAMetric(@ForAll("hashes") PdqHash a, @ForAll("hashes") PdqHash b, @ForAll("hashes") PdqHash c) {
        assertThat(a.distance(a)).isZero();
        assertThat(a.distance(b)).isEqualTo(b.distance(a)).isBetween(0, 256);
        assertThat(a.distance(c)).isLessThanOrEqualTo(a.distance(b) + b.distance(c));
    }

    @Property
    void flippingOneBitMovesDistanceByOne(@ForAll("hashes") PdqHash a, @ForAll @IntRange(min = 0, max = 255) int k) {
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
