package io.hashmatch.disk;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.jspecify.annotations.Nullable;

/**
 * The Sleuth Kit's C API (Debian's {@code libtsk19}, TSK 4.11) through the Foreign Function & Memory API: the few
 * functions hashmatch calls, and the byte offsets of the struct fields it reads.
 *
 * <p><b>Layouts.</b> The offsets below are those of {@code tsk/fs/tsk_fs.h}, {@code tsk/vs/tsk_vs.h} and
 * {@code tsk/img/tsk_img.h} of TSK 4.11.1 on x86-64 Linux (LP64), measured with {@code offsetof} against those
 * headers; a different TSK major version has a different soname ({@code libtsk.so.19} is looked up by that name),
 * so a layout change cannot be loaded by mistake.
 *
 * <p>The library is loaded on first use of {@link #get()}; a machine without it gets {@link DiskImageException}
 * with reason {@link DiskImageException.Reason#LIBRARY_MISSING}. TSK's error state is per thread; every handle
 * here is used by one thread at a time (see {@link DiskImage}).
 */
@SuppressWarnings("restricted") // FFM calls into libtsk/libewf: the JVM runs with --enable-native-access
final class Tsk {
    static final String LIBRARY = "libtsk.so.19";

    // TSK_IMG_INFO
    static final long IMG_SIZE = 8; // TSK_OFF_T size
    static final long IMG_SECTOR_SIZE = 20; // unsigned int sector_size
    // TSK_VS_INFO
    static final long VS_TYPE = 16; // TSK_VS_TYPE_ENUM
    static final long VS_IS_BACKUP = 20; // uint8_t: the table was read from its backup copy
    static final long VS_BLOCK_SIZE = 32; // unsigned int
    static final long VS_PART_COUNT = 48; // TSK_PNUM_T (uint32)
    // TSK_VS_PART_INFO
    static final long PART_START = 32; // TSK_DADDR_T, in volume blocks
    static final long PART_LEN = 40;
    static final long PART_DESC = 48; // char *
    static final long PART_FLAGS = 64; // TSK_VS_PART_FLAG_ENUM
    static final int PART_FLAG_ALLOC = 0x01;
    static final int PART_FLAG_UNALLOC = 0x02;
    // TSK_FS_INFO
    static final long FS_OFFSET = 16; // TSK_OFF_T, bytes into the image
    static final long FS_ROOT_INUM = 32;
    static final long FS_LAST_BLOCK = 72;
    static final long FS_BLOCK_SIZE = 88; // unsigned int
    static final long FS_FTYPE = 112; // TSK_FS_TYPE_ENUM
    // TSK_FS_FILE
    static final long FILE_NAME = 8;
    static final long FILE_META = 16;
    // TSK_FS_NAME
    static final long NAME_NAME = 8; // char *
    static final long NAME_META_ADDR = 40;
    static final long NAME_TYPE = 80;
    static final long NAME_FLAGS = 84;
    static final int NAME_TYPE_REG = 5;
    static final int NAME_FLAG_UNALLOC = 0x02;
    // TSK_FS_META
    static final long META_FLAGS = 4;
    static final long META_TYPE = 16;
    static final long META_SIZE = 32;
    static final long META_MTIME = 48; // time_t, then uint32 nanoseconds at +8
    static final long META_ATIME = 64;
    static final long META_CTIME = 80;
    static final long META_CRTIME = 96;
    // after the time2 union, whose largest member is NTFS's FILE_NAME times (72 bytes, from 112)
    static final long META_CONTENT_PTR = 184; // void *: on FAT, TSK_DADDR_T[] whose first is the start cluster
    static final long META_CONTENT_LEN = 192; // size_t
    static final int META_FLAG_ALLOC = 0x01;
    static final int META_TYPE_UNDEF = 0x00;
    static final int META_TYPE_REG = 0x01;
    // TSK_FS_BLOCK
    static final long BLOCK_ADDR = 24;
    static final long BLOCK_FLAGS = 32;
    // enums
    static final int FS_DIR_WALK_ALLOC_UNALLOC_RECURSE_NOORPHAN = 0x01 | 0x02 | 0x04 | 0x08;
    static final int FS_BLOCK_WALK_UNALLOC_AONLY = 0x02 | 0x10;
    static final int FS_FILE_WALK_SLACK = 0x01;
    static final int FS_FILE_WALK_AONLY = 0x04;
    static final int BLOCK_FLAG_ALLOC = 0x0001;
    static final int VS_TYPE_DETECT = 0x0000;
    static final int VS_TYPE_GPT = 0x0010;
    static final int BLOCK_FLAG_RES = 0x0100;
    static final int BLOCK_FLAG_SPARSE = 0x0040;
    static final int WALK_CONT = 0;
    static final int WALK_STOP = 1;
    static final int FS_TYPE_NTFS = 0x01;
    static final int FS_TYPE_EXFAT = 0x0a;
    static final int FS_TYPE_FAT_DETECT = 0x0e; // FAT12 | FAT16 | FAT32 | exFAT

    final MethodHandle imgOpen;
    final MethodHandle imgClose;
    final MethodHandle imgRead;
    final MethodHandle vsOpen;
    final MethodHandle vsClose;
    final MethodHandle vsPartGet;
    final MethodHandle fsOpen;
    final MethodHandle fsClose;
    final MethodHandle fsTypeName;
    final MethodHandle dirWalk;
    final MethodHandle fileOpenMeta;
    final MethodHandle fileRead;
    final MethodHandle fileClose;
    final MethodHandle fileWalk;
    final MethodHandle blockWalk;
    final MethodHandle errorGet;
    final MethodHandle errorReset;

