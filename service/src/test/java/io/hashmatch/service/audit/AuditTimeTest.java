package io.hashmatch.service.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The audit line's time is {@link Instant#toString()} to the character, whatever its fraction and year. */
class AuditTimeTest {
    @Test
    void fractionsOfEveryWidth() {
        for (String s : new String[] {
            "2026-12-07T02:54:26Z",
            "2026-12-07T02:54:26.100Z",
            "2026-12-07T02:54:26.000100Z",
            "2026-12-07T02:54:26.000000001Z",
            "2026-12-07T02:54:26.999999999Z",
            "1969-12-31T23:59:59.500Z",
            "+10000-01-01T00:00:00.123456Z",
            "0001-01-01T00:00:00Z"
        }) {
            Instant t = Instant.parse(s);
            assertThat(AuditTime.format(t)).isEqualTo(t.toString()).isEqualTo(s);
        }
    }

    /** Seeded instants in runs within one second and across seconds, as a busy service asks for them. */
    @Test
    void sameAsInstantToString() {
        long seed = 20_261_207L;
        SplittableRandom random = new SplittableRandom(seed);
        long second = 1_796_000_000L;
        for (int i = 0; i < 100_000; i++) {
            if (random.nextInt(8) == 0) {
                second = random.nextLong(-62_000_000_000L, 250_000_000_000L);
            }
            int nano =
                    switch (random.nextInt(4)) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1000;
                        default -> random.nextInt(1_000_000_000);
                    };
            Instant t = Instant.ofEpochSecond(second, nano);
            assertThat(AuditTime.format(t)).as("seed %d, %s", seed, t).isEqualTo(t.toString());
        }
    }
}
