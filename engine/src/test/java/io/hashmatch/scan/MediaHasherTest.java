package io.hashmatch.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.decode.DecodeError;
import io.hashmatch.hash.FileHasher;
import io.hashmatch.video.VideoHash;
import io.hashmatch.video.VideoHasher;
import io.hashmatch.video.VideoLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One detector, one hashing path: a file is a video for {@code hashmatch hash} ({@link MediaHasher#hash(Path)}),
 * for an upload ({@link MediaHasher#hash(byte[])}) and for a scan exactly when FFmpeg can decode it as one. Pinned
 * on the two cases the detectors once disagreed on: an Ogg file (FFmpeg decodes VP8 and Theora in Ogg: a video)
 * and an ISO base media file of brand {@code hevx} (an HEVC image sequence, which FFmpeg's MOV demuxer reads as
 * a track: a video), against a still-image brand ({@code heic}: not a video, whatever its boxes hold).
 */
class MediaHasherTest {
    private static final Path MP4 = Path.of("src/test/resources/vpdq/videos/v1_testsrc2_320x240_25fps_10s.mp4");

    @TempDir
    static Path dir;

    static Path ogg;
    static Path hevx;
    static Path heic;

    @BeforeAll
    static void makeFiles() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        ogg = tree.resolve("clip.bin");
        // 20 frames of the fixture at 160x120 as VP8 in Ogg (the FFmpeg build has no Theora encoder)
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(MP4.toFile());
                FFmpegFrameRecorder r = new FFmpegFrameRecorder(ogg.toFile(), 160, 120)) {
            g.start();
            r.setFormat("ogg");
            r.setVideoCodecName("libvpx");
            r.setFrameRate(5);
            r.start();
            Frame f;
            for (int i = 0; i < 20 && (f = g.grabImage()) != null; i++) {
                r.record(f);
            }
            r.stop();
        }
        hevx = tree.resolve("sequence.bin");
        heic = tree.resolve("still.bin");
        Files.write(hevx, withMajorBrand(Files.readAllBytes(MP4), "hevx"));
        Files.write(heic, withMajorBrand(Files.readAllBytes(MP4), "heic"));
    }

    private static byte[] withMajorBrand(byte[] isoBmff, String brand) {
        byte[] b = isoBmff.clone();
        assertThat(new String(b, 4, 4, StandardCharsets.ISO_8859_1)).isEqualTo("ftyp");
        System.arraycopy(brand.getBytes(StandardCharsets.ISO_8859_1), 0, b, 8, 4);
        return b;
    }

    private static MediaHasher media() {
        return new MediaHasher(
                FileHasher.newBuilder().build(), true, VideoHasher.DEFAULT_SECONDS_PER_HASH, VideoLimits.DEFAULT);
    }

    @Test
    void oggAndHevxAreVideosForHashUploadAndScanAlikeAndHeicIsNot() throws Exception {
        MediaHasher media = media();
        Map<String, ScannedFile> scanned = scan();
        for (Path video : List.of(ogg, hevx)) {
            VideoHash expected = new VideoHasher().hash(video, VideoLimits.DEFAULT);
            assertThat(expected.frames()).as("FFmpeg decodes %s", video).isNotEmpty();
            for (MediaHashes m : List.of(media.hash(video), media.hash(Files.readAllBytes(video)))) {
                assertThat(m.kind()).as("%s", video).isEqualTo(MediaKind.VIDEO);
                assertThat(m.video().container()).isEqualTo(video == ogg ? "ogg" : "mp4");
                assertThat(m.video().errorCode()).isNull();
                assertThat(m.video().hash().frames()).isEqualTo(expected.frames());
            }
            ScannedFile f = scanned.get(video.toString());
            assertThat(f.kind()).as("scan of %s", video).isEqualTo(MediaKind.VIDEO);
            assertThat(f.error()).isNull();
            assertThat(f.video().frames()).isEqualTo(expected.frames());
        }
        for (MediaHashes m : List.of(media.hash(heic), media.hash(Files.readAllBytes(heic)))) {
            assertThat(m.kind()).isEqualTo(MediaKind.OTHER);
            assertThat(m.video()).isNull();
            assertThat(m.file().error()).isEqualTo(DecodeError.UNSUPPORTED_FORMAT);
        }
        assertThat(scanned.get(heic.toString()).kind()).isEqualTo(MediaKind.OTHER);
    }

    @Test
    void withoutVideoHashingAVideoKeepsItsKindAndExactHashesOnly() throws Exception {
        MediaHasher media = new MediaHasher(
                FileHasher.newBuilder().build(), false, VideoHasher.DEFAULT_SECONDS_PER_HASH, VideoLimits.DEFAULT);
        MediaHashes m = media.hash(ogg);
        assertThat(m.kind()).isEqualTo(MediaKind.VIDEO);
        assertThat(m.video()).isEqualTo(new MediaHashes.Video("ogg", null, null, null));
        assertThat(m.file().exact()).isNotNull();
    }

    @Test
    void aVideoThatFailsToDecodeGetsItsTypedError() {
        byte[] truncated = new byte[4096];
        byte[] mp4;
        try {
            mp4 = Files.readAllBytes(MP4);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        System.arraycopy(mp4, 0, truncated, 0, truncated.length);
        MediaHashes m = media().hash(truncated);
        assertThat(m.kind()).isEqualTo(MediaKind.VIDEO);
        assertThat(m.video().hash()).isNull();
        assertThat(m.video().errorCode()).isNotNull().isNotEqualTo(ScanError.INTERNAL_ERROR.code());
    }

    private static Map<String, ScannedFile> scan() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        ScanResult r = Scanner.newBuilder()
                .hasher(FileHasher.newBuilder().build())
                .journal(out.resolve("journal.jsonl"))
                .threads(2)
                .build()
                .run(List.of(dir.resolve("tree")));
        return r.records().stream().collect(Collectors.toMap(ScannedFile::path, f -> f));
    }
}
