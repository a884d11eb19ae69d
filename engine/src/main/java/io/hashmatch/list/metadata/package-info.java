/**
 * Per-entry metadata of a hash list snapshot (external id, category, source list, date added, tags, PhotoDNA),
 * stored beside the snapshot in a Chronicle Map file: {@link io.hashmatch.list.metadata.EntryMetadataStore}
 * holds it, {@link io.hashmatch.list.metadata.EntryMetadata} is one entry's. Kept apart from the snapshot
 * because opening the store costs seconds in a fresh JVM: only code that needs metadata touches this package.
 */
@NullMarked
package io.hashmatch.list.metadata;

import org.jspecify.annotations.NullMarked;
