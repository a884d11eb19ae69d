package io.hashmatch.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys are known by their SHA-256 only; configuration errors name the key; demo keys when none is configured. */
class ApiKeysTest {
    static final String ADMIN_SHA256 = "e5f25c0bc0362aba76af984918103dd910b656afa9fdb572a30447dacae20972";

    @Test
    void aKeyIsHmAnd256RandomBitsStoredAsItsSha256() {
        String k = ApiKeys.generate();
        assertThat(k).matches("hm_[A-Za-z0-9_-]{43}");
        assertThat(ApiKeys.generate()).isNotEqualTo(k);
        assertThat(ApiKeys.sha256Hex(TestKeys.ADMIN)).isEqualTo(ADMIN_SHA256);
        // SHA-256("abc"), FIPS 180-2 test vector
        assertThat(ApiKeys.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void authenticatesConfiguredKeysOnly() {
        ApiKeys keys = new ApiKeys(List.of(
                new ConfiguredKey("ops", "ADMIN", ADMIN_SHA256.toUpperCase(), null, null),
                new ConfiguredKey("p", "match", ApiKeys.sha256Hex(TestKeys.MATCH), null, null)));
        assertThat(keys.authenticate(TestKeys.ADMIN)).isEqualTo(new ApiKey("ops", Role.ADMIN));
        assertThat(keys.authenticate(TestKeys.MATCH)).isEqualTo(new ApiKey("p", Role.MATCH));
        assertThat(keys.authenticate(ADMIN_SHA256)).as("the hash is not a key").isNull();
        assertThat(keys.authenticate("")).isNull();
        assertThat(keys.demoKeys()).isEmpty();
    }

    @Test
    void rolesIncludeLowerOnes() {
        assertThat(new ApiKey("a", Role.ADMIN).mayUse(Role.MATCH)).isTrue();
        assertThat(new ApiKey("a", Role.ADMIN).mayUse(Role.ADMIN)).isTrue();
        assertThat(new ApiKey("m", Role.MATCH).mayUse(Role.MATCH)).isTrue();
        assertThat(new ApiKey("m", Role.MATCH).mayUse(Role.ADMIN)).isFalse();
        assertThat(new ApiKey("m", Role.MATCH).mayUse(Role.NONE)).isTrue();
    }

    @Test
    void withoutConfiguredKeysMakesOneDemoKeyPerRole() {
        ApiKeys keys = new ApiKeys(List.of());
        assertThat(keys.demoKeys())
                .extracting(ApiKeys.DemoKey::id, ApiKeys.DemoKey::role)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("demo-match", Role.MATCH),
                        org.assertj.core.groups.Tuple.tuple("demo-admin", Role.ADMIN));
        for (ApiKeys.DemoKey d : keys.demoKeys()) {
            assertThat(keys.authenticate(d.key())).isEqualTo(new ApiKey(d.id(), d.role()));
        }
        assertThat(new ApiKeys(List.of()).demoKeys().get(0).key())
                .as("new at every start")
                .isNotEqualTo(keys.demoKeys().get(0).key());
    }

    @Test
    void refusesABadConfigurationNamingTheKey() {
        assertThatThrownBy(() -> new ApiKeys(List.of(new ConfiguredKey("p", "root", ADMIN_SHA256, null, null))))
                .hasMessage("hashmatch.security.keys.p.role must be match, curate, hotline or admin, not 'root'");
        assertThatThrownBy(() -> new ApiKeys(List.of(new ConfiguredKey("p", null, ADMIN_SHA256, null, null))))
                .hasMessage("hashmatch.security.keys.p.role must be match, curate, hotline or admin (missing)");
        assertThatThrownBy(() -> new ApiKeys(List.of(new ConfiguredKey("p", "match", "abc", null, null))))
                .hasMessage(
                        "hashmatch.security.keys.p.sha256 must be the 64 hex digits printed by hashmatch keys create (got 3"
                                + " characters)");
        assertThatThrownBy(() -> new ApiKeys(List.of(new ConfiguredKey("p", "match", null, null, null))))
                .hasMessage(
                        "hashmatch.security.keys.p.sha256 must be the 64 hex digits printed by hashmatch keys create"
                                + " (missing)");
        assertThatThrownBy(() -> new ApiKeys(List.of(
                        new ConfiguredKey("a", "match", ADMIN_SHA256, null, null),
                        new ConfiguredKey("b", "admin", ADMIN_SHA256, null, null))))
                .hasMessage("hashmatch.security.keys.b: the same key hash is configured twice");
        assertThatThrownBy(() -> new ApiKeys(List.of(new ConfiguredKey("-x", "match", ADMIN_SHA256, null, null))))
                .hasMessageStartingWith("hashmatch.security.keys.-x: a key id is 1-64 letters");
    }
}