    /** {@code TSK_WALK_RET_ENUM (*)(TSK_FS_FILE *, const char *path, void *)} */
    static final FunctionDescriptor DIR_WALK_CB =
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS);
    /** {@code TSK_WALK_RET_ENUM (*)(TSK_FS_FILE *, TSK_OFF_T, TSK_DADDR_T, char *, size_t, flags, void *)} */
    static final FunctionDescriptor FILE_WALK_CB = FunctionDescriptor.of(
            ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS,
            ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG,
            ValueLayout.ADDRESS,
            ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS);
    /** {@code TSK_WALK_RET_ENUM (*)(const TSK_FS_BLOCK *, void *)} */
    static final FunctionDescriptor BLOCK_WALK_CB =
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS);

    private Tsk(SymbolLookup lib) {
        Linker l = Linker.nativeLinker();
        var a = ValueLayout.ADDRESS;
        var i = ValueLayout.JAVA_INT;
        var j = ValueLayout.JAVA_LONG;
        imgOpen = l.downcallHandle(find(lib, "tsk_img_open_utf8"), FunctionDescriptor.of(a, i, a, i, i));
        imgClose = l.downcallHandle(find(lib, "tsk_img_close"), FunctionDescriptor.ofVoid(a));
        imgRead = l.downcallHandle(find(lib, "tsk_img_read"), FunctionDescriptor.of(j, a, j, a, j));
        vsOpen = l.downcallHandle(find(lib, "tsk_vs_open"), FunctionDescriptor.of(a, a, j, i));
        vsClose = l.downcallHandle(find(lib, "tsk_vs_close"), FunctionDescriptor.ofVoid(a));
        vsPartGet = l.downcallHandle(find(lib, "tsk_vs_part_get"), FunctionDescriptor.of(a, a, i));
        fsOpen = l.downcallHandle(find(lib, "tsk_fs_open_img"), FunctionDescriptor.of(a, a, j, i));
        fsClose = l.downcallHandle(find(lib, "tsk_fs_close"), FunctionDescriptor.ofVoid(a));
        fsTypeName = l.downcallHandle(find(lib, "tsk_fs_type_toname"), FunctionDescriptor.of(a, i));
        dirWalk = l.downcallHandle(find(lib, "tsk_fs_dir_walk"), FunctionDescriptor.of(i, a, j, i, a, a));
        fileOpenMeta = l.downcallHandle(find(lib, "tsk_fs_file_open_meta"), FunctionDescriptor.of(a, a, a, j));
        fileRead = l.downcallHandle(find(lib, "tsk_fs_file_read"), FunctionDescriptor.of(j, a, j, a, j, i));
        fileClose = l.downcallHandle(find(lib, "tsk_fs_file_close"), FunctionDescriptor.ofVoid(a));
        fileWalk = l.downcallHandle(find(lib, "tsk_fs_file_walk"), FunctionDescriptor.of(i, a, i, a, a));
        blockWalk = l.downcallHandle(find(lib, "tsk_fs_block_walk"), FunctionDescriptor.of(i, a, j, j, i, a, a));
        errorGet = l.downcallHandle(find(lib, "tsk_error_get"), FunctionDescriptor.of(a));
        errorReset = l.downcallHandle(find(lib, "tsk_error_reset"), FunctionDescriptor.ofVoid());
    }

    private static MemorySegment find(SymbolLookup lib, String name) {
        return lib.find(name).orElseThrow(() -> new UnsatisfiedLinkError(LIBRARY + " has no " + name));
    }

    /** Loaded on first use, once per JVM. */
    private static final class Holder {
        static final @Nullable Tsk INSTANCE;
        static final @Nullable String FAILURE;

        static {
            Tsk t = null;
            String failure = null;
            try {
                t = new Tsk(SymbolLookup.libraryLookup(LIBRARY, Arena.global()));
            } catch (IllegalArgumentException | UnsatisfiedLinkError | IllegalCallerException e) {
                failure = e.getMessage();
            }
            INSTANCE = t;
            FAILURE = failure;
        }
    }

    /**
     * The library.
     *
     * @throws DiskImageException with {@link DiskImageException.Reason#LIBRARY_MISSING} when it cannot be loaded
     */
    static Tsk get() throws DiskImageException {
        Tsk t = Holder.INSTANCE;
        if (t == null) {
            throw new DiskImageException(
                    DiskImageException.Reason.LIBRARY_MISSING,
                    "The Sleuth Kit's library " + LIBRARY + " is not installed (Debian/Ubuntu: apt-get install"
                            + " libtsk19; it brings libewf for E01): " + Holder.FAILURE);
        }
        return t;
    }

    /** TSK's last error message on this thread, reset; "unknown error" when it has none. */
    String error() {
        try {
            MemorySegment p = (MemorySegment) errorGet.invokeExact();
            String s = p.equals(MemorySegment.NULL)
                    ? "unknown error"
                    : p.reinterpret(4096).getString(0).strip();
            errorReset.invokeExact();
            return s.isEmpty() ? "unknown error" : s.replaceAll("\\s+", " ");
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** A C string at {@code p} (null pointer: null). */
    static @Nullable String string(MemorySegment p) {
        return p.equals(MemorySegment.NULL)
                ? null
                : p.reinterpret(Integer.MAX_VALUE).getString(0);
    }

    /** Errors from a downcall: the handles' signatures are fixed, so only unchecked ones can come. */
    static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(e);
    }
}
