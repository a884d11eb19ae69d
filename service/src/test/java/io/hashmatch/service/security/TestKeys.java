package io.hashmatch.service.security;

/**
 * The API keys of {@code application-test.yml}, in plain text: for tests only, never configured anywhere else.
 */
public final class TestKeys {
    /** Key {@code test-admin}, role admin. */
    public static final String ADMIN = "hm_test-admin-key-for-the-service-tests-only-0001";
    /** Key {@code test-match}, role match. */
    public static final String MATCH = "hm_test-match-key-for-the-service-tests-only-0002";
    /** Key {@code test-curate}, role curate. */
    public static final String CURATE = "hm_test-curate-key-for-the-service-tests-only-0003";

    /** Key {@code test-hotline}, role hotline. */
    public static final String HOTLINE = "hm_test-hotline-key-for-the-service-tests-only-0004";

    private TestKeys() {}
}
