package io.hashmatch.decode;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.jspecify.annotations.Nullable;

/**
 * The one way into JavaCPP, which loads the native libraries of OpenCV (images) and FFmpeg (videos): a class that
 * touches JavaCPP classes first has them initialised here, {@link #initialise} (FFmpeg's) or {@link #loadOpenCv}.
 *
 * <ul>
 *   <li>One load at a time: JavaCPP's loading runs under this class's lock, and it initialises JavaCPP's base class
 *       {@code Pointer} before any library is loaded. JavaCPP loads a library holding the lock of its {@code Loader}
 *       class, and a library's {@code JNI_OnLoad} needs {@code Pointer} initialised; two threads loading at once
 *       could each hold one and wait for the other for ever (seen when OpenCV was loaded ahead on one thread while a
 *       hashing thread decoded a JPEG).
 *   <li>OpenCV's libraries are loaded from JavaCPP's cache in the order of a {@link LibraryList} written by an
 *       earlier process, with {@link System#load}: JavaCPP's {@code Loader} would search for them again (its
 *       annotations, class-path resources and the cache's check against the jar, in the interpreter) for about 0.2
 *       CPU seconds. While that runs, JavaCPP's {@value #LOAD_LIBRARIES} is false, so the classes' own
 *       initialisers load nothing; it is cleared again at once. Without a list that holds (the first run, a new
 *       jar), JavaCPP's {@code Loader} loads them, extracting what the cache lacks, and the list is written. The
 *       list is used only when no other JavaCPP or preset system property is set but the cache folder (and the
 *       platform extension below, empty).
 *   <li>Unless the system property {@value #PLATFORM_EXTENSION} is set, it sets it to the empty string: no
 *       platform extension. Without it JavaCPP also tries every library of the extensions it knows (OpenCV's
 *       {@code -gpu}: CUDA, cuDNN, NPP), 24 libraries that are not there, for about 0.2 CPU seconds per process.
 *   <li>Before any library loads, it sets two variables of the process environment that the libraries read when
 *       they load, each unless it is set (by the operator, or by the {@code hashmatch} launcher, which spares the
 *       process the native call): {@value #OPENCV_LOG_LEVEL}{@code =SILENT} (every OpenCV failure comes back as a
 *       typed {@link DecodeException} anyway) and {@value #OPENBLAS_NUM_THREADS}{@code =1}. OpenCV's core links
 *       OpenBLAS, which starts a worker thread per further CPU; those workers spin for a while after the load,
 *       about 0.1-0.2 CPU seconds on a second core, and nothing the engine calls uses BLAS.
 * </ul>
 *
 * <p>Thread-safe: loads run one at a time; a thread that needs a library being loaded waits for it.
 */
public final class NativeLibraries {
    /** JavaCPP's system property naming the platform extension (such as {@code -gpu}) of the libraries to load. */
    static final String PLATFORM_EXTENSION = "org.bytedeco.javacpp.platform.extension";

    /** JavaCPP's system property that, false, makes its classes' initialisers load no library. */
    static final String LOAD_LIBRARIES = "org.bytedeco.javacpp.loadLibraries";

    /** OpenCV's environment variable for its log level. */
    static final String OPENCV_LOG_LEVEL = "OPENCV_LOG_LEVEL";

    /** OpenBLAS's environment variable for its thread count. */
    static final String OPENBLAS_NUM_THREADS = "OPENBLAS_NUM_THREADS";

    private static final Object LOCK = new Object();

