package io.hashmatch.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.hashmatch.decode.BgrPixels;
import io.hashmatch.decode.DecodedImage;
import io.hashmatch.hash.PdqVariant.Kind;
import io.hashmatch.hash.PdqVariant.Rect;
import io.hashmatch.hash.PdqVariant.Transform;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Each query-side variant kind is found on a generated example exactly at the rectangle where the photo was
 * placed, and its hash is within {@link #MAX_DISTANCE} bits of the photo's own PDQ. Most generated images are at
 * most {@link LumaPlane#MAX_SIDE} pixels (the plane is the image); the larger ones (the screenshot, the large
 * canvases, the large collage) are analysed on a reduced plane, and the found edges are snapped back to the
 * image's pixels, where the generated photos' edges are sharp: no rectangle is allowed a pixel off.
 */
class PdqVariantsTest {
    /** Bits a region's hash may differ from the photo's own: about what a half-size copy of these images differs by. */
    static final int MAX_DISTANCE = 24;
    /** Every image here is built from this seed plus a constant per case. */
    static final long SEED = 1402L;

    private static PdqResult pdq(BufferedImage img) {
        return new PdqHasher(PdqMode.FULL_RESOLUTION).hash(BgrPixels.decoded(img), true);
    }

    private static List<PdqVariant> derive(BufferedImage img, VariantPolicy policy) {
        DecodedImage image = BgrPixels.decoded(img);
        return new VariantDeriver(policy).derive(image, new PdqHasher(PdqMode.FULL_RESOLUTION).hash(image, true));
    }

    private static List<PdqVariant> originals(List<PdqVariant> variants, Kind kind) {
        return variants.stream()
                .filter(v -> v.kind() == kind && v.transform() == Transform.ORIGINAL)
                .toList();
    }

    /** Asserts that one ORIGINAL variant of {@code kind} is at {@code photo}'s place with a near hash. */
    private static void assertFound(List<PdqVariant> variants, Kind kind, Rect expected, BufferedImage photo) {
        PdqVariant v = originals(variants, kind).stream()
                .filter(c -> c.rect().equals(expected))
                .findFirst()
                .orElseThrow(() ->
                        new AssertionError("no " + kind.label() + " variant at " + expected + " (seed " + SEED + "): "
                                + originals(variants, kind).stream()
                                        .map(PdqVariant::rect)
                                        .toList()));
        PdqResult own = pdq(photo);
        assertThat(v.pdq().distance(own.hash()))
                .as("distance of the %s variant at %s to the photo's PDQ", kind.label(), v.rect())
                .isLessThanOrEqualTo(MAX_DISTANCE);
        assertThat(v.quality()).isGreaterThanOrEqualTo(VariantPolicy.DEFAULT_MIN_QUALITY);
        // all 8 transforms of the region come together, the original first
        List<PdqVariant> same = variants.stream()
                .filter(c -> c.rect().equals(v.rect()) && c.kind() == kind)
                .toList();
        assertThat(same).extracting(PdqVariant::transform).containsExactly(Transform.values());
    }

    @Test
    void trimFindsAUniformBorder() {
        BufferedImage photo = EditedImages.photo(300, 220, SEED);
        EditedImages.Edit e = EditedImages.border(photo, 30, Color.WHITE);
        assertFound(derive(e.image(), VariantPolicy.QUERY), Kind.TRIM, e.photos()[0], photo);
    }

    @Test
    void trimFindsLetterboxBars() {
        BufferedImage photo = EditedImages.photo(320, 180, SEED + 1);
        EditedImages.Edit e = EditedImages.placed(photo, 320, 320, 0, 70, Color.BLACK);
        assertFound(derive(e.image(), VariantPolicy.QUERY), Kind.TRIM, e.photos()[0], photo);
    }

    @Test
    void trimFindsPillarboxBars() {
        BufferedImage photo = EditedImages.photo(200, 300, SEED + 2);
        EditedImages.Edit e = EditedImages.placed(photo, 400, 300, 100, 0, Color.BLACK);
        assertFound(derive(e.image(), VariantPolicy.QUERY), Kind.TRIM, e.photos()[0], photo);
    }

    @Test
    void trimFindsASmallPhotoOnALargeCanvasExactly() {
        // a photo under half of both sides: every row through it is mostly canvas colour, so rows are judged only
        // once the bars left and right of it are gone; canvases over 512 pixels are analysed on a reduced plane and
        // the edges snapped back to the image's pixels, where the photo's edges are sharp: the rectangle is exact
        long seed = SEED + 20;
        SplittableRandom r = new SplittableRandom(seed);
        int[][] canvases = {{2000, 1600}, {1600, 2000}, {1200, 900}, {640, 480}, {3000, 1000}};
        Color[] colours = {Color.BLACK, new Color(128, 128, 128), Color.WHITE, new Color(30, 60, 90)};
        int[][] photos = {{512, 320}, {320, 512}, {400, 300}, {256, 256}};
        for (int i = 0; i < 12; i++) {
            int[] canvas = canvases[i % canvases.length];
            Color colour = colours[i % colours.length];
            int[] size = photos[i % photos.length];
            int pw = Math.min(size[0], canvas[0] * 2 / 5);
            int ph = Math.min(size[1], canvas[1] * 2 / 5);
            // centred for half of the cases, anywhere (at least 8 pixels from the edge) for the others
            int left = i % 2 == 0 ? (canvas[0] - pw) / 2 : 8 + r.nextInt(canvas[0] - pw - 16);
            int top = i % 2 == 0 ? (canvas[1] - ph) / 2 : 8 + r.nextInt(canvas[1] - ph - 16);
            BufferedImage photo = EditedImages.photo(pw, ph, seed + i);
            EditedImages.Edit e = EditedImages.placed(photo, canvas[0], canvas[1], left, top, colour);
            List<PdqVariant> variants = derive(e.image(), VariantPolicy.QUERY);
            assertThat(originals(variants, Kind.TRIM))
                    .as(
                            "case %d: %dx%d photo at %d,%d on a %dx%d %s canvas (seed %d)",
                            i, pw, ph, left, top, canvas[0], canvas[1], colour, seed)
                    .extracting(PdqVariant::rect)
                    .containsExactly(e.photos()[0]);
        }
    }

    @Test
    void trimRemovesTheTextBandsOfAMemeFrame() {
        BufferedImage photo = EditedImages.photo(300, 240, SEED + 3);
        EditedImages.Edit e = EditedImages.meme(photo, SEED + 3);
        assertFound(derive(e.image(), VariantPolicy.QUERY), Kind.TRIM, e.photos()[0], photo);
    }

    @Test
    void tilesSplitACollageAlongItsGutters() {
        EditedImages.Edit e = EditedImages.collage(150, 120, 8, SEED + 4);
        List<PdqVariant> variants = derive(e.image(), VariantPolicy.QUERY);
        assertThat(originals(variants, Kind.TILE)).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertFound(variants, Kind.TILE, e.photos()[i], EditedImages.photo(150, 120, SEED + 4 + i));
        }
    }

    @Test
    void aCollageIsHashedAsItsTrimAndTilesWithoutAnEmbeddedCopyOfATile() {
        // three plain panels and a photo: the photo's tile is also the largest photo-like rectangle, found as both
        // and hashed once, as the tile (the plain tiles are under the quality floor)
        BufferedImage[] tiles = new BufferedImage[4];
        for (int i = 0; i < 3; i++) {
            tiles[i] = plain(150, 120, new Color(60 + 40 * i, 60 + 40 * i, 60 + 40 * i));
        }
        tiles[3] = EditedImages.photo(150, 120, SEED + 4);
        EditedImages.Edit e = EditedImages.collage(8, new Color(250, 250, 250), tiles);
        Rect photo = e.photos()[3];
        LumaPlane plane = new LumaPlane();
        plane.fill(BgrPixels.decoded(e.image()));
        assertThat(new RegionFinder(plane)
                        .regions(VariantPolicy.QUERY.kinds()).stream()
                                .filter(r -> r.kind() == Kind.EMBEDDED)
                                .toList())
                .as("seed %d", SEED + 4)
                .containsExactly(
                        new RegionFinder.Region(Kind.EMBEDDED, photo.x(), photo.y(), photo.width(), photo.height()));
        List<PdqVariant> variants = derive(e.image(), VariantPolicy.QUERY);
        assertThat(variants.stream()
                        .filter(v -> v.transform() == Transform.ORIGINAL
                                && (v.kind() == Kind.TRIM || v.kind() == Kind.TILE || v.kind() == Kind.EMBEDDED))
                        .map(v -> v.kind().label() + v.rect())
                        .toList())
                .as("seed %d", SEED + 4)
                .containsExactly("trim[8,8,308,248]", "tile" + photo);
        assertFound(variants, Kind.TILE, photo, tiles[3]);
    }

    private static BufferedImage plain(int w, int h, Color colour) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    @Test
    void embeddedFindsThePhotoInAChatScreenshot() {
        // the 360x640 screenshot is analysed on a plane of half its size: the photo's edges fall on even pixels
        BufferedImage photo = EditedImages.photo(260, 196, SEED + 5);
        EditedImages.Edit e = EditedImages.chatScreenshot(photo, SEED + 5);
        assertFound(derive(e.image(), VariantPolicy.QUERY), Kind.EMBEDDED, e.photos()[0], photo);
    }

    @Test
    void embeddedFitsAPhotoBubbleExactlyAndHashesItWithoutTheAppsDrawing() {
        BufferedImage photo = EditedImages.photo(480, 300, SEED + 11);
        EditedImages.Edit e = EditedImages.chatPhotoBubble(photo, SEED + 11);
        DecodedImage image = BgrPixels.decoded(e.image());
        List<PdqVariant> variants = derive(e.image(), VariantPolicy.QUERY);
        // exact at full resolution: the padding is wider than the plane's pixel and the top rows are plain
        assertThat(originals(variants, Kind.EMBEDDED))
                .as("seed %d", SEED + 11)
                .extracting(PdqVariant::rect)
                .containsExactly(e.photos()[0]);
        PdqVariant v = originals(variants, Kind.EMBEDDED).getFirst();
        PdqHash own = pdq(EditedImages.withSky(photo)).hash();
        Rect r = e.photos()[0];
        PdqResult asDrawn =
                new PdqHasher(PdqMode.FULL_RESOLUTION).hash(image, r.x(), r.y(), r.width(), r.height(), false);
        // the rounded corners and the time stamp are filled in: nearer the photo than its pixels as drawn
        assertThat(v.pdq().distance(own))
                .as(
                        "seed %d: cleaned %d, as drawn %d",
                        SEED + 11, v.pdq().distance(own), asDrawn.hash().distance(own))
                .isLessThan(asDrawn.hash().distance(own))
                .isLessThanOrEqualTo(MAX_DISTANCE);
    }

    /** Every image of {@code ../shared/pdq} that hashes at all hashes with query variants too (no bad region). */
    @Test
    void queryVariantsNeverFailAnImageOfTheSharedCorpus() throws Exception {
        Optional<PdqVectors> shared = PdqVectors.shared();
        assumeThat(shared).as("shared/pdq beside the project").isPresent();
        FileHasher plain = FileHasher.newBuilder().dihedral(true).build();
        FileHasher query = FileHasher.newBuilder().variants(VariantPolicy.QUERY).build();
        List<String> failed = new ArrayList<>();
        int hashed = 0;
        try (Stream<Path> files = Files.list(shared.get().imageDir())) {
            for (Path f : files.sorted().toList()) {
                FileHashes p = plain.hash(f);
                if (!p.ok()) {
                    continue;
                }
                hashed++;
                FileHashes q = query.hash(f);
                if (!q.ok()) {
                    failed.add(f.getFileName() + ": " + q.errorMessage());
                }
            }
        }
        assertThat(hashed).isGreaterThan(300);
        assertThat(failed).isEmpty();
    }

    @Test
    void aPlainPhotoGetsItsTransformsItsOpeningAndUncropFramesOnly() {
        // 384x288: the uncrop plane is 192x144 (a half), its frame 202x152 (1 / 0.95), margins 10 and 8 plane pixels
        BufferedImage photo = EditedImages.photo(384, 288, SEED + 6);
        List<PdqVariant> variants = derive(photo, VariantPolicy.QUERY);
        assertThat(variants).extracting(PdqVariant::kind).containsOnly(Kind.DIHEDRAL, Kind.OPENING, Kind.UNCROP);
        assertThat(variants.subList(0, 7)).extracting(PdqVariant::kind).containsOnly(Kind.DIHEDRAL);
        PdqResult own = pdq(photo);
        for (PdqVariant v : variants.subList(0, 7)) {
            assertThat(v.pdq()).isEqualTo(own.dihedral().get(v.transform().ordinal()));
            assertThat(v.rect()).isEqualTo(new Rect(0, 0, 384, 288));
        }
        assertThat(variants.get(7).kind()).isEqualTo(Kind.OPENING);
        assertThat(variants.get(7).rect()).isEqualTo(new Rect(0, 0, 384, 288));
        List<PdqVariant> frames = variants.subList(8, variants.size());
        // frame 202.1 x 151.6 plane pixels (404 x 303 image pixels), margins 10.1 and 7.6 plane pixels (20.2 and 15.2
        // image pixels); places 0, 1/10, .., 1 of the margin (the anchors 0, 1/5, .., 1 and half way between), rows
        // first; each frame as is, then mirrored
        int[] lefts = {0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20};
        int[] tops = {0, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15};
        List<Rect> expected = new ArrayList<>();
        for (int top : tops) {
            for (int left : lefts) {
                expected.add(new Rect(left, top, 404, 303));
            }
        }
        assertThat(originals(frames, Kind.UNCROP)).extracting(PdqVariant::rect).containsExactlyElementsOf(expected);
        assertThat(frames)
                .extracting(PdqVariant::transform)
                .containsExactly(java.util.stream.IntStream.range(0, 242)
                        .mapToObj(i -> i % 2 == 0 ? Transform.ORIGINAL : Transform.FLIPY)
                        .toArray(Transform[]::new));
    }

    /**
     * Frames at the anchors are sampled; the frames half way between them are the mean of the DCT coefficients of
     * the 2 or 4 sampled around them: each is hashed as the sampler hashes that frame at its own place (within a few
     * bits, far less than the ~12 bits a tenth of the margin moves a frame), and its quality is the lowest of theirs.
     */
    @Test
    void framesHalfWayBetweenAnchorsStandForTheFramesSampledThere() {
        long seed = SEED + 18;
        BufferedImage photo = EditedImages.photo(384, 288, seed);
        List<PdqVariant> frames = derive(photo, VariantPolicy.QUERY).stream()
                .filter(v -> v.kind() == Kind.UNCROP)
                .toList();
        assertThat(frames).hasSize(242);
        // the uncrop plane is the photo's half, 192x144 (as in
        // aPlainPhotoGetsItsTransformsItsOpeningAndUncropFramesOnly)
        LumaPlane full = new LumaPlane();
        full.fill(BgrPixels.decoded(photo));
        LumaPlane half = new LumaPlane(VariantDeriver.UNCROP_SIDE);
        half.fill(full.asImage());
        assertThat(half.width()).isEqualTo(192);
        double fw = 192 / 0.95;
        double fh = 144 / 0.95;
        int m = (int) Math.ceil(Math.max(fw - 192, fh - 144))
                + 2 * JaroszDownsampler.windowSize((int) Math.ceil(Math.max(fw, fh)))
                + 1;
        RegionSampler sampler = new RegionSampler();
        sampler.load(half, m);
        int[] quality = new int[121];
        int worst = 0;
        int between = 0;
        int nearestAnchor = 0;
        for (int k = 0; k < 121; k++) {
            int kx = k % 11;
            int ky = k / 11;
            PdqHash[] there = sampler.hash(-kx / 10.0 * (fw - 192), -ky / 10.0 * (fh - 144), fw, fh, 0, 5);
            quality[k] = sampler.quality();
            int d = Math.max(
                    frames.get(2 * k).pdq().distance(there[0]),
                    frames.get(2 * k + 1).pdq().distance(there[1]));
            if (kx % 2 == 0 && ky % 2 == 0) {
                assertThat(d).as("anchor frame %d (seed %d)", k, seed).isZero();
                continue;
            }
            worst = Math.max(worst, d);
            between += frames.get(2 * k).pdq().distance(there[0]);
            // the nearest of the sampled frames around it: what the anchors alone offer for a cut at this place
            int anchor = 256;
            for (int nx : new int[] {kx - kx % 2, kx + kx % 2}) {
                for (int ny : new int[] {ky - ky % 2, ky + ky % 2}) {
                    anchor = Math.min(
                            anchor, frames.get(2 * (ny * 11 + nx)).pdq().distance(there[0]));
                }
            }
            nearestAnchor += anchor;
        }
        assertThat(worst)
                .as("in-between frames vs sampled there (seed %d)", seed)
                .isLessThanOrEqualTo(8);
        // 0.9 bits on average against 10.5 for the nearest anchor frame (seed SEED + 18): the mean adds what the
        // anchors alone miss
        assertThat(between * 4)
                .as(
                        "in-between frames %d bits in all, nearest anchor frames %d (seed %d)",
                        between, nearestAnchor, seed)
                .isLessThan(nearestAnchor);
        for (int k = 0; k < 121; k++) {
            int kx = k % 11;
            int ky = k / 11;
            // the sampled frames around place (kx, ky) are at places (kx -+ kx % 2, ky -+ ky % 2)
            int q = Math.min(
                    Math.min(quality[(ky - ky % 2) * 11 + kx - kx % 2], quality[(ky - ky % 2) * 11 + kx + kx % 2]),
                    Math.min(quality[(ky + ky % 2) * 11 + kx - kx % 2], quality[(ky + ky % 2) * 11 + kx + kx % 2]));
            assertThat(frames.get(2 * k).quality()).as("frame %d", k).isEqualTo(q);
        }
    }

    @Test
    void uncropFramesBringASmallCropBackNearItsOriginal() {
        BufferedImage photo = EditedImages.photo(400, 300, SEED + 9);
        PdqHash own = pdq(photo).hash();
        // 5 % of each side cut away: flush with each corner and centred, as is and mirrored. These synthetic photos
        // have fine detail up to their edges, which a frame's filled margin misses: here the frames come at least 16
        // bits nearer; on photographs most come within 31 (bench/RESULTS.md)
        int cw = 380;
        int ch = 285;
        for (int[] at : new int[][] {{0, 0}, {20, 15}, {10, 7}, {20, 0}}) {
            BufferedImage crop = photo.getSubimage(at[0], at[1], cw, ch);
            for (boolean mirrored : new boolean[] {false, true}) {
                BufferedImage query = mirrored ? mirror(crop) : copy(crop);
                int plain = pdq(query).dihedral().stream()
                        .mapToInt(h -> h.distance(own))
                        .min()
                        .orElseThrow();
                List<PdqVariant> frames = derive(query, VariantPolicy.QUERY).stream()
                        .filter(v -> v.kind() == Kind.UNCROP)
                        .toList();
                int best = frames.stream()
                        .mapToInt(v -> v.pdq().distance(own))
                        .min()
                        .orElse(256);
                assertThat(best)
                        .as(
                                "crop at %d,%d%s: best uncrop frame vs plain %d bits (seed %d)",
                                at[0], at[1], mirrored ? " mirrored" : "", plain, SEED + 9)
                        .isLessThanOrEqualTo(plain - 16);
            }
        }
    }

    @Test
    void listCropsMeetTheUncropFramesOfCropsCutAnywhere() {
        // crops of 10 % and 25 % of each side at seeded offsets (as bench/ cuts them), some mirrored; a crop's
        // own hash and uncrop frames against the list-side crops of its original
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(SEED + 11);
        BufferedImage photo = EditedImages.photo(480, 360, SEED + 11);
        List<PdqVariant> list = derive(photo, VariantPolicy.LIST).stream()
                .filter(v -> v.kind() == Kind.CROP)
                .toList();
        int found = 0;
        int throughFrames = 0;
        StringBuilder seen = new StringBuilder();
        for (double fraction : new double[] {0.10, 0.25}) {
            for (int i = 0; i < 6; i++) {
                int cutW = (int) Math.round(480 * fraction);
                int cutH = (int) Math.round(360 * fraction);
                BufferedImage crop =
                        photo.getSubimage(rnd.nextInt(cutW + 1), rnd.nextInt(cutH + 1), 480 - cutW, 360 - cutH);
                BufferedImage query = i % 3 == 2 ? mirror(crop) : copy(crop);
                List<PdqVariant> q = derive(query, VariantPolicy.QUERY);
                PdqResult own = pdq(query);
                int plain = list.stream()
                        .mapToInt(l -> own.dihedral().stream()
                                .mapToInt(h -> h.distance(l.pdq()))
                                .min()
                                .orElseThrow())
                        .min()
                        .orElseThrow();
                int best = q.stream()
                        .filter(v -> v.kind() == Kind.UNCROP)
                        .mapToInt(v -> list.stream()
                                .mapToInt(l -> l.pdq().distance(v.pdq()))
                                .min()
                                .orElseThrow())
                        .min()
                        .orElse(256);
                seen.append(' ').append(best).append('/').append(plain);
                if (Math.min(best, plain) <= MAX_DISTANCE) {
                    found++;
                }
                if (best <= MAX_DISTANCE && plain > MAX_DISTANCE) {
                    throughFrames++;
                }
            }
        }
        // these synthetic photos have fine detail up to their edges, which frames miss (photographs: bench/RESULTS.md)
        assertThat(found)
                .as("crops within %d bits of a list crop (frame/plain:%s; seed %d)", MAX_DISTANCE, seen, SEED + 11)
                .isGreaterThanOrEqualTo(9);
        assertThat(throughFrames)
                .as("found only through a frame (frame/plain:%s; seed %d)", seen, SEED + 11)
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void wrappedPicturesGetNoUncropFrames() {
        BufferedImage photo = EditedImages.photo(300, 220, SEED + 10);
        for (BufferedImage img : List.of(
                EditedImages.border(photo, 30, Color.WHITE).image(),
                EditedImages.collage(150, 120, 8, SEED + 10).image())) {
            assertThat(derive(img, VariantPolicy.QUERY))
                    .extracting(PdqVariant::kind)
                    .doesNotContain(Kind.UNCROP);
        }
    }

    @Test
    void aPhotoWithAPlainSkyGetsItsTrimAndUncropFrames() {
        // a plain band across the top reaches three edges: a sky cut by a crop as much as a caption band
        BufferedImage photo = EditedImages.photo(320, 240, SEED + 12);
        BufferedImage sky = copy(photo);
        java.awt.Graphics2D g = sky.createGraphics();
        g.setColor(new Color(200, 204, 208));
        g.fillRect(0, 0, 320, 96);
        g.dispose();
        List<PdqVariant> variants = derive(sky, VariantPolicy.QUERY);
        assertThat(originals(variants, Kind.TRIM))
                .extracting(PdqVariant::rect)
                .containsExactly(new Rect(0, 96, 320, 144));
        assertThat(variants.stream().filter(v -> v.kind() == Kind.UNCROP)).hasSize(242);
        assertThat(variants.size()).isLessThanOrEqualTo(VariantPolicy.QUERY_MAX_VARIANTS);
        // bars on two edges wrap a picture: no frames
        assertThat(derive(
                        EditedImages.placed(photo, 320, 320, 0, 40, Color.BLACK).image(), VariantPolicy.QUERY))
                .extracting(PdqVariant::kind)
                .contains(Kind.TRIM)
                .doesNotContain(Kind.UNCROP);
    }

    @Test
    void tilesSplitAlongGuttersOnlyNextToPlainTiles() {
        // top left and right: photos; bottom left: a vertical gradient (every row uniform, in its own colour);
        // bottom right: a photo under a plain grey band touching the gutter. Gutters near-white, 8 pixels.
        int w = 160;
        int h = 120;
        int gutter = 8;
        EditedImages.Edit e = EditedImages.collage(w, h, gutter, SEED + 13);
        BufferedImage img = e.image();
        Rect gradient = e.photos()[2];
        Rect fog = e.photos()[3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = 40 + y * 120 / h;
                img.setRGB(gradient.x() + x, gradient.y() + y, v << 16 | v << 8 | v);
                if (y < h * 2 / 5) {
                    img.setRGB(fog.x() + x, fog.y() + y, 200 << 16 | 200 << 8 | 200);
                }
            }
        }
        LumaPlane plane = new LumaPlane();
        plane.fill(BgrPixels.decoded(img));
        List<Rect> tiles = new RegionFinder(plane)
                .regions(VariantPolicy.QUERY.kinds()).stream()
                        .filter(r -> r.kind() == Kind.TILE)
                        .map(r -> new Rect(r.x(), r.y(), r.width(), r.height()))
                        .toList();
        assertThat(tiles).hasSize(4);
        for (Rect expected : e.photos()) {
            assertThat(tiles).as("tiles %s (seed %d)", tiles, SEED + 13).anySatisfy(t -> assertThat(t)
                    .isEqualTo(expected));
        }
    }

    @Test
    void tilesOfALargeCollageStopAtTheirOwnEdgeOfAThinGutter() {
        // 1036 pixels wide: analysed on a third, so a 4- or 5-pixel gutter is one or two plane lines, blended with
        // the tiles; a light photo, a white gutter, dark photos beyond it (the stronger step is the gutter's far side)
        for (int gutter : new int[] {4, 5}) {
            EditedImages.Edit e = EditedImages.collage(512, 320, gutter, SEED + 15);
            BufferedImage img = e.image();
            for (int i = 0; i < 4; i++) {
                Rect r = e.photos()[i];
                for (int y = r.y(); y < r.y() + r.height(); y++) {
                    for (int x = r.x(); x < r.x() + r.width(); x++) {
                        int rgb = img.getRGB(x, y);
                        int out = 0;
                        for (int shift = 0; shift <= 16; shift += 8) {
                            int c = rgb >> shift & 0xFF;
                            out |= (i == 0 ? 150 + c * 80 / 255 : c * 60 / 255) << shift;
                        }
                        img.setRGB(x, y, out);
                    }
                }
            }
            // the dark tiles are below the default quality: all kept here, to see every rectangle
            List<Rect> tiles = originals(derive(img, VariantPolicy.QUERY.withMinQuality(0)), Kind.TILE).stream()
                    .map(PdqVariant::rect)
                    .toList();
            assertThat(tiles).as("gutter %d (seed %d)", gutter, SEED + 15).hasSize(4);
            for (Rect expected : e.photos()) {
                assertThat(tiles)
                        .as("gutter %d: tiles %s (seed %d)", gutter, tiles, SEED + 15)
                        .anySatisfy(t -> assertThat(t).isEqualTo(expected));
            }
        }
    }

    @Test
    void uncropFramesHashOnlyTheTransformsAskedFor() {
        BufferedImage photo = EditedImages.photo(200, 150, SEED + 14);
        LumaPlane plane = new LumaPlane();
        plane.fill(BgrPixels.decoded(photo));
        RegionSampler sampler = new RegionSampler();
        sampler.load(plane);
        PdqResult all = sampler.hash(-5.5, -3.25, 211, 158);
        PdqHash[] some = sampler.hash(-5.5, -3.25, 211, 158, 0, 5, 7, 1);
        assertThat(some)
                .containsExactly(
                        all.dihedral().get(0),
                        all.dihedral().get(5),
                        all.dihedral().get(7),
                        all.dihedral().get(1));
        assertThat(sampler.quality()).isEqualTo(all.quality());
    }

    /**
     * An uncrop frame is hashed as the picture extended by {@link MarginFill}: a sampler loaded with a margin gives,
     * frame for frame, the hashes of a margin-less sampler loaded with that extended picture (rounded to whole
     * levels: within a few bits), and a margin covering a frame's reach plus twice the blur window gives those of a
     * wider one; a margin that repeats the edge pixels is another picture.
     */
    @Test
    void framesAreHashedAsThePictureExtendedByTheMarginFill() {
        long seed = SEED + 17;
        LumaPlane plane = new LumaPlane();
        plane.fill(BgrPixels.decoded(EditedImages.photo(192, 144, seed)));
        // frames of 1 / 0.95 the plane (window 2), from flush left/top to flush right/bottom, at fractional places
        double fw = plane.width() / 0.95;
        double fh = plane.height() / 0.95;
        int window = JaroszDownsampler.windowSize((int) Math.ceil(Math.max(fw, fh)));
        assertThat(window).isEqualTo(2);
        int m = (int) Math.ceil(Math.max(fw - plane.width(), fh - plane.height())) + 2 * window + 1;
        int ew = plane.width() + 2 * m;
        int eh = plane.height() + 2 * m;
        float[] filled = new float[ew * eh];
        byte[] repeated = new byte[ew * eh];
        for (int y = 0; y < eh; y++) {
            for (int x = 0; x < ew; x++) {
                int v = plane.at(Math.clamp(x - m, 0, plane.width() - 1), Math.clamp(y - m, 0, plane.height() - 1));
                filled[y * ew + x] = v;
                repeated[y * ew + x] = (byte) v;
            }
        }
        new MarginFill().fill(filled, plane.width(), plane.height(), m);
        byte[] extended = new byte[ew * eh];
        for (int i = 0; i < extended.length; i++) {
            extended[i] = (byte) Math.round(filled[i]);
        }
        RegionSampler withMargin = new RegionSampler();
        withMargin.load(plane, m);
        RegionSampler wider = new RegionSampler();
        wider.load(plane, m + 8);
        RegionSampler ofExtended = new RegionSampler();
        ofExtended.load(plane(extended, ew, eh));
        RegionSampler ofRepeated = new RegionSampler();
        ofRepeated.load(plane(repeated, ew, eh));
        int differFromRepeated = 0;
        for (double[] at : new double[][] {{0, 0}, {-10.1, -7.6}, {-5.05, -3.8}, {-2.5, -6.25}, {-10.1, 0}}) {
            PdqResult frame = withMargin.hash(at[0], at[1], fw, fh);
            assertThat(frame.hash()
                            .distance(ofExtended
                                    .hash(at[0] + m, at[1] + m, fw, fh)
                                    .hash()))
                    .as("frame at %.2f,%.2f (seed %d)", at[0], at[1], seed)
                    .isLessThanOrEqualTo(6);
            assertThat(wider.hash(at[0], at[1], fw, fh))
                    .as("frame at %.2f,%.2f, margin %d (seed %d)", at[0], at[1], m + 8, seed)
                    .isEqualTo(frame);
            differFromRepeated +=
                    ofRepeated.hash(at[0] + m, at[1] + m, fw, fh).hash().distance(frame.hash()) > 0 ? 1 : 0;
        }
        assertThat(differFromRepeated).as("seed %d", seed).isPositive();
    }

    private static LumaPlane plane(byte[] luma, int width, int height) {
        LumaPlane p = new LumaPlane();
        p.fill(DecodedImage.ofPixels(luma, width, height, 1, io.hashmatch.decode.ImageFormat.PNG));
        assertThat(p.width()).isEqualTo(width);
        return p;
    }

    /**
     * A sampler reuses what it computed for one region in the next (the blur of a window size, the rows interpolated
     * at a region's columns): each hash equals a fresh sampler's, whatever was sampled or loaded before.
     */
    @Test
    void samplerHashesDoNotDependOnWhatItSampledBefore() {
        long seed = SEED + 16;
        SplittableRandom r = new SplittableRandom(seed);
        LumaPlane[] planes = new LumaPlane[2];
        for (int p = 0; p < planes.length; p++) {
            planes[p] = new LumaPlane();
            planes[p].fill(BgrPixels.decoded(EditedImages.photo(180 + 90 * p, 140 + 40 * p, seed + p)));
        }
        RegionSampler sampler = new RegionSampler();
        int loaded = -1;
        double[] lefts = {-4.5, 0, 12.25};
        for (int i = 0; i < 60; i++) {
            int p = i % 20 < 12 ? 0 : 1; // runs on one plane, then on the other
            LumaPlane plane = planes[p];
            if (p != loaded) {
                sampler.load(plane);
                loaded = p;
            }
            // few lefts and widths, so that regions share their columns; sizes across blur windows
            double x = lefts[r.nextInt(lefts.length)];
            double w = r.nextBoolean() ? 0.8 * plane.width() : 1.2 * plane.width();
            double y = r.nextDouble(-10, 20);
            double h = r.nextDouble(0.5, 1.4) * plane.height();
            RegionSampler fresh = new RegionSampler();
            fresh.load(plane);
            PdqResult expected = fresh.hash(x, y, w, h);
            assertThat(sampler.hash(x, y, w, h))
                    .as("region %d: %.2f,%.2f %.2fx%.2f of plane %d (seed %d)", i, x, y, w, h, p, seed)
                    .isEqualTo(expected);
        }
    }

    private static BufferedImage copy(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                out.setRGB(x, y, src.getRGB(x, y));
            }
        }
        return out;
    }

    private static BufferedImage mirror(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                out.setRGB(src.getWidth() - 1 - x, y, src.getRGB(x, y));
            }
        }
        return out;
    }

    @Test
    void flatImagesGetNoVariants() {
        for (Color c : new Color[] {Color.BLACK, Color.WHITE, new Color(120, 30, 200)}) {
            BufferedImage flat = EditedImages.placed(EditedImages.photo(1, 1, SEED), 300, 200, 0, 0, c)
                    .image();
            flat.setRGB(0, 0, c.getRGB());
            assertThat(derive(flat, VariantPolicy.QUERY))
                    .as("query variants of flat %s", c)
                    .isEmpty();
            assertThat(derive(flat, VariantPolicy.LIST))
                    .as("list variants of flat %s", c)
                    .isEmpty();
        }
    }

    @Test
    void listVariantsAreCropsAtSeveralScalesAndAnOverlappingGrid() {
        BufferedImage photo = EditedImages.photo(400, 300, SEED + 7);
        List<PdqVariant> variants = derive(photo, VariantPolicy.LIST);
        List<Rect> crops =
                originals(variants, Kind.CROP).stream().map(PdqVariant::rect).toList();
        // 7 scales (95 % / 1.045^k of each side, down to 73 %) at 6, 3, 4, 6, 7, 8, 9 positions a side
        assertThat(crops).hasSize(36 + 9 + 16 + 36 + 49 + 64 + 81);
        // 95 %: 380 x 285 at 0, 1/5 .. 1 of the margins of 20 and 15 pixels, row by row
        List<Rect> largest = new ArrayList<>();
        for (int y : new int[] {0, 3, 6, 9, 12, 15}) {
            for (int x : new int[] {0, 4, 8, 12, 16, 20}) {
                largest.add(new Rect(x, y, 380, 285));
            }
        }
        assertThat(crops.subList(0, 36)).isEqualTo(largest);
        assertThat(crops.subList(36, 45))
                .containsExactly(
                        new Rect(0, 0, 364, 273),
                        new Rect(18, 0, 364, 273),
                        new Rect(36, 0, 364, 273),
                        new Rect(0, 14, 364, 273),
                        new Rect(18, 14, 364, 273),
                        new Rect(36, 14, 364, 273),
                        new Rect(0, 27, 364, 273),
                        new Rect(18, 27, 364, 273),
                        new Rect(36, 27, 364, 273));
        // 0.95 / 1.045^2 = 87 %: 348 x 261 at 4 positions a side
        assertThat(crops.subList(45, 49))
                .containsExactly(
                        new Rect(0, 0, 348, 261),
                        new Rect(17, 0, 348, 261),
                        new Rect(35, 0, 348, 261),
                        new Rect(52, 0, 348, 261));
        assertThat(crops.getLast()).isEqualTo(new Rect(108, 81, 292, 219));
        assertThat(originals(variants, Kind.GRID))
                .extracting(PdqVariant::rect)
                .containsExactly(
                        new Rect(0, 0, 200, 150),
                        new Rect(100, 0, 200, 150),
                        new Rect(200, 0, 200, 150),
                        new Rect(0, 75, 200, 150),
                        new Rect(100, 75, 200, 150),
                        new Rect(200, 75, 200, 150),
                        new Rect(0, 150, 200, 150),
                        new Rect(100, 150, 200, 150),
                        new Rect(200, 150, 200, 150));
        // list-side regions come untransformed; the whole image's 7 transforms come first
        assertThat(variants)
                .filteredOn(v -> v.kind() != Kind.DIHEDRAL)
                .extracting(PdqVariant::transform)
                .containsOnly(Transform.ORIGINAL);
        assertThat(variants.subList(0, 7)).extracting(PdqVariant::kind).containsOnly(Kind.DIHEDRAL);
    }

    @Test
    void aMirroredFivePercentCropMeetsTheLargestListCropNearestItsCut() {
        // 5 % of each side cut at seeded offsets (as bench/ cuts them), mirrored: the copy's mirror (FLIPY) against
        // the list's 95 % crops, which sit at 0, 1/5 .. 1 of the margin; the nearest is the one nearest the cut
        SplittableRandom rnd = new SplittableRandom(SEED + 16);
        BufferedImage photo = EditedImages.photo(400, 300, SEED + 16);
        List<PdqVariant> largest = derive(photo, VariantPolicy.LIST).stream()
                .filter(v -> v.kind() == Kind.CROP && v.rect().width() == 380)
                .toList();
        assertThat(largest).hasSize(36);
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            int left = rnd.nextInt(21);
            int top = rnd.nextInt(16);
            PdqHash unmirrored = pdq(mirror(photo.getSubimage(left, top, 380, 285)))
                    .dihedral()
                    .get(Transform.FLIPY.ordinal());
            PdqVariant nearest = largest.stream()
                    .min(Comparator.comparingInt(v -> v.pdq().distance(unmirrored)))
                    .orElseThrow();
            int distance = nearest.pdq().distance(unmirrored);
            seen.append(String.format(" %d,%d->%s:%d", left, top, nearest.rect(), distance));
            // anchors 4 and 3 pixels apart: the nearest is at most 2 pixels off on each axis
            assertThat(Math.abs(nearest.rect().x() - left))
                    .as("x of the nearest crop (%s; seed %d)", seen, SEED + 16)
                    .isLessThanOrEqualTo(2);
            assertThat(Math.abs(nearest.rect().y() - top))
                    .as("y of the nearest crop (%s; seed %d)", seen, SEED + 16)
                    .isLessThanOrEqualTo(2);
            assertThat(distance)
                    .as("distance to the nearest crop (%s; seed %d)", seen, SEED + 16)
                    .isLessThanOrEqualTo(MAX_DISTANCE);
        }
    }

    @Test
    void theCapAndTheQualityThresholdAreRespected() {
        EditedImages.Edit e = EditedImages.collage(150, 120, 8, SEED + 4);
        // the last tile becomes a faint gradient: far below the default minimum quality
        BufferedImage img = e.image();
        Rect faint = e.photos()[3];
        for (int y = faint.y(); y < faint.y() + faint.height(); y++) {
            for (int x = faint.x(); x < faint.x() + faint.width(); x++) {
                int v = 60 + (x - faint.x()) * 60 / faint.width() + (y - faint.y()) * 40 / faint.height();
                img.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        List<PdqVariant> lenient = derive(img, VariantPolicy.QUERY.withMinQuality(0));
        assertThat(lenient).anySatisfy(v -> assertThat(v.rect()).isEqualTo(faint));
        List<PdqVariant> all = derive(img, VariantPolicy.QUERY);
        assertThat(all).noneSatisfy(v -> assertThat(v.rect()).isEqualTo(faint));
        assertThat(all).allSatisfy(v -> assertThat(v.quality()).isGreaterThanOrEqualTo(50));
        assertThat(all.size()).isGreaterThan(10);
        for (int cap : new int[] {0, 1, 7, 10}) {
            List<PdqVariant> capped = derive(img, VariantPolicy.QUERY.withMaxVariants(cap));
            assertThat(capped).as("cap %d", cap).isEqualTo(all.subList(0, cap));
        }
        assertThat(all.size()).isLessThanOrEqualTo(VariantPolicy.DEFAULT_MAX_VARIANTS);
    }

    @Test
    void fileHasherGivesTheSameVariantsFromFourThreads() throws Exception {
        List<byte[]> files = new ArrayList<>();
        BufferedImage photo = EditedImages.photo(260, 195, SEED + 8);
        for (BufferedImage img : List.of(
                EditedImages.border(photo, 20, Color.BLACK).image(),
                EditedImages.meme(photo, SEED + 8).image(),
                EditedImages.collage(120, 90, 6, SEED + 8).image(),
                EditedImages.chatScreenshot(photo, SEED + 8).image(),
                photo)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            files.add(out.toByteArray());
        }
        FileHasher hasher =
                FileHasher.newBuilder().variants(VariantPolicy.QUERY).build();
        List<List<PdqVariant>> expected = new ArrayList<>();
        for (byte[] f : files) {
            FileHashes h = hasher.hash(f);
            assertThat(h.variants()).isNotEmpty();
            assertThat(h.pdq()).isNotNull();
            assertThat(h.pdq().dihedral()).isEmpty(); // variants do not change the plain result
            expected.add(h.variants());
        }
        assertSameVariantsFromFourThreads(hasher, files, expected, 3);
    }

    /**
     * Hashes {@code files} {@code rounds} times on each of 4 threads and checks every result against {@code expected}
     * (the variants of each file, hashed once on the test's thread).
     */
    static void assertSameVariantsFromFourThreads(
            FileHasher hasher, List<byte[]> files, List<List<PdqVariant>> expected, int rounds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<List<PdqVariant>>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> {
                    List<List<PdqVariant>> got = new ArrayList<>();
                    for (int round = 0; round < rounds; round++) {
                        for (byte[] f : files) {
                            got.add(hasher.hash(f).variants());
                        }
                    }
                    return got;
                }));
            }
            for (Future<List<List<PdqVariant>>> run : runs) {
                List<List<PdqVariant>> got = run.get();
                for (int i = 0; i < got.size(); i++) {
                    assertThat(got.get(i)).isEqualTo(expected.get(i % files.size()));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
