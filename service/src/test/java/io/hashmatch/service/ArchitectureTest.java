package io.hashmatch.service;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import io.hashmatch.hash.FileHasher;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Layering: the engine knows nothing of Micronaut, picocli or the service; the service's packages form no cycle,
 * and the CLI sits on top of them (only the application's main class starts it). Engine classes are imported from the engine's build output on
 * the test classpath (its jar or {@code engine/target/classes}), not from sources.
 */
class ArchitectureTest {
    private static final String ENGINE = "io.hashmatch..";
    private static final String SERVICE = "io.hashmatch.service..";
    private static final String SERVICE_SLICES = "io.hashmatch.service.(**)";
    private static final String CLI = "io.hashmatch.service.cli..";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // only the engine's and the service's own class roots: scanning every jar on the classpath for the
        // package (OpenCV, FFmpeg natives...) is slow
        Set<Location> roots = Set.of(classRoot(FileHasher.class), classRoot(HashmatchApplication.class));
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importLocations(roots);
        // guard against a vacuous pass: both sides must have been imported
        assertThat(classes.contain("io.hashmatch.hash.FileHasher")).isTrue();
        assertThat(classes.contain("io.hashmatch.decode.DecodeLimits")).isTrue();
        assertThat(classes.contain("io.hashmatch.service.HashmatchApplication")).isTrue();
    }

    /** The directory or jar {@code c} was loaded from. */
    private static Location classRoot(Class<?> c) {
        try {
            return Location.of(
                    c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void engineDependsOnNeitherMicronautNorPicocliNorTheService() {
        noClasses()
                .that()
                .resideInAPackage(ENGINE)
                .and()
                .resideOutsideOfPackage(SERVICE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.micronaut..", "picocli..", SERVICE)
                .because("the engine is a plain library; Micronaut and picocli belong to the service module")
                .check(classes);
    }

    @Test
    void theDependencyRuleSeesMicronautAndPicocliWhereTheyAreUsed() {
        // the same rule over the service must fail: proves the import records those dependencies
        assertThatThrownBy(() -> noClasses()
                        .that()
                        .resideInAPackage(SERVICE)
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage("io.micronaut..", "picocli..")
                        .check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("io.hashmatch.service.HashmatchApplication")
                .hasMessageContaining("picocli.CommandLine");
    }

    @Test
    void theServicePackagesAreFreeOfCycles() {
        slices().matching(SERVICE_SLICES)
                .should()
                .beFreeOfCycles()
                .because("each package of the service builds on the ones below it")
                .check(classes);
    }

    @Test
    void onlyTheApplicationStartsTheCli() {
        noClasses()
                .that()
                .resideInAPackage(SERVICE)
                .and()
                .resideOutsideOfPackage(CLI)
                .and()
                .resideOutsideOfPackage("io.hashmatch.service")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(CLI)
                .because("the CLI is the top of the service: the HTTP API, security, audit and the JSON and list code"
                        + " below it must not need it")
                .check(classes);
    }
}
