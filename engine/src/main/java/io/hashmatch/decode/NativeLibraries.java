package io.hashmatch.decode;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.bytedeco.javacpp.Pointer;

/**
 * The one way into JavaCPP, which loads the native libraries of OpenCV (images) and FFmpeg (videos): every class
 * that touches a JavaCPP class first calls {@link #prepare()}.
 *
 * <ul>
 *   <li>It initialises JavaCPP's base class {@code Pointer} before any library is loaded. JavaCPP loads a library
 *       holding the lock of its {@code Loader} class, and a library's {@code JNI_OnLoad} needs {@code Pointer}
 *       initialised; a thread that initialises {@code Pointer} in the meantime waits for that lock: both threads wait
 *       for ever (seen when OpenCV was loaded ahead on one thread while a hashing thread decoded a JPEG).
 *       With {@code Pointer} initialised first, here, under this class's own initialisation, no thread can hold one
 *       and wait for the other.
 *   <li>Unless the system property {@value #PLATFORM_EXTENSION} is set, it sets it to the empty string: no
 *       platform extension. Without it JavaCPP also tries every library of the extensions it knows (OpenCV's
 *       {@code -gpu}: CUDA, cuDNN, NPP), 24 libraries that are not there, for about 0.2 CPU seconds per process.
 *   <li>Before any library loads, it sets two variables of the process environment that the libraries read when
 *       they load, each unless the operator set it: {@value #OPENCV_LOG_LEVEL}{@code =SILENT} (every OpenCV failure
 *       comes back as a typed {@link DecodeException} anyway) and {@value #OPENBLAS_NUM_THREADS}{@code =1}. OpenCV's
 *       core links OpenBLAS (loaded twice, as two presets), which starts a worker thread per further CPU for each
 *       copy; those workers spin for a while after the load, about 0.1-0.2 CPU seconds on a second core, and
 *       nothing the engine calls uses BLAS.
 * </ul>
 *
 * <p>Thread-safe: the work is done once, by the first caller, while the others wait for it.
 */
public final class NativeLibraries {
    /** JavaCPP's system property naming the platform extension (such as {@code -gpu}) of the libraries to load. */
    static final String PLATFORM_EXTENSION = "org.bytedeco.javacpp.platform.extension";

    /** OpenCV's environment variable for its log level. */
    static final String OPENCV_LOG_LEVEL = "OPENCV_LOG_LEVEL";

    /** OpenBLAS's environment variable for its thread count. */
    static final String OPENBLAS_NUM_THREADS = "OPENBLAS_NUM_THREADS";

    static {
        setEnvironmentUnlessSet(OPENCV_LOG_LEVEL, "SILENT", OPENBLAS_NUM_THREADS, "1");
        if (System.getProperty(PLATFORM_EXTENSION) == null) {
            System.setProperty(PLATFORM_EXTENSION, "");
        }
        try {
            Class.forName(Pointer.class.getName(), true, Pointer.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            // no JavaCPP: the first use of a native library reports it
        }
    }

    private NativeLibraries() {}

    /**
     * Sets environment variables (name, value, name, value ...) that are not set yet, with libc's {@code setenv}: Java
     * cannot change its process environment, and a native library reads it from libc. Best effort and silent: without
     * native access (or on a non-POSIX libc) the libraries keep their defaults.
     */
    @SuppressWarnings("restricted") // setenv through the FFM linker is the point; failures are caught below
    private static void setEnvironmentUnlessSet(String... namesAndValues) {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle setenv = linker.downcallHandle(
                    linker.defaultLookup().find("setenv").orElseThrow(),
                    FunctionDescriptor.of(
                            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            try (Arena arena = Arena.ofConfined()) {
                for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
                    // overwrite 0: a value the operator set (also one set natively since the JVM started) stays
                    int _ = (int) setenv.invokeExact(
                            arena.allocateFrom(namesAndValues[i]), arena.allocateFrom(namesAndValues[i + 1]), 0);
                }
            }
        } catch (Throwable ignored) {
            // the libraries keep their defaults
        }
    }

    /** Prepares JavaCPP (once per process; later calls return at once). */
    public static void prepare() {
        // the static initialiser did the work
    }
}
