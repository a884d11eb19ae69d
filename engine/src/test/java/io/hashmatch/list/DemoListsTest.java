package io.hashmatch.list;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed demo lists are exactly what {@link DemoLists} writes (golden files). */
class DemoListsTest {
  @TempDir
  Path dir;

  @Test
  void committedDemoListsAreWhatTheGeneratorWrites() throws Exception {
    Path root = DemoLists.repositoryRoot();
    Path committed = root.resolve("hashlists/demo");
    if (Boolean.getBoolean("hashmatch.regenerate")) {
      DemoLists.generate(DemoLists.imagesDir(root), committed);
    }
    DemoLists.generate(DemoLists.imagesDir(root), dir);
    List<String> names = new ArrayList<>(DemoLists.FILES);
    names.add(DemoLists.MANIFEST);
    for (String name : names) {
      assertThat(Files.readString(committed.resolve(name))).as("%s (regenerate: see DemoLists)", name)
          .isEqualTo(Files.readString(dir.resolve(name)));
      assertThat(Files.mismatch(committed.resolve(name), dir.resolve(name))).as(name).isEqualTo(-1L);
    }
  }
}
