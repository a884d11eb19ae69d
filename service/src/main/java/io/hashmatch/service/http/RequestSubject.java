package io.hashmatch.service.http;

/**
 * What a request that changes something acted on, for its audit line ({@code "subject"}): a list entry added or
 * removed, an exchange entry given feedback. Names only (list, entry number, exchange, the exchange's id): never a
 * queried hash. The routes leave it on the request as the attribute {@value #ATTRIBUTE}, read by the audit filter once
 * the response is written.
 *
 * <p>Immutable; thread-safe.
 *
 * @param text e.g. {@code list NCMEC entry 7}
 */
public record RequestSubject(String text) {
    /** The request attribute holding the subject. */
    public static final String ATTRIBUTE = "hashmatch.request-subject";
}
