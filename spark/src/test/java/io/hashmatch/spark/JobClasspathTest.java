package io.hashmatch.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.scala.DefaultScalaModule$;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The class path the jobs run on is Spark's: one Jackson, at Spark's version, that Spark's Scala module accepts; the
 * engine's libraries that Spark also brings are not there twice.
 */
class JobClasspathTest {
    @Test
    void jacksonIsSparksOwnAndConsistent() {
        String core = com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString();
        String databind = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
        assertThat(core).isEqualTo(databind).startsWith("2.21.");
        // jackson-module-scala refuses a jackson-databind of another minor version (as Spark's JSON would fail)
        new ObjectMapper().registerModule(DefaultScalaModule$.MODULE$);
        assertThat(new Summary("x").put("n", 1).toJson()).isEqualTo("{\"job\":\"x\",\"n\":1}");
    }

    @Test
    void noLibraryIsOnTheClassPathTwice() {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(p -> Path.of(p).getFileName().toString())
                .filter(n -> n.endsWith(".jar"))
                .toList();
        for (String library : List.of(
                "jackson-core-",
                "jackson-databind-",
                "commons-io-",
                "commons-lang3-",
                "commons-codec-",
                "commons-compress-",
                "slf4j-api-",
                "netty-common-",
                "protobuf-java-")) {
            assertThat(jars.stream()
                            .filter(j -> j.startsWith(library) && Character.isDigit(j.charAt(library.length()))))
                    .as(library)
                    .hasSizeLessThanOrEqualTo(1);
        }
        assertThat(jars)
                .anyMatch(j -> j.equals("commons-io-2.22.0.jar"))
                .anyMatch(j -> j.startsWith("jackson-core-2.21"));
    }
}
