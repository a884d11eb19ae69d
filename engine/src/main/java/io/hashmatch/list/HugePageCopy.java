package io.hashmatch.list;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A read-only copy of a mapped section in anonymous memory backed by 2 MB transparent huge pages (Linux x86-64 and
 * aarch64; {@code mmap}, {@code madvise(MADV_HUGEPAGE)}, {@code mprotect} through FFM).
 *
 * <p>Why: a multi-index search makes ~5 000 random loads per query into a region of ~1.2 GB at 10 M entries. On 4 KB
 * pages nearly every one of them also misses the TLB and walks the page tables (in a virtual machine, two levels of
 * them); on 2 MB pages the region is a few hundred TLB entries. A snapshot mapped from a file stays on 4 KB pages
 * (page-cache pages of an ordinary file system), hence the copy. The copy is made from the mapped bytes after they
 * were checked, is never written again (read-only after the copy) and is unmapped when the arena closes.
 *
 * <p>Stateless; thread-safe.
 */
@SuppressWarnings("restricted") // mmap/madvise/mprotect/munmap through FFM: the JVM runs with --enable-native-access
final class HugePageCopy {
    private HugePageCopy() {}

    static final long HUGE_PAGE = 2L << 20;
    /** Below this a section fits in what the TLB covers on 4 KB pages anyway (a few MB) or costs too little. */
    static final long MIN_BYTES = 64L << 20;

    private static final int PROT_READ = 0x1;
    private static final int PROT_READ_WRITE = 0x3;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x22;
    private static final int MADV_HUGEPAGE = 14;
    private static final int MADV_COLLAPSE = 25;
    private static final Path THP_ENABLED = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    /** The libc calls, or null where there is no such libc (then nothing is copied). */
    private record Calls(MethodHandle mmap, MethodHandle madvise, MethodHandle mprotect, MethodHandle munmap) {}

    private static final @Nullable Calls CALLS = calls();

    private static @Nullable Calls calls() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            FunctionDescriptor addressLengthInt = FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT);
            return new Calls(
                    linker.downcallHandle(
                            libc.find("mmap").orElseThrow(),
                            FunctionDescriptor.of(
                                    ValueLayout.ADDRESS,
                                    ValueLayout.ADDRESS,
                                    ValueLayout.JAVA_LONG,
                                    ValueLayout.JAVA_INT,
                                    ValueLayout.JAVA_INT,
                                    ValueLayout.JAVA_INT,
                                    ValueLayout.JAVA_LONG)),
                    linker.downcallHandle(libc.find("madvise").orElseThrow(), addressLengthInt),
                    linker.downcallHandle(libc.find("mprotect").orElseThrow(), addressLengthInt),
                    linker.downcallHandle(
                            libc.find("munmap").orElseThrow(),
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG)));
        } catch (RuntimeException | LinkageError e) { // no native access, no such symbol
            return null;
        }
    }

    /**
     * Why {@code bytes} of section cannot be copied here, or null if they can: transparent huge pages off
     * ({@code never}), no libc calls, a section under {@code minBytes} ({@link #MIN_BYTES} outside tests), or less memory
     * available than twice the copy ({@code MemAvailable} of {@code /proc/meminfo}), so that the copy does not push
     * out the page cache the rest of the machine needs.
     */
    static @Nullable String refusal(long bytes, long minBytes) {
        if (CALLS == null) {
            return "no Linux libc calls";
        }
        if (bytes < minBytes) {
            return "smaller than " + (minBytes >> 20) + " MB";
        }
        try {
            String mode = Files.readString(THP_ENABLED);
            if (!mode.contains("[always]") && !mode.contains("[madvise]")) {
                return "transparent huge pages are off: " + mode.strip();
            }
            long available = memAvailable();
            if (available < 2 * bytes) {
                return "memory available " + (available >> 20) + " MB, less than twice " + (bytes >> 20) + " MB";
            }
        } catch (IOException | RuntimeException e) {
            return "cannot read " + THP_ENABLED + " or " + MEMINFO + ": " + e;
        }
        return null;
    }

    private static long memAvailable() throws IOException {
        for (String line : Files.readAllLines(MEMINFO)) {
            if (line.startsWith("MemAvailable:")) { // "MemAvailable:   16220408 kB"
                return Long.parseLong(line.substring("MemAvailable:".length(), line.length() - 2)
                                .strip())
                        << 10;
            }
        }
        throw new IllegalStateException("no MemAvailable");
    }

    /**
     * The copy of {@code source}, owned by {@code arena} (unmapped when it closes), or null if the memory cannot be
     * mapped or advised; the caller checked {@link #refusal} first.
     */
    static @Nullable MemorySegment copy(MemorySegment source, Arena arena) {
        Calls c = CALLS;
        if (c == null) {
            return null;
        }
        long size = (source.byteSize() + HUGE_PAGE - 1) & -HUGE_PAGE;
        long total = size + HUGE_PAGE; // room to start on a 2 MB boundary
        try {
            MemorySegment raw = (MemorySegment)
                    c.mmap().invokeExact(MemorySegment.NULL, total, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0L);
            if (raw.address() == -1L) { // MAP_FAILED
                return null;
            }
            MethodHandle munmap = c.munmap();
            MemorySegment owned = raw.reinterpret(total, arena, s -> unmap(munmap, s));
            MemorySegment aligned = owned.asSlice(((raw.address() + HUGE_PAGE - 1) & -HUGE_PAGE) - raw.address(), size);
            // advised before the first touch, so that the copy's page faults take 2 MB pages
            if ((int) c.madvise().invokeExact(aligned, size, MADV_HUGEPAGE) != 0) {
                return null; // unmapped with the arena
            }
            MemorySegment.copy(source, 0, aligned, 0, source.byteSize());
            // the faults above take a small page where no free 2 MB block was at hand (a fragmented, busy machine:
            // 700 of 1 180 MB seen); MADV_COLLAPSE (Linux 6.1) compacts and collapses the rest now. Best effort.
            int _ = (int) c.madvise().invokeExact(aligned, size, MADV_COLLAPSE);
            if ((int) c.mprotect().invokeExact(aligned, size, PROT_READ) != 0) {
                return null;
            }
            return aligned.asSlice(0, source.byteSize());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) { // invokeExact declares Throwable; the calls above throw nothing checked
            throw new IllegalStateException(e);
        }
    }

    private static void unmap(MethodHandle munmap, MemorySegment s) {
        try {
            int rc = (int) munmap.invokeExact(s, s.byteSize());
            assert rc == 0;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
