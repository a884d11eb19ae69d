package io.hashmatch.service;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import org.jspecify.annotations.Nullable;

/**
 * Where JavaCPP extracts the native libraries of OpenCV and FFmpeg: the folder {@code javacpp-cache} next to
 * {@code hashmatch.jar} (for {@code ./hashmatch}: {@code service/target/javacpp-cache}). JavaCPP's own default is
 * {@code ~/.javacpp/cache}, and when the home folder is not writable {@code /tmp/.javacpp-<user>}, a predictable path
 * in a shared folder where another local user could have put libraries of their own first. The system property
 * {@value #PROPERTY} (for example in {@code JAVA_OPTS}) chooses another folder; when the jar's folder is not writable,
 * JavaCPP's default applies.
 *
 * <p>Stateless; call {@link #configure} before anything loads a native library.
 */
final class NativeLibraryCache {
    /** JavaCPP's system property for its cache folder. */
    static final String PROPERTY = "org.bytedeco.javacpp.cachedir";

    /** The cache folder's name, next to the jar. */
    static final String FOLDER = "javacpp-cache";

    private NativeLibraryCache() {}

    /** Sets {@value #PROPERTY} to the folder next to the jar holding {@code main}, unless it is set already. */
    static void configure(Class<?> main) {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        Path folder = folderNextTo(location(main));
        if (folder != null) {
            System.setProperty(PROPERTY, folder.toString());
        }
    }

    /** The jar or classes folder {@code main} was loaded from; null when unknown. */
    private static @Nullable Path location(Class<?> main) {
        try {
            CodeSource source = main.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The writable cache folder next to {@code jar}, created if needed; null when {@code jar} is not a file (run from
     * classes, in the tests or an IDE) or the folder cannot be made: then JavaCPP's default applies.
     */
    static @Nullable Path folderNextTo(@Nullable Path jar) {
        if (jar == null || !Files.isRegularFile(jar) || jar.toAbsolutePath().getParent() == null) {
            return null;
        }
        try {
            Path folder = jar.toAbsolutePath().getParent().resolve(FOLDER);
            // there at every start but the first, when createDirectories would throw and catch an exception to see it
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder);
            }
            return Files.isWritable(folder) ? folder : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
