package io.hashmatch.list.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * The engine's one Jackson {@link JsonFactory}, for every JSON it reads or writes (VICS lists, the scan journal,
 * {@code files.jsonl}, {@code custody.json}). Parsers made by it are strict and bounded, so that a hostile or
 * damaged file fails with an error instead of using unbounded memory or meaning two things:
 *
 * <ul>
 *   <li>a key twice in one object is an error ({@link StreamReadFeature#STRICT_DUPLICATE_DETECTION});
 *   <li>nesting deeper than {@value #MAX_NESTING} (the deepest document read, a VICS case export, nests 7
 *       levels), a string longer than {@value #MAX_STRING} characters, a key longer than {@value #MAX_NAME}
 *       and a number longer than {@value #MAX_NUMBER} digits are errors ({@link StreamReadConstraints});
 *   <li>closing a parser does not close the stream it reads ({@link StreamReadFeature#AUTO_CLOSE_SOURCE} off): the
 *       caller that opened the stream closes it.
 * </ul>
 *
 * <p>Generators keep Jackson's defaults (compact output, no trailing newline). A {@link JsonFactory} is
 * thread-safe once built; parsers and generators are not.
 */
public final class StrictJson {
    /** Deepest nesting of arrays and objects accepted. */
    public static final int MAX_NESTING = 64;
    /** Longest string value accepted, in characters (a thumbnail data URI is a few KB). */
    public static final int MAX_STRING = 1 << 20;
    /** Longest object key accepted, in characters. */
    public static final int MAX_NAME = 1024;
    /** Longest number accepted, in characters. */
    public static final int MAX_NUMBER = 64;

    /** The factory; shared, thread-safe. */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    .maxStringLength(MAX_STRING)
                    .maxNameLength(MAX_NAME)
                    .maxNumberLength(MAX_NUMBER)
                    .build())
            .build();

    private StrictJson() {}
}
