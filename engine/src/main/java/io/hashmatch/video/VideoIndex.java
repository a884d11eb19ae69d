package io.hashmatch.video;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.index.HammingIndex;
import io.hashmatch.index.IndexPlanner;
import io.hashmatch.index.IndexStrategy;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeMap;

/**
 * Many known videos, matched against a query video without comparing it to every video: all their frame
 * hashes go into one {@link HammingIndex} (the same strategies as image lists, chosen by
 * {@link IndexPlanner}), with a map from frame entry to video. A query frame's index hits name the videos
 * that can match; only those get counts, which equal {@link VideoMatcher#compare} exactly (a compared frame
 * is matched iff some kept query frame hits it, since the distance is symmetric).
 *
 * <p>Layout: frame {@code e} of the flat list belongs to video {@code entryVideo[e]}; each video's frames are
 * contiguous, from {@code videoStart[v]} to {@code videoStart[v + 1]}; {@code entryQuality[e]} is the frame's
 * quality, checked against the matcher's threshold at query time (so one index serves any threshold).
 *
 * <p>Immutable after {@link #build}; thread-safe: any number of threads may {@link #match} concurrently.
 */
public final class VideoIndex {
    private static final ValueLayout.OfLong LONG_LE =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final List<String> ids;
    private final int[] videoStart;
    private final int[] entryVideo;
    private final byte[] entryQuality;
    private final HammingIndex index;

    private VideoIndex(List<String> ids, int[] videoStart, int[] entryVideo, byte[] entryQuality, HammingIndex index) {
        this.ids = ids;
        this.videoStart = videoStart;
        this.entryVideo = entryVideo;
        this.entryQuality = entryQuality;
        this.index = index;
    }

    /**
     * Indexes the frames of {@code videos}, in a heap-independent arena freed when the index is unreachable.
     *
     * @throws IllegalArgumentException if the videos hold more than {@code Integer.MAX_VALUE / 32} frames
     */
    public static VideoIndex build(List<VideoEntry> videos) {
        long total = 0;
        for (VideoEntry v : videos) {
            total += v.frames().size();
        }
        if (total > Integer.MAX_VALUE / 32) {
            throw new IllegalArgumentException("too many frames for one video index: " + total);
        }
        int n = (int) total;
        MemorySegment hashes = Arena.ofAuto().allocate(Math.max(1, n) * 32L, 64).asSlice(0, n * 32L);
        int[] videoStart = new int[videos.size() + 1];
        int[] entryVideo = new int[n];
        byte[] entryQuality = new byte[n];
        List<String> ids = new ArrayList<>(videos.size());
        int e = 0;
        for (int v = 0; v < videos.size(); v++) {
            videoStart[v] = e;
            ids.add(videos.get(v).id());
            for (VpdqFrame f : videos.get(v).frames()) {
                PdqHash h = f.hash();
                long off = e * 32L;
                hashes.set(LONG_LE, off, h.w0());
                hashes.set(LONG_LE, off + 8, h.w1());
                hashes.set(LONG_LE, off + 16, h.w2());
                hashes.set(LONG_LE, off + 24, h.w3());
                entryVideo[e] = v;
                entryQuality[e] = (byte) f.quality();
                e++;
            }
        }
        videoStart[videos.size()] = e;
        IndexStrategy strategy = IndexPlanner.choose(VideoMatcher.DEFAULT_DISTANCE - 1, n);
        MemorySegment section = strategy.build(hashes, Arena.ofAuto());
        return new VideoIndex(List.copyOf(ids), videoStart, entryVideo, entryQuality, strategy.open(hashes, section));
    }

