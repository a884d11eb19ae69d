package io.hashmatch.service.exchange;

import java.util.List;

/**
 * One page of an exchange's updates and the checkpoint that follows it: once the page is applied, a fetch resumed
 * from {@code checkpoint} continues after it.
 *
 * <p>Immutable; thread-safe.
 *
 * @param entries the records, in the exchange's order (a later record of an id replaces an earlier one)
 * @param checkpoint where to resume after this page, in the client's own (JSON) form
 * @param malformed records of the page that were skipped because they could not be read (counted, logged)
 * @param complete whether the page is the exchange's whole list (a plain URL): entries it does not name are deleted
 */
public record ExchangePage(List<ExchangeEntry> entries, String checkpoint, int malformed, boolean complete) {
    /** @throws IllegalArgumentException if {@code malformed} is negative */
    public ExchangePage {
        entries = List.copyOf(entries);
        if (malformed < 0) {
            throw new IllegalArgumentException("malformed < 0");
        }
    }

    /** An incremental page. */
    static ExchangePage of(List<ExchangeEntry> entries, String checkpoint, int malformed) {
        return new ExchangePage(entries, checkpoint, malformed, false);
    }
}
