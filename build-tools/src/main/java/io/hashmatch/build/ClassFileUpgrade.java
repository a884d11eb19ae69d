package io.hashmatch.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.constant.ClassDesc;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Rewrites the class files of some packages inside a jar to class-file version 52 (Java 8) with stack map frames, in
 * place, so that JDK 25's AOT cache stores them: it leaves out class files older than version 50 and those of version
 * 50 without stack map frames, which a JVM using the cache then loads and verifies from the jar at every start (the
 * picocli jar is made of version 49 class files).
 *
 * <p>Each class file of a named package whose version is below 52 is parsed and written again with the JDK's class-file
 * API: same members, same bytecode, version 52.0, stack map frames computed from the bytecode and the class hierarchy
 * (read from the jar's own class files and the running JDK's). A class file whose code the API cannot describe with
 * frames (the {@code jsr}/{@code ret} instructions of class files before version 50) fails the whole run, so the jar
 * never holds a half-upgraded package. Every other entry is copied unchanged (the jar is rewritten through the JDK's
 * zip file system, which may write the entries in another order); an upgraded entry keeps its name and modification
 * time, so the same jar in gives the same jar out.
 *
 * <p>Usage: {@code ClassFileUpgrade JAR PACKAGE...}, a package as a path prefix such as {@code picocli/}. Prints how
 * many class files it upgraded.
 */
public final class ClassFileUpgrade {
    /**
     * Java 8's class-file version, which requires stack map frames (as every version from 51 on does): a class file of
     * it is one JDK 25's AOT cache stores, and the Java 5 code of an older one is valid in it.
     */
    static final int TARGET_MAJOR_VERSION = ClassFile.JAVA_8_VERSION;

    private ClassFileUpgrade() {}

    /**
     * Upgrades the class files of the given packages in the jar, in place.
     *
     * @param args the jar, then one or more package path prefixes ({@code picocli/})
     * @throws IOException if the jar cannot be read or written
     * @throws IllegalArgumentException if fewer than two arguments are given, or a class file of a named package
     *     cannot be rewritten with frames
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: ClassFileUpgrade JAR PACKAGE... (e.g. picocli/)");
        }
        List<String> packages = List.of(args).subList(1, args.length);
        int upgraded = upgrade(Path.of(args[0]), packages);
        System.out.printf(
                "ClassFileUpgrade: %d class files of %s in %s upgraded to version %d%n",
                upgraded, String.join(", ", packages), args[0], TARGET_MAJOR_VERSION);
    }

    /**
     * Upgrades, in place, every class file of the jar whose name starts with one of the prefixes and whose major
     * version is below {@link #TARGET_MAJOR_VERSION}.
     *
     * @return how many class files were upgraded
     * @throws IOException if the jar cannot be read or written
     * @throws IllegalArgumentException if a class file cannot be rewritten with frames
     */
    static int upgrade(Path jar, List<String> packagePrefixes) throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(jar)) {
            Map<String, Path> classFiles = new TreeMap<>();
            try (Stream<Path> entries = Files.walk(zip.getPath("/"))) {
                entries.filter(p -> p.toString().endsWith(".class") && Files.isRegularFile(p))
                        .forEach(p -> classFiles.put(p.toString().substring(1), p));
            }
            ClassFile classFile = ClassFile.of(
                    ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(desc -> open(classFiles, desc)))
                            .cached()));
            List<Path> old = new ArrayList<>();
            for (Map.Entry<String, Path> e : classFiles.entrySet()) {
                if (packagePrefixes.stream().anyMatch(e.getKey()::startsWith)
                        && majorVersion(Files.readAllBytes(e.getValue())) < TARGET_MAJOR_VERSION) {
                    old.add(e.getValue());
                }
            }
            // every class file is rewritten before the first is written back: a failure leaves the jar as it was
            Map<Path, byte[]> rewritten = new TreeMap<>();
            for (Path p : old) {
                rewritten.put(p, rewrite(classFile, Files.readAllBytes(p), p.toString()));
            }
            for (Map.Entry<Path, byte[]> e : rewritten.entrySet()) {
                FileTime modified = Files.getLastModifiedTime(e.getKey());
                Files.write(e.getKey(), e.getValue());
                Files.setLastModifiedTime(e.getKey(), modified);
            }
            return rewritten.size();
        }
    }

    /** The class file's major version (bytes 6-7, big-endian). */
    static int majorVersion(byte[] classFile) {
        if (classFile.length < 8) {
            throw new IllegalArgumentException("not a class file: " + classFile.length + " bytes");
        }
        return (classFile[6] & 0xff) << 8 | (classFile[7] & 0xff);
    }

    private static byte[] rewrite(ClassFile classFile, byte[] bytes, String name) {
        try {
            ClassModel model = classFile.parse(bytes);
            // rebuilding every method body (not copying its Code attribute) is what makes the API compute frames
            return classFile.transformClass(
                    model,
                    ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                            .andThen((builder, element) -> {
                                if (element instanceof ClassFileVersion) {
                                    builder.withVersion(TARGET_MAJOR_VERSION, 0);
                                } else {
                                    builder.with(element);
                                }
                            }));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot upgrade " + name + ": " + e.getMessage(), e);
        }
    }

    /** The jar's class file of that class, or null when it holds none (the JDK's resolver then says it is unknown). */
    private static @Nullable InputStream open(Map<String, Path> classFiles, ClassDesc desc) {
        String name = desc.descriptorString();
        Path p = classFiles.get(name.substring(1, name.length() - 1) + ".class");
        if (p == null) {
            return null;
        }
        try {
            return Files.newInputStream(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
