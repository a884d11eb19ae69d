package io.hashmatch;

import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Seeds for the seeded property tests: each property is a {@code @ParameterizedTest(name = "seed={0}")} over
 * {@code @MethodSource} seeds from {@link #of}, and builds its inputs from a {@link Gen} on that seed, so a case is
 * its seed and nothing else.
 *
 * <p>The seeds of a property are derived from a base seed and the property's name; the base is
 * {@value #DEFAULT_BASE} unless the system property {@code hashmatch.seed} says otherwise (to explore other inputs:
 * {@code -Dhashmatch.seed=12345}).
 *
 * <p>To rerun one failing case, take the seed from its display name ({@code [17] seed=-4242...}) and run only that
 * test with it: {@code ./mvnw -B -q -o -pl engine test -Dtest='PdqHashTest#hexRoundTrips'
 * -Dhashmatch.replay=-4242... -Dsurefire.failIfNoSpecifiedTests=false}. With {@code hashmatch.replay} set, every
 * property yields just that seed.
 *
 * <p>Classes with seeded properties carry {@code @ExtendWith(Seeds.Report.class)}: a failing case's message then
 * starts with its seed and the {@code -Dhashmatch.replay=...} that reruns it (surefire's console names cases by
 * index, not by display name).
 */
public final class Seeds {
    public static final long DEFAULT_BASE = 20261202L;

    private Seeds() {}

    /** {@code tries} seeds for the property {@code name} (e.g. "PdqHashTest.hexRoundTrips"). */
    public static Stream<Long> of(String name, int tries) {
        String replay = System.getProperty("hashmatch.replay");
        if (replay != null && !replay.isBlank()) {
            return Stream.of(Long.parseLong(replay.trim()));
        }
        long base = Long.getLong("hashmatch.seed", DEFAULT_BASE) ^ mix(name.hashCode());
        return LongStream.range(0, tries)
                .map(i -> mix(base + i * 0x9E3779B97F4A7C15L))
                .boxed();
    }

    /** SplitMix64's finaliser: neighbouring inputs give unrelated seeds. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Puts the seed of a failing case (its display name {@code seed=...}) in front of the failure's message. */
    public static final class Report implements TestExecutionExceptionHandler {
        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
            String name = context.getDisplayName();
            if (!name.startsWith("seed=")) {
                throw failure;
            }
            String seed = name.substring("seed=".length());
            AssertionError e = new AssertionError(
                    name + " (rerun: -Dtest='" + context.getRequiredTestClass().getSimpleName() + "#"
                            + context.getRequiredTestMethod().getName() + "' -Dhashmatch.replay=" + seed + "): "
                            + failure,
                    failure);
            throw e;
        }
    }
}
