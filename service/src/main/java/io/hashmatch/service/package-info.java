/**
 * The hashmatch application: the entry point that starts a Micronaut context and runs the picocli
 * command tree of {@link io.hashmatch.service.cli}. Depends on the engine's public API only.
 */
@NullMarked
package io.hashmatch.service;

import org.jspecify.annotations.NullMarked;
