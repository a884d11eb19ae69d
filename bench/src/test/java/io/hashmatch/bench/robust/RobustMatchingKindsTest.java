package io.hashmatch.bench.robust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RobustMatchingKindsTest {
    @Test
    void noKindsMeansEveryEdit() {
        assertThat(RobustMatching.kinds(null)).containsExactly(EditKind.values());
        assertThat(RobustMatching.kinds(" ")).containsExactly(EditKind.values());
    }

    @Test
    void namedKindsInEnumOrderOnceEach() {
        assertThat(RobustMatching.kinds("watermark, MIRROR_CROP5,HALF_Q60,watermark"))
                .isEqualTo(List.of(EditKind.HALF_Q60, EditKind.WATERMARK, EditKind.MIRROR_CROP5));
    }

    @Test
    void unknownKindIsRefused() {
        assertThatThrownBy(() -> RobustMatching.kinds("MIRROR")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseCarriesTheKinds() {
        RobustMatching.Config c = RobustMatching.parse(
                new String[] {"--photos", "p", "--artwork", "a", "--work", "w", "--kinds", "CROP10"});
        assertThat(c.kinds()).containsExactly(EditKind.CROP10);
    }
}
