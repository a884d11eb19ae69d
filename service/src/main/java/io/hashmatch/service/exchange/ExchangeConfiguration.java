package io.hashmatch.service.exchange;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Creator;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One exchange source, {@code hashmatch.exchanges.<name>}:
 *
 * <pre>{@code
 * hashmatch:
 *   exchanges:
 *     ncmec-industry:
 *       type: ncmec                        # ncmec, stopncii, fb_threatexchange, tat, url
 *       endpoint: https://report.cybertip.org/hashsharing   # default: the type's production endpoint
 *       credentials-env: TX_NCMEC_CREDENTIALS      # default: python-threatexchange's variable for the type
 *       credentials-file: /run/secrets/ncmec       # used when the variable is unset; default ~/.tx_ncmec_credentials
 *       schedule: 15m                      # sync this often in serve; unset: only on demand
 *       list: NCMEC_INDUSTRY               # the list the entries go to (created if missing); default: the name
 *       kinds: [pdq, md5]                  # hash kinds to take (default both)
 *       only-esp-ids: [42]                 # NCMEC: only entries of these members
 *       privacy-group: 1234567890          # ThreatExchange: the privacy group to follow
 *       timeout: 60s                       # per request
 *       retries: 4                         # further tries of a failed GET, with doubling backoff
 *       backoff: 200ms
 * }</pre>
 *
 * <p>Immutable; thread-safe.
 *
 * @param name the exchange's name (the property name)
 * @param type the protocol ({@link ExchangeType})
 * @param endpoint the base URL (for {@code url}, the file's URL)
 * @param credentialsEnv environment variable holding the credentials
 * @param credentialsFile file holding them, read when the variable is unset
 * @param schedule how often {@code serve} syncs, or null (on demand only)
 * @param list the target list, or null (the exchange's name)
 * @param kinds the hash kinds to take, or null (pdq and md5)
 * @param onlyEspIds NCMEC: members whose entries are taken, or null (all)
 * @param privacyGroup ThreatExchange: the privacy group
 * @param timeout per request, or null (60 s)
 * @param retries retries of a failed GET, or null (4)
 * @param backoff first wait before a retry, or null (200 ms)
 */
@EachProperty("hashmatch.exchanges")
public record ExchangeConfiguration(
        @Parameter String name,
        @Nullable String type,
        @Nullable String endpoint,
        @Nullable String credentialsEnv,
        @Nullable String credentialsFile,
        @Nullable Duration schedule,
        @Nullable String list,
        @Nullable List<String> kinds,
        @Nullable List<Integer> onlyEspIds,
        @Nullable Long privacyGroup,
        @Nullable Duration timeout,
        @Nullable Integer retries,
        @Nullable Duration backoff) {

    /** The canonical constructor, the one the configuration binds. */
    @Creator
    public ExchangeConfiguration {}

    /** The target list's name. */
    public String listName() {
        return list == null || list.isBlank() ? name : list;
    }

    /** The HTTP settings. */
    ExchangeHttp.Settings http() {
        ExchangeHttp.Settings d = ExchangeHttp.Settings.DEFAULT;
        return new ExchangeHttp.Settings(
                timeout == null ? d.timeout() : timeout,
                retries == null ? d.retries() : Math.max(0, retries),
                backoff == null ? d.backoff() : backoff);
    }
}
