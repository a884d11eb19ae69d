package io.hashmatch.hash;

import io.hashmatch.Gen;

/** Seeded PDQ hashes: four words, each any long with edges favoured, and now and then all zeros or all ones. */
public final class PdqHashGen {
    private PdqHashGen() {}

    public static PdqHash hash(Gen g) {
        int kind = g.random().nextInt(20);
        if (kind == 0) {
            return PdqHash.ZERO;
        }
        if (kind == 1) {
            return PdqHash.of(-1L, -1L, -1L, -1L);
        }
        return PdqHash.of(g.anyLong(), g.anyLong(), g.anyLong(), g.anyLong());
    }
}
