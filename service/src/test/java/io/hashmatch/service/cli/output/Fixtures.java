package io.hashmatch.service.cli.output;

import io.hashmatch.decode.DecodeError;
import io.hashmatch.decode.ImageFormat;
import io.hashmatch.hash.ExactHashes;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.hash.PdqResult;
import java.util.ArrayList;
import java.util.List;

/** Hand-made engine results for tests that do not need the real engine. */
public final class Fixtures {
    public static final String MD5 = "0123456789abcdef0123456789abcdef";
    public static final String SHA1 = "0123456789abcdef0123456789abcdef01234567";
    public static final String SHA256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    public static final ExactHashes EXACT = new ExactHashes(MD5, SHA1, SHA256);
    public static final PdqHash PDQ =
            PdqHash.of(0x1111_2222_3333_4444L, 0x5555_6666_7777_8888L, 0x9999_aaaa_bbbb_ccccL, 0xdddd_eeee_ffff_0000L);
    /** PDQ.toHex(): 16-bit word 15 (the top of w3) first, word 0 (the bottom of w0) last. */
    public static final String PDQ_HEX =
            "ddddeeeeffff0000" + "9999aaaabbbbcccc" + "5555666677778888" + "1111222233334444";

    private Fixtures() {}

    public static FileHashes image(long size, int quality) {
        return new FileHashes(
                size, EXACT, new PdqResult(PDQ, quality, List.of()), 640, 480, ImageFormat.JPEG, null, null);
    }

    public static FileHashes imageWithDihedral() {
        List<PdqHash> variants = new ArrayList<>();
        variants.add(PDQ);
        for (int i = 1; i < 8; i++) {
            variants.add(PdqHash.of(i, 0, 0, 0));
        }
        return new FileHashes(5, EXACT, new PdqResult(PDQ, 77, variants), 3, 2, ImageFormat.PNG, null, null);
    }

    public static FileHashes truncated() {
        return new FileHashes(
                10, EXACT, null, 0, 0, ImageFormat.PNG, DecodeError.TRUNCATED, "PNG data ends at byte 10");
    }

    public static FileHashes tooLarge() {
        return new FileHashes(1 << 20, null, null, 0, 0, null, DecodeError.FILE_TOO_LARGE, "1048576 bytes > 1024");
    }
}
