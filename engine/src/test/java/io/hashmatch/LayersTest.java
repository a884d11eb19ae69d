package io.hashmatch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's packages are layers in data-flow order: bytes are decoded, hashed, indexed, grouped into videos,
 * stored in lists, matched, scanned in bulk and reported. A class may use classes of its own layer and of earlier
 * layers only, so each layer can be understood (and tested) without the ones after it. A sub-package belongs to
 * its parent's layer ({@code list.format} and {@code list.metadata} are {@code list}).
 */
class LayersTest {
    /** The layers, earliest first. */
    static final List<String> LAYERS =
            List.of("disk", "decode", "hash", "index", "video", "list", "match", "scan", "report");

    private static JavaClasses engine;

    @BeforeAll
    static void importEngine() {
        engine = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.hashmatch");
        // guard against a vacuous pass: every layer must have been imported
        for (String layer : LAYERS) {
            assertThat(engine.stream().anyMatch(c -> layer.equals(layerOf(c.getPackageName(), LAYERS))))
                    .as("classes imported from layer %s", layer)
                    .isTrue();
        }
    }

    @Test
    void eachLayerUsesOnlyItselfAndEarlierLayers() {
        layerRule(LAYERS).check(engine);
    }

    @Test
    void aLaterLayerUsedByAnEarlierOneIsCaught() {
        // the same rule with report placed first must fail on report's use of scan: proves dependencies are seen
        List<String> reordered = new ArrayList<>(LAYERS);
        reordered.remove("report");
        reordered.addFirst("report");
        assertThatThrownBy(() -> layerRule(reordered).check(engine))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("io.hashmatch.report.ScanReport (layer report) uses io.hashmatch.scan.");
    }

    private static ArchRule layerRule(List<String> layers) {
        return classes()
                .that()
                .resideInAPackage("io.hashmatch..")
                .should(
                        new ArchCondition<JavaClass>(
                                "use only classes of their own layer or earlier ones, " + String.join(" -> ", layers)) {
                            @Override
                            public void check(JavaClass c, ConditionEvents events) {
                                String from = layerOf(c.getPackageName(), layers);
                                if (from == null) {
                                    return;
                                }
                                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                                    String to = layerOf(d.getTargetClass().getPackageName(), layers);
                                    if (to != null && layers.indexOf(to) > layers.indexOf(from)) {
                                        events.add(SimpleConditionEvent.violated(
                                                d,
                                                c.getName() + " (layer " + from + ") uses "
                                                        + d.getTargetClass().getName() + " (layer " + to + "): "
                                                        + d.getDescription()));
                                    }
                                }
                            }
                        });
    }

    /** The layer of a package ({@code io.hashmatch.list.format} is in {@code list}), or null if in none. */
    private static @Nullable String layerOf(String packageName, List<String> layers) {
        String prefix = "io.hashmatch.";
        if (!packageName.startsWith(prefix)) {
            return null;
        }
        String rest = packageName.substring(prefix.length());
        int dot = rest.indexOf('.');
        String top = dot < 0 ? rest : rest.substring(0, dot);
        return layers.contains(top) ? top : null;
    }
}
