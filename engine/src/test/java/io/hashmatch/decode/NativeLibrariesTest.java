package io.hashmatch.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** What {@link NativeLibraries} leaves in the process environment the native libraries read. */
class NativeLibrariesTest {
    @Test
    void theLibrariesEnvironmentHoldsOurDefaultsUnlessTheOperatorSetThem() throws Throwable {
        NativeLibraries.initialise();

        // System.getenv is the environment the JVM started with; libc's getenv is what a library reads now
        assertThat(nativeGetenv(NativeLibraries.OPENBLAS_NUM_THREADS))
                .isEqualTo(Objects.requireNonNullElse(System.getenv(NativeLibraries.OPENBLAS_NUM_THREADS), "1"));
        assertThat(nativeGetenv(NativeLibraries.OPENCV_LOG_LEVEL))
                .isEqualTo(Objects.requireNonNullElse(System.getenv(NativeLibraries.OPENCV_LOG_LEVEL), "SILENT"));
    }

    @SuppressWarnings("restricted")
    private static @Nullable String nativeGetenv(String name) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle getenv = linker.downcallHandle(
                linker.defaultLookup().find("getenv").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = (MemorySegment) getenv.invokeExact(arena.allocateFrom(name));
            return value.equals(MemorySegment.NULL)
                    ? null
                    : value.reinterpret(4096).getString(0);
        }
    }
}
