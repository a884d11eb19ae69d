package io.hashmatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Surefire runs only classes named {@code *Test}: a class of tests or properties named otherwise compiles, passes
 * every build and never runs (five property-test classes named {@code *Properties} did so until this test). Every
 * top-level test class whose methods carry a JUnit test annotation must end in {@code Test}.
 */
class TestClassNamesTest {
    private static final Set<String> TEST_ANNOTATIONS = Set.of(
            "org.junit.jupiter.api.Test",
            "org.junit.jupiter.api.RepeatedTest",
            "org.junit.jupiter.api.TestFactory",
            "org.junit.jupiter.params.ParameterizedTest");

    @Test
    void everyClassWithTestsIsNamedSoThatSurefireRunsIt() throws IOException, URISyntaxException {
        Path root = Path.of(TestClassNamesTest.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> classes;
        try (Stream<Path> files = Files.walk(root)) {
            classes = files.map(p -> root.relativize(p).toString())
                    .filter(f -> f.endsWith(".class") && !f.contains("$"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
                    .toList();
        }
        assertThat(classes).contains(TestClassNamesTest.class.getName()); // the walk sees the test classes
        List<String> hidden = classes.stream()
                .filter(name -> !name.endsWith("Test") && hasTests(name))
                .toList();
        assertThat(hidden)
                .as("test classes surefire would never run (rename them to *Test)")
                .isEmpty();
    }

    private static boolean hasTests(String className) {
        Class<?> c;
        try {
            c = Class.forName(className, false, TestClassNamesTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return false; // not loadable without initialising: not a test class surefire could run either
        }
        for (Method m : c.getDeclaredMethods()) {
            for (Annotation a : m.getDeclaredAnnotations()) {
                if (TEST_ANNOTATIONS.contains(a.annotationType().getName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
