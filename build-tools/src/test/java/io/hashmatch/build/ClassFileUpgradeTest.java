package io.hashmatch.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.instruction.DiscontinuedInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@link ClassFileUpgrade} on picocli's own jar (Java 5 class files) and on a class file it must refuse. */
class ClassFileUpgradeTest {
    @TempDir
    Path dir;

    private static Path picocliJar() throws URISyntaxException {
        return Path.of(CommandLine.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    /** Every entry of the jar, name to bytes. */
    private static Map<String, byte[]> entries(Path jar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        return entries;
    }

    @Test
    void picocliClassFilesBecomeVersion52WithFramesThatTheJvmVerifiesAndEveryOtherEntryStaysAsItWas() throws Exception {
        Path jar = Files.copy(picocliJar(), dir.resolve("picocli.jar"));
        Map<String, byte[]> before = entries(jar);
        List<String> old = before.entrySet().stream()
                .filter(e -> e.getKey().startsWith("picocli/") && e.getKey().endsWith(".class"))
                .filter(e -> ClassFileUpgrade.majorVersion(e.getValue()) < 52)
                .map(Map.Entry::getKey)
                .toList();
        assertThat(old).as("picocli ships Java 5 class files").hasSizeGreaterThan(100);

        assertThat(ClassFileUpgrade.upgrade(jar, List.of("picocli/"))).isEqualTo(old.size());

        Map<String, byte[]> after = entries(jar);
        assertThat(after.keySet()).as("same entries").containsExactlyInAnyOrderElementsOf(before.keySet());
        for (String name : before.keySet()) {
            if (old.contains(name)) {
                assertThat(ClassFileUpgrade.majorVersion(after.get(name)))
                        .as(name)
                        .isEqualTo(52);
            } else {
                assertThat(after.get(name)).as(name).isEqualTo(before.get(name));
            }
        }
        // the JVM's own verifier (the type-checking one, without fallback for version 52): linking every class fails
        // with a VerifyError if a frame is missing or wrong; a parse with the same class-file API checks no more
        List<String> loaded = new ArrayList<>();
        // the upgraded jar and this test's classes (for Greet), nothing of the application class path
        URL testClasses =
                ClassFileUpgradeTest.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL(), testClasses}, null)) {
            for (String name : old) {
                String binaryName =
                        name.substring(0, name.length() - ".class".length()).replace('/', '.');
                Class<?> c = Class.forName(binaryName, true, loader);
                assertThat(c.getClassLoader()).isSameAs(loader);
                loaded.add(binaryName);
            }
            // and the upgraded picocli still parses and runs a command
            Class<?> commandLine = loader.loadClass("picocli.CommandLine");
            Object cmd = commandLine.getConstructor(Object.class).newInstance(loader.loadClass(Greet.class.getName()));
            assertThat(commandLine.getMethod("execute", String[].class).invoke(cmd, (Object) new String[] {"--to=x"}))
                    .isEqualTo(7);
        }
        assertThat(loaded).hasSize(old.size());
    }

    /** A command for the upgraded picocli: exit code 7 when {@code --to} is given. */
    @CommandLine.Command(name = "greet")
    static final class Greet implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Option(names = "--to")
        String to = "";

        @Override
        public Integer call() {
            return to.equals("x") ? 7 : 1;
        }
    }

    @Test
    void theSameJarGivesTheSameBytesAndASecondRunChangesNothing() throws Exception {
        Path a = Files.copy(picocliJar(), dir.resolve("a.jar"));
        Path b = Files.copy(picocliJar(), dir.resolve("b.jar"));
        ClassFileUpgrade.upgrade(a, List.of("picocli/"));
        ClassFileUpgrade.upgrade(b, List.of("picocli/"));
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));

        assertThat(ClassFileUpgrade.upgrade(a, List.of("picocli/"))).isZero();
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }

    @Test
    void onlyTheNamedPackagesAreUpgraded() throws Exception {
        Path jar = Files.copy(picocliJar(), dir.resolve("picocli.jar"));
        byte[] before = Files.readAllBytes(jar);
        assertThat(ClassFileUpgrade.upgrade(jar, List.of("picocli/other/", "com/")))
                .isZero();
        assertThat(Files.readAllBytes(jar)).isEqualTo(before);
    }

    @Test
    void aClassFileWithASubroutineFailsTheRunAndLeavesTheJarAsItWas() throws Exception {
        // version 49 code with jsr/ret, as javac wrote finally blocks for Java 1.4: no stack map frames can describe it
        byte[] subroutine = ClassFile.of(ClassFile.StackMapsOption.DROP_STACK_MAPS)
                .build(ClassDesc.of("old.Finally"), cb -> cb.withVersion(49, 0)
                        .withMethodBody("run", MethodTypeDesc.of(ConstantDescs.CD_void), ClassFile.ACC_STATIC, code -> {
                            var sub = code.newLabel();
                            code.with(DiscontinuedInstruction.JsrInstruction.of(sub));
                            code.return_();
                            code.labelBinding(sub);
                            code.astore(0);
                            code.with(DiscontinuedInstruction.RetInstruction.of(0));
                        }));
        Path jar = dir.resolve("old.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new ZipEntry("old/Finally.class"));
            out.write(subroutine);
            out.putNextEntry(new ZipEntry("old/Plain.class"));
            out.write(ClassFile.of().build(ClassDesc.of("old.Plain"), cb -> cb.withVersion(49, 0)));
        }
        byte[] before = Files.readAllBytes(jar);

        assertThatThrownBy(() -> ClassFileUpgrade.upgrade(jar, List.of("old/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot upgrade /old/Finally.class: ");
        assertThat(Files.readAllBytes(jar)).isEqualTo(before);
    }
}
