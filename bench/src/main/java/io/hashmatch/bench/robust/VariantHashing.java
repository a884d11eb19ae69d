package io.hashmatch.bench.robust;

import io.hashmatch.bench.robust.RobustMatching.Probe;
import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.PdqVariant;
import io.hashmatch.hash.VariantPolicy;
import java.util.ArrayList;
import java.util.List;

/** The engine's variant hashing as the benchmark uses it: the hashers of each side and their hashes as probes. */
final class VariantHashing {
    private VariantHashing() {}

    /** The hasher of query-side variants ({@link VariantPolicy#QUERY}, the engine's defaults). */
    static FileHasher queryHasher() {
        return FileHasher.newBuilder().variants(VariantPolicy.QUERY).build();
    }

    /** The hasher of list-side variants ({@link VariantPolicy#LIST}, the engine's defaults). */
    static FileHasher listHasher() {
        return FileHasher.newBuilder().variants(VariantPolicy.LIST).build();
    }

    /**
     * The variant hashes of one file (never its own whole-image hash), named {@code kind:transform[x,y,w,h]};
     * rotations and mirrors of the whole image count as whole-image hashes.
     */
    static List<Probe> variantProbes(FileHashes hashes) {
        List<Probe> probes = new ArrayList<>();
        for (PdqVariant v : hashes.variants()) {
            probes.add(new Probe(
                    v.pdq(),
                    v.quality(),
                    v.kind().label() + ":" + v.transform().label() + v.rect(),
                    v.kind() == PdqVariant.Kind.DIHEDRAL));
        }
        return probes;
    }
}
