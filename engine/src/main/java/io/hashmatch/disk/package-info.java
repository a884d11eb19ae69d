/**
 * Evidence as it is seized, before any decoding: disk images (raw, split raw, E01), their partitions and file
 * systems read through The Sleuth Kit by FFM, and the carver that finds images, videos and archives by signature and
 * structure in unallocated space or any raw bytes. The first layer: it knows nothing of what the bytes mean.
 */
@NullMarked
package io.hashmatch.disk;

import org.jspecify.annotations.NullMarked;
