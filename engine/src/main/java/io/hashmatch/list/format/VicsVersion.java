package io.hashmatch.list.format;

/**
 * The VICS data-model versions hashmatch writes, each with the root key and context that Project VIC tools
 * (IPED, Griffeye, X-Ways) check before reading a hash set: the {@code Default} profile, {@code #Media}.
 *
 * <p>Immutable; thread-safe.
 */
public enum VicsVersion {
    /** VICS 1.3: root key {@code odata.metadata}. */
    V1_3("odata.metadata", "http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media"),
    /** VICS 2.0: root key {@code @odata.context}, profile {@code Default}. */
    V2_0("@odata.context", "http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media");

    private final String contextKey;
    private final String context;

    VicsVersion(String contextKey, String context) {
        this.contextKey = contextKey;
        this.context = context;
    }

    /** The root key of the data-model URL: {@code odata.metadata} (1.x) or {@code @odata.context} (2.0). */
    public String contextKey() {
        return contextKey;
    }

    /** The data-model URL written under {@link #contextKey()}. */
    public String context() {
        return context;
    }

    /** {@code 1.3} or {@code 2.0}: the version as the command line names it. */
    public String label() {
        return this == V1_3 ? "1.3" : "2.0";
    }

    /**
     * The version named {@code label} ({@code 1.3} or {@code 2.0}).
     *
     * @throws IllegalArgumentException for any other label
     */
    public static VicsVersion fromLabel(String label) {
        return switch (label) {
            case "1.3" -> V1_3;
            case "2.0", "2" -> V2_0;
            default -> throw new IllegalArgumentException("unknown VICS version '" + label + "' (1.3, 2.0)");
        };
    }
}
