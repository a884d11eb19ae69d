package io.hashmatch.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.SnapshotWriter;
import io.hashmatch.video.VideoMatcher;
import io.hashmatch.video.VpdqFrame;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Matcher#matchVideo(List, VideoMatcher, MatchLimits)}: a video's call budgets count its hits and the frames
 * its searches find, exactly, and fail just past them.
 *
 * <p>The list holds {@value #COPIES} copies of one video of {@value #FRAMES} random frames (random PDQ hashes are
 * about 128 bits apart, far beyond the frame distance): querying the video finds each of its frames once in every copy,
 * {@code FRAMES × COPIES} frames in all, and hits every copy.
 */
class MatcherVideoLimitsTest {
    private static final long SEED = 0x5eed_0f_71de0L;
    private static final int FRAMES = 12;
    private static final int COPIES = 5;

    @TempDir
    Path tmp;

    private static List<VpdqFrame> video(SplittableRandom random) {
        List<VpdqFrame> frames = new ArrayList<>();
        for (int f = 0; f < FRAMES; f++) {
            frames.add(new VpdqFrame(
                    f, 100, PdqHash.of(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()), f));
        }
        return frames;
    }

    @Test
    void theHitsAndTheFramesFoundAreCountedAgainstTheCallBudgets() throws Exception {
        List<VpdqFrame> video = video(new SplittableRandom(SEED));
        SnapshotWriter w = SnapshotWriter.create("videos", "1", Instant.EPOCH);
        for (int c = 0; c < COPIES; c++) {
            w.addVideo(w.addEntry(), video);
        }
        Path file = tmp.resolve("videos.hmsnap");
        w.write(file);
        try (HashListSnapshot s = HashListSnapshot.open(file)) {
            Matcher matcher = Matcher.newBuilder().addList(s).build();
            List<VideoHit> all = matcher.matchVideo(video, VideoMatcher.DEFAULT);
            assertThat(all).as("seed %d", SEED).hasSize(COPIES);

            long found = (long) FRAMES * COPIES;
            // at the budgets, and with one hit per query (which does not apply to a video): the whole answer
            assertThat(matcher.matchVideo(video, VideoMatcher.DEFAULT, new MatchLimits(1, COPIES, found)))
                    .as("seed %d", SEED)
                    .isEqualTo(all);
            assertThatThrownBy(() ->
                            matcher.matchVideo(video, VideoMatcher.DEFAULT, new MatchLimits(1, COPIES - 1, found)))
                    .as("seed %d", SEED)
                    .isInstanceOf(MatchBudgetException.class)
                    .extracting(e -> ((MatchBudgetException) e).budget())
                    .isEqualTo(MatchBudgetException.Budget.HITS);
            assertThatThrownBy(() ->
                            matcher.matchVideo(video, VideoMatcher.DEFAULT, new MatchLimits(1, COPIES, found - 1)))
                    .as("seed %d", SEED)
                    .isInstanceOf(MatchBudgetException.class)
                    .extracting(e -> ((MatchBudgetException) e).budget())
                    .isEqualTo(MatchBudgetException.Budget.EXAMINED);
        }
    }
}
