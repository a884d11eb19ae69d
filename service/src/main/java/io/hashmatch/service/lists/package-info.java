/**
 * The lists the HTTP service matches against: where each comes from ({@link io.hashmatch.service.lists.ListSource}),
 * the {@link io.hashmatch.service.lists.ListRegistry} that loads them, swaps new versions in atomically (API upload,
 * file replaced on disk) and closes old versions when their last request is done, and the
 * {@link io.hashmatch.service.lists.ListLease} a request holds while it matches; the names of the import options
 * shared by the CLI and the upload route ({@link io.hashmatch.service.lists.ImportOptionNames}).
 */
@NullMarked
package io.hashmatch.service.lists;

import org.jspecify.annotations.NullMarked;
