/**
 * The robust-matching benchmark: a corpus of photographs and their edited copies ({@link
 * io.hashmatch.bench.robust.RobustCorpus}, {@link io.hashmatch.bench.robust.EditGenerator}) and the harness that
 * measures recall per edit and false hits for PDQ alone and with variants ({@link
 * io.hashmatch.bench.robust.RobustMatching}). Run it with {@code bench/robust-matching.sh}.
 */
@NullMarked
package io.hashmatch.bench.robust;

import org.jspecify.annotations.NullMarked;
