package io.hashmatch.service.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.list.ListDelta;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A list configured {@code live-changes: false} refuses entry-by-entry changes and stays as it was; others take them. */
class WrittenWholeListTest {
    @TempDir
    Path dir;

    @Test
    void aListWrittenWholeRefusesChangesAndOthersTakeThem() throws Exception {
        ListRegistry r = new ListRegistry(
                new ListsConfiguration(List.of(), dir.toString(), false, 50, false, Duration.ZERO),
                FollowConfiguration.NONE,
                CompactionConfiguration.DEFAULTS,
                List.of(
                        new ListAccess("whole", null, null, false), // as the configuration hands it over
                        new ListAccess("open", 8, null, true),
                        new ListAccess("unsaid", 8, false, null)));
        try {
            r.start();
            r.awaitInitialLoad();
            assertThat(r.changesLive("WHOLE")).isFalse();
            assertThat(r.changesLive("open")).isTrue();
            assertThat(r.changesLive("unsaid")).as("default").isTrue();
            assertThat(r.changesLive("unconfigured")).as("default").isTrue();

            r.write("WHOLE", w -> w.addMd5(w.addEntry(), "ab".repeat(16)));
            ListDelta.Add add = new ListDelta.Add(null, "cd".repeat(16), "");
            assertThatThrownBy(() -> r.change("WHOLE", List.of(add)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("list 'WHOLE' is written whole by its owner (hashmatch.list-access.WHOLE.live-changes:"
                            + " false), whose next version would drop the change");
            try (ListLease lease = r.acquire()) {
                ListDelta.View changes = lease.changes("WHOLE");
                assertThat(changes == null || changes.isEmpty()).isTrue();
            }

            assertThat(r.create("open")).isTrue();
            assertThat(r.change("open", List.of(add))).containsExactly(0);
        } finally {
            r.close();
        }
    }
}