    static {
        setEnvironmentUnlessSet(OPENCV_LOG_LEVEL, "SILENT", OPENBLAS_NUM_THREADS, "1");
        if (System.getProperty(PLATFORM_EXTENSION) == null) {
            System.setProperty(PLATFORM_EXTENSION, "");
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
        boolean allSet = true;
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            allSet &= System.getenv(namesAndValues[i]) != null;
        }
        if (allSet) {
            return; // set when the JVM started: no native call (its linker costs a few hundredths of a CPU second)
        }
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

    /**
     * Initialises JavaCPP classes, in this order, under the lock of every JavaCPP load: their initialisers load their
     * libraries through JavaCPP's {@code Loader} (for FFmpeg: JavaCV's {@code FFmpegFrameGrabber}, which loads all of
     * FFmpeg's). A class that cannot be initialised is not reported here: its first use reports it.
     */
    public static void initialise(Class<?>... classes) {
        synchronized (LOCK) {
            initialiseAll(List.of(classes));
        }
    }

    /**
     * Loads OpenCV's libraries (from the cache's {@link LibraryList} when it holds, else through JavaCPP's
     * {@code Loader}, then writing the list) and initialises {@code classes}, the JavaCPP classes the decoder uses.
     */
    static void loadOpenCv(List<Class<?>> classes) {
        synchronized (LOCK) {
            ClassLoader loader = NativeLibraries.class.getClassLoader();
            Path cacheDir = listAllowed() ? cacheDir() : null;
            Path list = cacheDir == null ? null : cacheDir.resolve(LibraryList.FILE_NAME);
            List<Path> files = list == null ? null : LibraryList.read(list, loader::getResource);
            if (files != null && loadListed(files, classes)) {
                return;
            }
            initialiseAll(classes);
            if (cacheDir != null && list != null) {
                try {
                    List<LibraryList.Entry> entries =
                            LibraryList.of(Loader.getLoadedLibraries(), cacheDir, loader::getResource);
                    if (entries != null) {
                        LibraryList.write(list, entries);
                    }
                } catch (IOException | RuntimeException e) {
                    // no list: the next process loads through JavaCPP's Loader again
                }
            }
        }
    }

    /** {@code Pointer}, then {@code classes}, initialised; with JavaCPP's libraries loading as they do. */
    private static void initialiseAll(List<Class<?>> classes) {
        try {
            Class.forName(Pointer.class.getName(), true, Pointer.class.getClassLoader());
            for (Class<?> c : classes) {
                Class.forName(c.getName(), true, c.getClassLoader());
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // no JavaCPP or a library that does not load: the first use of the class reports it
        }
    }

    /**
     * Loads {@code files} in order, then initialises {@code Pointer} and {@code classes} with JavaCPP's loading off;
     * false when a file did not load (nothing was initialised but {@code Pointer}: JavaCPP's {@code Loader} takes
     * over and loads what is missing).
     */
    @SuppressWarnings("restricted") // System.load of the libraries JavaCPP itself loaded from these files before
    private static boolean loadListed(List<Path> files, List<Class<?>> classes) {
        System.setProperty(LOAD_LIBRARIES, "false");
        try {
            // Pointer first: the libraries' JNI_OnLoad looks up its fields
            Class.forName(Pointer.class.getName(), true, Pointer.class.getClassLoader());
            for (Path file : files) {
                System.load(file.toString());
            }
            for (Class<?> c : classes) {
                Class.forName(c.getName(), true, c.getClassLoader());
            }
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        } finally {
            System.clearProperty(LOAD_LIBRARIES);
        }
    }

    /**
     * Whether a {@link LibraryList} may stand in for JavaCPP's search: no system property of JavaCPP or a preset
     * (names starting {@code org.bytedeco.}) is set but the cache folder, the logger's and the empty platform
     * extension; any other (another platform, paths first, OpenBLAS replaced by MKL ...) can change what loads.
     */
    private static boolean listAllowed() {
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("org.bytedeco.")
                    && !name.equalsIgnoreCase("org.bytedeco.javacpp.cachedir")
                    && !name.startsWith("org.bytedeco.javacpp.logger")
                    && !(name.equals(PLATFORM_EXTENSION)
                            && System.getProperty(name, "").isEmpty())) {
                return false;
            }
        }
        return true;
    }

    /** JavaCPP's cache folder; null when it cannot be made. */
    private static @Nullable Path cacheDir() {
        try {
            return Loader.getCacheDir().toPath();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
