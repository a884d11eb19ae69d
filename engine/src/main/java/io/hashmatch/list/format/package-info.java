/**
 * Readers and writers of the hash-list formats met in the field: ThreatExchange/HMA signal files,
 * ThreatExchange dataset CSV, Project VIC VICS JSON (1.x and 2.0) and plain hex lists.
 *
 * <p>Public: the model ({@link io.hashmatch.list.format.ListEntry}, {@link io.hashmatch.hash.HashKind}),
 * the formats ({@link io.hashmatch.list.format.ListFormat}), the streaming
 * {@link io.hashmatch.list.format.ListReader} and {@link io.hashmatch.list.format.ListWriter}, the
 * all-or-nothing {@link io.hashmatch.list.format.ListImport} (with {@link io.hashmatch.list.format.PdqRows}, the
 * by-column batch its bulk path delivers) and the errors
 * ({@link io.hashmatch.list.format.ListFormatException}, {@link io.hashmatch.list.format.ListWarning}).
 * The parsers themselves are package-private. {@code hashlists/FORMATS.md} documents every format.
 */
@NullMarked
package io.hashmatch.list.format;

import org.jspecify.annotations.NullMarked;
