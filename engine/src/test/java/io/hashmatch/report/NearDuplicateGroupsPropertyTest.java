package io.hashmatch.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.Gen;
import io.hashmatch.Seeds;
import io.hashmatch.hash.HashKind;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.match.MatchHit;
import io.hashmatch.scan.MediaKind;
import io.hashmatch.scan.ScannedFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Near-duplicate groups against a brute-force oracle (all pairs, then connected components). */
@ExtendWith(Seeds.Report.class)
class NearDuplicateGroupsPropertyTest {
    private static ScannedFile image(PdqHash h, int quality, boolean matched) {
        List<MatchHit> hits =
                matched ? List.of(new MatchHit("l", 0, 0, HashKind.PDQ, null, null, false, false)) : List.of();
        return new ScannedFile(
                "f",
                null,
                1,
                null,
                null,
                null,
                MediaKind.IMAGE,
                "png",
                h.toHex(),
                quality,
                8,
                8,
                null,
                null,
                hits,
                null,
                null,
                List.of());
    }

    /** Brute force: pairs within radius among candidates, components by repeated relabelling, numbered by first. */
    private static int[] oracle(List<ScannedFile> records, int radius, int minQuality) {
        int n = records.size();
        int[] label = new int[n];
        for (int i = 0; i < n; i++) {
            label[i] = i;
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i != j
                            && candidate(records.get(i), minQuality)
                            && candidate(records.get(j), minQuality)
                            && PdqHash.fromHex(records.get(i).pdq())
                                            .distance(PdqHash.fromHex(
                                                    records.get(j).pdq()))
                                    <= radius
                            && label[j] < label[i]) {
                        label[i] = label[j];
                        changed = true;
                    }
                }
            }
        }
        int[] size = new int[n];
        for (int l : label) {
            size[l]++;
        }
        int[] number = new int[n];
        int[] group = new int[n];
        int next = 0;
        for (int i = 0; i < n; i++) {
            if (size[label[i]] >= 2) {
                if (number[label[i]] == 0) {
                    number[label[i]] = ++next;
                }
                group[i] = number[label[i]];
            }
        }
        return group;
    }

    private static boolean candidate(ScannedFile f, int minQuality) {
        return f.quality() >= minQuality && !f.matched();
    }

    private static PdqHash flip(PdqHash h, Random r, int bits) {
        long[] w = {h.w0(), h.w1(), h.w2(), h.w3()};
        for (int k = 0; k < bits; k++) {
            int b = r.nextInt(256);
            w[b >> 6] ^= 1L << (b & 63);
        }
        return PdqHash.of(w[0], w[1], w[2], w[3]);
    }

    static Stream<Long> groupsEqualTheBruteForceComponents() {
        return Seeds.of("NearDuplicateGroupsPropertyTest.groupsEqualTheBruteForceComponents", 60);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void groupsEqualTheBruteForceComponents(long seed) {
        int radius = new Gen(seed).intIn(0, 24);
        Random r = new Random(seed);
        List<ScannedFile> records = new ArrayList<>();
        List<PdqHash> bases = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            bases.add(PdqHash.of(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong()));
        }
        for (int i = 0; i < 60; i++) {
            PdqHash h = flip(bases.get(r.nextInt(bases.size())), r, r.nextInt(20));
            records.add(image(h, r.nextInt(10) == 0 ? 30 : 90, r.nextInt(10) == 0));
        }
        assertThat(NearDuplicateGroups.of(records, radius, 50))
                .as("seed %d radius %d", seed, radius)
                .containsExactly(oracle(records, radius, 50));
    }

    @Test
    void aChainIsOneGroupAndMatchedOrLowQualityImagesStayOut() {
        PdqHash a = PdqHash.ZERO;
        PdqHash b = PdqHash.of(0xFFL, 0, 0, 0); // 8 from a
        PdqHash c = PdqHash.of(0xFFFFL, 0, 0, 0); // 8 from b, 16 from a
        List<ScannedFile> records = List.of(
                image(a, 90, false),
                image(b, 90, false),
                image(c, 90, false),
                image(a, 90, true),
                image(a, 20, false),
                image(PdqHash.of(-1L, -1L, 0, 0), 90, false));
        assertThat(NearDuplicateGroups.of(records, 10, 50)).containsExactly(1, 1, 1, 0, 0, 0);
        assertThatThrownBy(() -> NearDuplicateGroups.of(records, 257, 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("near-duplicate radius must be 0..256, got 257");
    }
}
