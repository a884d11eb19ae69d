/**
 * Matching queries (PDQ hashes with their quality, MD5/SHA-1/SHA-256 digests, or a file's
 * {@link io.hashmatch.hash.FileHashes}) against one or more opened
 * {@link io.hashmatch.list.HashListSnapshot hash lists}.
 *
 * <p>Public API: {@link io.hashmatch.match.Matcher} (built once, thread-safe), its per-list
 * {@link io.hashmatch.match.ListSettings}, {@link io.hashmatch.match.Query}, and the results
 * {@link io.hashmatch.match.MatchResult} / {@link io.hashmatch.match.MatchHit}, and the bounds of one call
 * {@link io.hashmatch.match.MatchLimits} (over its budget: {@link io.hashmatch.match.MatchBudgetException}); videos' vPDQ frames are matched
 * against the lists' video entries by {@link io.hashmatch.match.Matcher#matchVideo}, answering
 * {@link io.hashmatch.match.VideoHit}s.
 */
@NullMarked
package io.hashmatch.match;

import org.jspecify.annotations.NullMarked;
