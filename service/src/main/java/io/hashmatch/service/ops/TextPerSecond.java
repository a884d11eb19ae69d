package io.hashmatch.service.ops;

import java.util.function.LongFunction;

/**
 * A text that depends only on the whole second (a {@code Date} header, the seconds part of a timestamp), formatted
 * once a second rather than at every use: the formatting (a {@link java.time.format.DateTimeFormatter}) is a
 * visible part of the CPU of a request that costs little else.
 *
 * <p>Thread-safe: threads racing at a new second may each format it; each gets that second's text.
 */
public final class TextPerSecond {
    private record Second(long epochSecond, String text) {}

    private final LongFunction<String> format;
    private volatile Second last;

    /** Formats with {@code format}, which maps an epoch second to its text and must depend on nothing else. */
    public TextPerSecond(LongFunction<String> format) {
        this.format = format;
        this.last = new Second(0, format.apply(0));
    }

    /** The text of {@code epochSecond}. */
    public String at(long epochSecond) {
        Second s = last;
        if (s.epochSecond() != epochSecond) {
            s = new Second(epochSecond, format.apply(epochSecond));
            last = s;
        }
        return s.text();
    }
}