    /**
     * A video index over frame hashes that are already indexed, e.g. a snapshot's {@code video.frames} section
     * and its stored index section: frame entry {@code e} of {@code frameIndex} belongs to the video {@code v}
     * with {@code videoStart[v] <= e < videoStart[v + 1]} and has quality {@code qualities[e]}.
     *
     * @param ids one identifier per video, reported in {@link VideoMatch#id()}
     * @param videoStart {@code ids.size() + 1} ascending frame offsets, first 0, last {@code frameIndex.size()};
     *     not copied
     * @param qualities one quality (0..100) per frame; not copied
     * @throws IllegalArgumentException if the arrays disagree with each other or with the index
     */
    public static VideoIndex over(HammingIndex frameIndex, List<String> ids, int[] videoStart, byte[] qualities) {
        int n = frameIndex.size();
        if (videoStart.length != ids.size() + 1
                || videoStart[0] != 0
                || videoStart[ids.size()] != n
                || qualities.length != n) {
            throw new IllegalArgumentException("video offsets/qualities disagree with " + n + " indexed frames");
        }
        int[] entryVideo = new int[n];
        for (int v = 0; v < ids.size(); v++) {
            if (videoStart[v + 1] < videoStart[v]) {
                throw new IllegalArgumentException("video offsets descend at video " + v);
            }
            java.util.Arrays.fill(entryVideo, videoStart[v], videoStart[v + 1], v);
        }
        return new VideoIndex(List.copyOf(ids), videoStart, entryVideo, qualities, frameIndex);
    }

    /** Number of videos. */
    public int videoCount() {
        return ids.size();
    }

    /** Number of frames over all videos. */
    public int frameCount() {
        return entryVideo.length;
    }

    /** The strategy of the frame-hash index. */
    public IndexStrategy strategy() {
        return index.strategy();
    }

    /**
     * Every video sharing at least one matching frame with {@code query}, in list order, with the reference
     * matcher's counts and the hit decision of {@code matcher}. Videos not listed have no matching frame (both
     * percentages 0).
     */
    public List<VideoMatch> match(List<VpdqFrame> query, VideoMatcher matcher) {
        return match(query, matcher, () -> {});
    }

    /**
     * As {@link #match(List, VideoMatcher)}, telling {@code frameFound} of every frame of a known video the index
     * finds within the distance of a kept query frame (before its quality is checked), once per pair: the work of the
     * search, which a caller bounds by throwing from it (the exception ends the search and propagates).
     */
    public List<VideoMatch> match(List<VpdqFrame> query, VideoMatcher matcher, Runnable frameFound) {
        List<VpdqFrame> kept = matcher.kept(query);
        int radius = matcher.distanceThreshold() - 1;
        if (kept.isEmpty() || radius < 0) {
            return List.of();
        }
        int quality = matcher.qualityThreshold();
        TreeMap<Integer, int[]> perVideo = new TreeMap<>(); // video -> {query frames matched, last query frame}
        BitSet comparedMatched = new BitSet(entryVideo.length);
        for (int qi = 0; qi < kept.size(); qi++) {
            int queryFrame = qi;
            index.search(kept.get(qi).hash(), radius, (entry, distance) -> {
                frameFound.run();
                if ((entryQuality[entry] & 0xff) < quality) {
                    return;
                }
                int[] counts = perVideo.computeIfAbsent(entryVideo[entry], v -> new int[] {0, -1});
                if (counts[1] != queryFrame) {
                    counts[0]++;
                    counts[1] = queryFrame;
                }
                comparedMatched.set(entry);
            });
        }
        List<VideoMatch> matches = new ArrayList<>(perVideo.size());
        for (var item : perVideo.entrySet()) {
            int v = item.getKey();
            int keptFrames = 0;
            for (int e = videoStart[v]; e < videoStart[v + 1]; e++) {
                if ((entryQuality[e] & 0xff) >= quality) {
                    keptFrames++;
                }
            }
            int matched = comparedMatched.get(videoStart[v], videoStart[v + 1]).cardinality();
            VideoComparison comparison = VideoComparison.of(item.getValue()[0], kept.size(), matched, keptFrames);
            matches.add(new VideoMatch(v, ids.get(v), comparison, matcher.isHit(comparison)));
        }
        return matches;
    }
}
