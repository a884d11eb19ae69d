/**
 * Video: vPDQ hashing and matching, compatible with Meta's vPDQ ({@code vpdq/cpp} in facebook/ThreatExchange).
 *
 * <p>Public API: {@link io.hashmatch.video.VideoHasher} (decode with FFmpeg through JavaCV, sample frames as
 * {@code vpdq-hash-video} does, PDQ per frame) producing a {@link io.hashmatch.video.VideoHash} of
 * {@link io.hashmatch.video.VpdqFrame}s; {@link io.hashmatch.video.VpdqFile} reads and writes the reference's
 * text format; {@link io.hashmatch.video.VideoMatcher} compares two videos with the reference matcher's rules
 * and {@link io.hashmatch.video.VideoIndex} matches one video against many through a Hamming index over their
 * frame hashes; {@link io.hashmatch.video.VideoSniffer} recognises video containers from their bytes. Every
 * decoding failure is a {@link io.hashmatch.video.VideoDecodeException} carrying a
 * {@link io.hashmatch.video.VideoDecodeError}. Everything else is package-private.
 */
@NullMarked
package io.hashmatch.video;

import org.jspecify.annotations.NullMarked;
