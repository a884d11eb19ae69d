/**
 * Hamming range search over lists of 256-bit PDQ hashes: brute force, multi-index hashing and a BK-tree.
 *
 * <p>Public: {@link io.hashmatch.index.HammingIndex} (the searcher), its callbacks
 * {@link io.hashmatch.index.HitSink} / {@link io.hashmatch.index.BatchHitSink}, the value type
 * {@link io.hashmatch.index.Hit}, {@link io.hashmatch.index.IndexStrategy} (build a section, open a
 * section) and {@link io.hashmatch.index.IndexPlanner}. The scanners, section layouts and probe
 * enumeration are package-private.
 *
 * <p><b>Storage contract.</b> Hashes are one flat {@link java.lang.foreign.MemorySegment} of
 * {@code count * 32} bytes; entry {@code e} is at byte {@code 32 * e}, four little-endian longs
 * {@code w0..w3} (the words of {@link io.hashmatch.hash.PdqHash}). Each strategy builds one contiguous,
 * little-endian, position-independent byte section that can be stored in a file and opened later from a
 * memory-mapped slice without copying. Section layouts are documented on the package-private classes
 * {@code BruteForceHamming}, {@code MultiIndexHamming} and {@code BkTreeHamming}.
 */
@NullMarked
package io.hashmatch.index;

import org.jspecify.annotations.NullMarked;
