/**
 * Command-line options that more than one hashmatch command tree takes, defined once as picocli mixins and
 * converters: the {@code hashmatch} CLI and the Spark jobs mix in the same {@link io.hashmatch.cli.DecodeLimitOptions}
 * and parse byte counts with the same {@link io.hashmatch.cli.ByteSizeConverter}.
 */
@NullMarked
package io.hashmatch.cli;

import org.jspecify.annotations.NullMarked;
