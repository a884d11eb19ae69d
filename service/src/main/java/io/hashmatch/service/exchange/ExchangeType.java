package io.hashmatch.service.exchange;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The exchange protocols, with where python-threatexchange's clients look for their credentials by default (the
 * {@code ENV_VARIABLE} and {@code FILE_NAME} of each {@code CredentialHelper} in
 * {@code python-threatexchange/threatexchange/exchanges/impl/*.py}) and in what form.
 */
public enum ExchangeType {
    /** NCMEC hash sharing, v2 XML API; credentials {@code user:password}. */
    NCMEC("ncmec", "TX_NCMEC_CREDENTIALS", ".tx_ncmec_credentials", "https://report.cybertip.org/hashsharing"),
    /** StopNCII.org; credentials {@code fetch_function_key,subscription_key}. */
    STOPNCII("stopncii", "TX_STOPNCII_KEYS", ".tx_stopncii_keys", "https://api.stopncii.org/v1"),
    /** Meta ThreatExchange, Graph API {@code threat_updates}; credentials an access token {@code app_id|secret}. */
    THREATEXCHANGE("fb_threatexchange", "TX_ACCESS_TOKEN", ".txtoken", "https://graph.facebook.com/v21.0"),
    /** Tech Against Terrorism hash list; credentials {@code user:password}. */
    TAT("tat", "PYTX_TAT_CREDENTIALS", ".pytx_tat_credentials", "https://app.terrorismanalytics.org/"),
    /** A plain URL of a list file; credentials, if any, a bearer token. */
    URL("url", null, null, null);

    private final String configName;
    private final @Nullable String defaultEnv;
    private final @Nullable String defaultFile;
    private final @Nullable String defaultEndpoint;

    ExchangeType(
            String configName,
            @Nullable String defaultEnv,
            @Nullable String defaultFile,
            @Nullable String defaultEndpoint) {
        this.configName = configName;
        this.defaultEnv = defaultEnv;
        this.defaultFile = defaultFile;
        this.defaultEndpoint = defaultEndpoint;
    }

    /** The name in the configuration ({@code type: ncmec}) and in HMA's {@code api} field. */
    public String configName() {
        return configName;
    }

    /**
     * Whether the protocol takes feedback on an entry: NCMEC (upvote, downvote with a reason), StopNCII (Blocked,
     * NotBlocked) and ThreatExchange (reactions to the indicator's descriptors). The others have none this service
     * sends.
     */
    public boolean takesFeedback() {
        return this == NCMEC || this == STOPNCII || this == THREATEXCHANGE;
    }

    /** Whether feedback goes to the descriptors the sync recorded of the entry (ThreatExchange reactions). */
    boolean reactsToDescriptors() {
        return this == THREATEXCHANGE;
    }

    /** The environment variable python-threatexchange reads the credentials from, or null. */
    @Nullable
    public String defaultEnv() {
        return defaultEnv;
    }

    /** The file in the home directory python-threatexchange reads them from, or null. */
    @Nullable
    public String defaultFile() {
        return defaultFile;
    }

    /** The production endpoint, or null when there is none (a URL list). */
    @Nullable
    String defaultEndpoint() {
        return defaultEndpoint;
    }

    /**
     * The type named {@code name} in the configuration.
     *
     * @throws IllegalArgumentException if there is none
     */
    static ExchangeType of(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (ExchangeType t : values()) {
            if (t.configName.equals(n) || t.name().toLowerCase(Locale.ROOT).equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "unknown exchange type '" + name + "': ncmec, stopncii, fb_threatexchange, tat or url");
    }
}
