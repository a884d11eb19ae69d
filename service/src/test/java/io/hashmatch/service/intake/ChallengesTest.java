package io.hashmatch.service.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.service.MovableClock;
import io.hashmatch.service.http.ApiException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The proof-of-work challenges on a test clock: expiry, and how long a used one is remembered. */
class ChallengesTest {

    private static String code(Runnable r) {
        try {
            r.run();
            return "accepted";
        } catch (ApiException e) {
            return e.error().error().code();
        }
    }

    @Test
    void anExpiredChallengeIsRefusedAndAUsedOneForgottenOnlyAfterItsExpiry() {
        MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        Challenges c = new Challenges(new ProofOfWorkConfiguration(6, Duration.ofMinutes(5), 1000), clock);
        Challenges.Challenge old = c.issue();
        assertThat(old.difficulty()).isEqualTo(6);
        assertThat(old.expiresAt()).isEqualTo(clock.now.plus(Duration.ofMinutes(5)));
        Challenges.Challenge used = c.issue();
        String s = Reporter.solve(used.challenge(), 6);
        assertThat(code(() -> c.redeem(used.challenge(), s, "a"))).isEqualTo("accepted");
        assertThat(c.remembered()).isEqualTo(1);

        clock.now = clock.now.plus(Duration.ofMinutes(4));
        assertThat(code(() -> c.redeem(used.challenge(), s, "b"))).isEqualTo("challenge_replayed");
        assertThat(code(() -> c.redeem(used.challenge(), s, "a"))).isEqualTo("accepted");

        clock.now = clock.now.plus(Duration.ofMinutes(1));
        assertThat(code(() -> c.redeem(old.challenge(), Reporter.solve(old.challenge(), 6), "c")))
                .isEqualTo("challenge_expired");
        // swept once expired (a fresh challenge redeemed after the sweep interval triggers it)
        clock.now = clock.now.plus(Duration.ofSeconds(11));
        Challenges.Challenge fresh = c.issue();
        assertThat(code(() -> c.redeem(fresh.challenge(), Reporter.solve(fresh.challenge(), 6), "d")))
                .isEqualTo("accepted");
        assertThat(c.remembered()).isEqualTo(1);
    }

    @Test
    void anotherProcessesChallengeIsForgedAndFullMemoryRefuses() {
        MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        ProofOfWorkConfiguration config = new ProofOfWorkConfiguration(4, Duration.ofMinutes(5), 2);
        Challenges c = new Challenges(config, clock);
        Challenges.Challenge other = new Challenges(config, clock).issue();
        assertThat(code(() -> c.redeem(other.challenge(), Reporter.solve(other.challenge(), 4), "a")))
                .isEqualTo("challenge_forged");
        assertThat(code(() -> c.redeem("not a challenge", "0", "a"))).isEqualTo("challenge_forged");
        assertThat(code(() -> c.redeem(null, "0", "a"))).isEqualTo("challenge_missing");
        for (String id : new String[] {"a", "b"}) {
            Challenges.Challenge x = c.issue();
            assertThat(code(() -> c.redeem(x.challenge(), Reporter.solve(x.challenge(), 4), id)))
                    .isEqualTo("accepted");
        }
        Challenges.Challenge third = c.issue();
        assertThat(code(() -> c.redeem(third.challenge(), Reporter.solve(third.challenge(), 4), "c")))
                .isEqualTo("challenges_full");
    }

    @Test
    void leadingZeroBitsAreCountedFromTheFirstBytesHighBit() {
        assertThat(Challenges.leadingZeroBits(new byte[] {(byte) 0x80, 0})).isZero();
        assertThat(Challenges.leadingZeroBits(new byte[] {0x01, 0})).isEqualTo(7);
        assertThat(Challenges.leadingZeroBits(new byte[] {0, 0x10})).isEqualTo(11);
        assertThat(Challenges.leadingZeroBits(new byte[] {0, 0})).isEqualTo(16);
    }

    @Test
    void aSolutionIsShortBase36() {
        Challenges c = new Challenges(new ProofOfWorkConfiguration(0, Duration.ofMinutes(5), 10));
        Challenges.Challenge x = c.issue();
        assertThatThrownBy(() -> c.redeem(x.challenge(), "A+", "a"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("leading zero bits");
        assertThatThrownBy(() -> c.redeem(x.challenge(), "0".repeat(17), "a")).isInstanceOf(ApiException.class);
    }
}
