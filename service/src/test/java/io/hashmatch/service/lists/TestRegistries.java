package io.hashmatch.service.lists;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Registries for tests of other packages, without an application context. */
public final class TestRegistries {
    private TestRegistries() {}

    /** A registry of {@code specs} on {@code workDir}, not watching, with no settle time. */
    public static ListRegistry create(List<String> specs, Path workDir) {
        return new ListRegistry(new ListsConfiguration(specs, workDir.toString(), false, 50, false, Duration.ZERO));
    }
}
