/**
 * Command-line options that more than one hashmatch command tree takes, defined once as picocli mixins and
 * converters: the {@code hashmatch} CLI and the Spark jobs mix in the same {@link io.hashmatch.cli.DecodeLimitOptions},
 * {@link io.hashmatch.cli.PdqHashOptions} and {@link io.hashmatch.cli.MaxDistanceOption}, and parse byte counts with
 * the same {@link io.hashmatch.cli.ByteSizeConverter}. An option that finds its value out of range throws an
 * {@link java.lang.IllegalArgumentException} naming it; each command tree reports that as its usage errors.
 */
@NullMarked
package io.hashmatch.cli;

import org.jspecify.annotations.NullMarked;
