package io.hashmatch.service.exchange;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The fetching side of one exchange protocol.
 *
 * <p>Implementations are thread-safe; a {@link Fetch} is used by one thread.
 */
interface ExchangeClient {
    /**
     * Starts fetching the updates after {@code checkpoint} (null: everything, as on the first sync).
     *
     * @throws ExchangeException if the checkpoint is not one of this client's
     */
    Fetch fetch(@Nullable String checkpoint) throws ExchangeException;

    /**
     * Sends feedback on entry {@code id} of this exchange where the protocol has it.
     *
     * @param id the entry's id as {@link ExchangeEntry#id()} gives it
     * @param kind the hash kind the feedback is about ({@code pdq}, {@code md5}), or null for the entry's hash
     * @param positive true: the entry is confirmed (NCMEC upvote, StopNCII Blocked); false: disputed
     * @param reason the reason of negative feedback where the protocol wants one (NCMEC reason GUID), or null
     * @throws ExchangeException of kind UNSUPPORTED if the protocol has no feedback, or if the exchange refuses it
     */
    default void feedback(String id, @Nullable String kind, boolean positive, @Nullable String reason)
            throws ExchangeException {
        throw new ExchangeException(ExchangeException.Kind.UNSUPPORTED, "this exchange takes no feedback");
    }

    /**
     * Sends feedback on entry {@code id}, given the descriptors the source's sync recorded of it: ThreatExchange reacts
     * to them; the other protocols name the entry itself and ignore them ({@link #feedback(String, String, boolean,
     * String)}).
     *
     * @param descriptors the entry's descriptors as the source holds them (empty if none were recorded)
     * @throws ExchangeException as the four-argument form, or of kind NO_FEEDBACK_TARGET if the protocol needs a
     *     descriptor and the entry has none to react to
     */
    default void feedback(
            String id,
            @Nullable String kind,
            boolean positive,
            @Nullable String reason,
            java.util.List<ExchangeEntry.Descriptor> descriptors)
            throws ExchangeException {
        feedback(id, kind, positive, reason);
    }

    /**
     * The reasons the exchange offers for negative feedback on a hash of kind {@code kind}, by id, in the exchange's
     * order (NCMEC: GUID to name).
     *
     * @throws ExchangeException of kind UNSUPPORTED if the protocol has no such list, or if the exchange refuses
     */
    default java.util.SequencedMap<String, String> feedbackReasons(@Nullable String kind) throws ExchangeException {
        throw new ExchangeException(ExchangeException.Kind.UNSUPPORTED, "this exchange has no feedback reasons");
    }

    /** A fetch in progress: the pages one after the other. */
    interface Fetch {
        /**
         * The next page, or null when the exchange has nothing more.
         *
         * @throws ExchangeException if the exchange refuses, keeps failing or answers outside its protocol
         * @throws IOException if the connection fails for good (after the retries)
         */
        @Nullable
        ExchangePage next() throws ExchangeException, IOException;
    }
}
