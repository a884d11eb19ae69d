package io.hashmatch.list.format;

/**
 * Something skipped or merged while reading a list that did not stop the import (a ThreatExchange signal type
 * that is not a file hash, a duplicate dropped under {@link ReadOptions.Duplicates#KEEP_FIRST}).
 *
 * <p>Immutable; thread-safe.
 *
 * @param file the file (or stream) name as the caller gave it
 * @param line 1-based line, 0 when the whole file is concerned
 * @param reason what was skipped and why
 */
public record ListWarning(String file, int line, String reason) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }
}
