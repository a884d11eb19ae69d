package io.hashmatch.bench.robust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.bench.robust.QualityFloors.Floors;
import io.hashmatch.bench.robust.QualityFloors.Group;
import io.hashmatch.bench.robust.QualityFloors.Searched;
import io.hashmatch.bench.robust.QualityFloors.Ungated;
import io.hashmatch.bench.robust.RobustCorpus.Image;
import io.hashmatch.bench.robust.RobustCorpus.Role;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.hash.PdqResult;
import io.hashmatch.hash.PdqVariant;
import io.hashmatch.hash.PdqVariant.Kind;
import io.hashmatch.hash.PdqVariant.Rect;
import io.hashmatch.hash.PdqVariant.Transform;
import io.hashmatch.hash.VariantPolicy;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.SnapshotWriter;
import io.hashmatch.match.ListSettings;
import io.hashmatch.match.Query;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityFloorsTest {
    private static final Rect ALL = new Rect(0, 0, 100, 80);

    private static PdqVariant variant(Kind kind, long id, int quality) {
        return new PdqVariant(kind, Transform.ORIGINAL, ALL, PdqHash.of(id, 0, 0, 0), quality);
    }

    private static Ungated image(int quality, List<PdqVariant> variants) {
        PdqResult pdq = new PdqResult(PdqHash.of(0, 0, 0, 0), quality, List.of());
        FileHashes h = new FileHashes(1, null, pdq, 100, 80, null, null, null, variants);
        return new Ungated(new Image("x", Path.of("x.jpg"), Role.EXTRA, null, null), h);
    }

    @Test
    void floorsAreParsedInOrderAndRangeChecked() {
        assertThat(RobustMatching.floors(null)).isEmpty();
        assertThat(RobustMatching.floors("40, 30,0")).containsExactly(40, 30, 0);
        assertThatThrownBy(() -> RobustMatching.floors("101")).isInstanceOf(IllegalArgumentException.class);
        RobustMatching.Config c =
                RobustMatching.parse(new String[] {"--photos", "p", "--artwork", "a", "--work", "w", "--floors", "30"});
        assertThat(c.floors()).containsExactly(30);
    }

    @Test
    void settingsAreTheProductsThenAllGroupsThenEachGroupAlone() {
        assertThat(QualityFloors.settings(List.of(30, 0)).stream().map(Floors::label))
                .containsExactly(
                        "50/50/50/50",
                        "30/30/30/30",
                        "0/0/0/0",
                        "30/50/50/50",
                        "0/50/50/50",
                        "50/30/50/50",
                        "50/0/50/50",
                        "50/50/30/50",
                        "50/50/0/50",
                        "50/50/50/30",
                        "50/50/50/0");
    }

    @Test
    void kindsFallInTheirGroups() {
        assertThat(Group.of(Kind.DIHEDRAL)).isEqualTo(Group.WHOLE);
        assertThat(List.of(Kind.TRIM, Kind.TILE, Kind.EMBEDDED).stream().map(Group::of))
                .containsOnly(Group.REGIONS);
        assertThat(Group.of(Kind.UNCROP)).isEqualTo(Group.UNCROP);
        assertThat(Group.of(Kind.UNMARK)).isEqualTo(Group.UNMARK);
        assertThat(Group.of(Kind.OPENING)).isEqualTo(Group.UNMARK);
    }

    private static Ungated query(
            String name, Role role, @Nullable EditKind kind, @Nullable String source, PdqHash hash, int quality) {
        PdqResult pdq = new PdqResult(hash, quality, List.of());
        FileHashes h = new FileHashes(1, null, pdq, 100, 80, null, null, null, List.of());
        return new Ungated(new Image(name, Path.of(name + ".jpg"), role, kind, source), h);
    }

    @Test
    void reportCountsEachQueryOncePerRowWithItsColumns(@TempDir Path dir) throws IOException {
        PdqHash zero = PdqHash.of(0, 0, 0, 0);
        PdqHash ones = PdqHash.of(-1, -1, -1, -1);
        SnapshotWriter w = SnapshotWriter.create("listed", "1");
        w.addPdq(w.addEntry(), zero); // item a
        w.addPdq(w.addEntry(), ones); // item b
        Path file = dir.resolve("listed.hml");
        w.write(file);
        List<Image> listed = List.of(
                new Image("a", Path.of("a.jpg"), Role.LISTED, null, null),
                new Image("b", Path.of("b.jpg"), Role.LISTED, null, null));
        List<Ungated> hashed = List.of(
                // finds its item under every setting
                query("q1", Role.LISTED_EDIT, EditKind.BORDER10, "a", zero, 80),
                // 20 bits from its item at quality 40: searched only when the whole floor is 30
                query("q2", Role.LISTED_EDIT, EditKind.MEME_FRAME, "a", PdqHash.of(0xFFFFF, 0, 0, 0), 40),
                // an unrelated image equal to item b: a false hit, and the nearest distance 0
                query("q3", Role.UNRELATED, null, null, ones, 90),
                // an edit of b that hits a: a false hit on another item
                query("q4", Role.LISTED_EDIT, EditKind.HALF_Q60, "b", zero, 80));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (HashListSnapshot list = HashListSnapshot.open(file)) {
            QualityFloors.report(
                    new PrintStream(bytes, true, StandardCharsets.UTF_8),
                    listed,
                    List.of(zero, ones),
                    list,
                    ListSettings.DEFAULTS,
                    hashed,
                    List.of(30));
        }
        String without = " | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | **1** | 0 | 0 | **1** |";
        String with = " | 1 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 2 | **1** | 0 | 0 | **1** |";
        assertThat(bytes.toString(StandardCharsets.UTF_8)
                        .lines()
                        .filter(l -> l.startsWith("| ") && !l.startsWith("| floors")))
                .containsExactly(
                        "| 50/50/50/50" + without + " 0 (q3) |",
                        "| 30/30/30/30" + with + " 0 (q3) |",
                        "| 30/50/50/50" + with + " 0 (q3) |",
                        "| 50/30/50/50" + without + " 0 (q3) |",
                        "| 50/50/30/50" + without + " 0 (q3) |",
                        "| 50/50/50/30" + without + " 0 (q3) |",
                        "| 30/30/30/30, under 50 within 16" + without + " |",
                        "| 30/30/30/30, under 50 within 24" + with + " |");
    }

    @Test
    void eachGroupKeepsWhatReachesItsFloorInOrder() {
        Ungated h = image(
                40,
                List.of(
                        variant(Kind.DIHEDRAL, 1, 40),
                        variant(Kind.TRIM, 2, 35),
                        variant(Kind.UNMARK, 3, 60),
                        variant(Kind.UNCROP, 4, 29),
                        variant(Kind.UNCROP, 5, 30)));
        Floors floors = Floors.all(50).with(Group.REGIONS, 30).with(Group.UNCROP, 30);
        // the own hash (40) is under the whole group's floor: not searched, nor its transforms
        assertThat(QualityFloors.searched(h, floors).stream().map(Searched::hash))
                .containsExactly(PdqHash.of(2, 0, 0, 0), PdqHash.of(3, 0, 0, 0), PdqHash.of(5, 0, 0, 0));
        Query q = QualityFloors.query(h, floors);
        assertThat(q.quality()).isEqualTo(40);
        assertThat(q.variants().stream().map(Query.Variant::hash))
                .containsExactly(PdqHash.of(2, 0, 0, 0), PdqHash.of(3, 0, 0, 0), PdqHash.of(5, 0, 0, 0));
        assertThat(q.variants()).allMatch(v -> v.quality() == Query.QUALITY_UNKNOWN);
        assertThat(QualityFloors.searched(h, Floors.all(40)).stream().map(Searched::hash))
                .containsExactly(PdqHash.of(0, 0, 0, 0), PdqHash.of(1, 0, 0, 0), PdqHash.of(3, 0, 0, 0));
    }

    @Test
    void theCapCutsAfterTheFloors() {
        List<PdqVariant> variants = new ArrayList<>();
        for (int i = 0; i < VariantPolicy.QUERY_MAX_VARIANTS + 5; i++) {
            variants.add(variant(Kind.UNCROP, i, i % 2 == 0 ? 20 : 80));
        }
        Ungated h = image(90, variants);
        List<PdqVariant> high = QualityFloors.kept(h, Floors.all(50));
        assertThat(high).hasSize((VariantPolicy.QUERY_MAX_VARIANTS + 5) / 2);
        assertThat(high.getFirst().pdq()).isEqualTo(PdqHash.of(1, 0, 0, 0));
        List<PdqVariant> all = QualityFloors.kept(h, Floors.all(0));
        assertThat(all).hasSize(VariantPolicy.QUERY_MAX_VARIANTS);
        assertThat(all.getLast().pdq()).isEqualTo(PdqHash.of(VariantPolicy.QUERY_MAX_VARIANTS - 1, 0, 0, 0));
    }
}
