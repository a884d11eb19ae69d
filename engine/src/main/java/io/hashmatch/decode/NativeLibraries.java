package io.hashmatch.decode;

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
 * </ul>
 *
 * <p>Thread-safe: the work is done once, by the first caller, while the others wait for it.
 */
public final class NativeLibraries {
    /** JavaCPP's system property naming the platform extension (such as {@code -gpu}) of the libraries to load. */
    static final String PLATFORM_EXTENSION = "org.bytedeco.javacpp.platform.extension";

    static {
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

    /** Prepares JavaCPP (once per process; later calls return at once). */
    public static void prepare() {
        // the static initialiser did the work
    }
}
