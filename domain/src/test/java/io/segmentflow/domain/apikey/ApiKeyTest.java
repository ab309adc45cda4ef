package io.segmentflow.domain.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyTest {
    private static final WorkspaceId WORKSPACE = new WorkspaceId("ws_1");
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    private static ApiKey.Issued issueSendingKey() {
        return ApiKey.issue(WORKSPACE, "Checkout backend", Set.of(Scope.EMAILS_WRITE, Scope.EMAILS_READ), NOW);
    }

    @Test
    void the_hash_is_the_sha_256_of_the_secret_in_lower_case_hex() {
        assertThat(ApiKey.hashOf("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ApiKey.hashOf("sf_caf\u00e9"))
                .isEqualTo(ApiKey.hashOf("sf_caf\u00e9"))
                .matches("[0-9a-f]{64}");
    }

    @Test
    void an_issued_secret_starts_with_sf_and_is_long_and_random() {
        ApiKey.Issued first = issueSendingKey();
        ApiKey.Issued second = issueSendingKey();

        assertThat(first.secret()).startsWith("sf_").hasSize(43).matches("sf_[0-9A-Za-z]{40}");
        assertThat(first.secret()).isNotEqualTo(second.secret());
    }

    @Test
    void only_the_hash_and_a_prefix_of_the_secret_are_kept() {
        ApiKey.Issued issued = issueSendingKey();
        ApiKey key = issued.key();

        assertThat(key.hash()).isEqualTo(ApiKey.hashOf(issued.secret())).matches("[0-9a-f]{64}");
        assertThat(key.prefix())
                .hasSize(ApiKey.PREFIX_LENGTH)
                .isEqualTo(issued.secret().substring(0, 12));
        assertThat(key.toString()).doesNotContain(issued.secret());
    }

    @Test
    void an_issued_key_belongs_to_its_workspace_and_carries_its_name_and_scopes() {
        ApiKey key = issueSendingKey().key();

        assertThat(key.id()).startsWith("key_");
        assertThat(key.workspaceId()).isEqualTo(WORKSPACE);
        assertThat(key.name()).isEqualTo("Checkout backend");
        assertThat(key.scopes()).containsExactlyInAnyOrder(Scope.EMAILS_WRITE, Scope.EMAILS_READ);
        assertThat(key.createdAt()).isEqualTo(NOW);
        assertThat(key.isActive()).isTrue();
    }

    @Test
    void a_key_allows_only_its_own_scopes() {
        ApiKey key = issueSendingKey().key();

        assertThat(key.allows(Scope.EMAILS_WRITE)).isTrue();
        assertThat(key.allows(Scope.EVENTS_WRITE)).isFalse();
        assertThat(key.allows(Scope.API_KEYS_WRITE)).isFalse();
    }

    @Test
    void the_scopes_of_a_key_cannot_be_changed_from_outside() {
        Set<Scope> scopes = new HashSet<>(Set.of(Scope.EMAILS_WRITE));
        ApiKey key = ApiKey.issue(WORKSPACE, "k", scopes, NOW).key();

        scopes.add(Scope.WORKSPACES_CREATE);

        assertThat(key.allows(Scope.WORKSPACES_CREATE)).isFalse();
        assertThatThrownBy(() -> key.scopes().add(Scope.EVENTS_WRITE))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void a_revoked_key_allows_nothing() {
        ApiKey key = issueSendingKey().key();
        Instant revokedAt = NOW.plusSeconds(60);

        ApiKey revoked = key.revoke(revokedAt);

        assertThat(revoked.isActive()).isFalse();
        assertThat(revoked.revokedAt()).isEqualTo(revokedAt);
        assertThat(revoked.allows(Scope.EMAILS_WRITE)).isFalse();
        assertThat(key.isActive())
                .as("the key as it was is a value and does not change")
                .isTrue();
    }

    @Test
    void revoking_twice_keeps_the_first_revocation_time() {
        ApiKey revoked = issueSendingKey().key().revoke(NOW.plusSeconds(60));

        assertThat(revoked.revoke(NOW.plusSeconds(120)).revokedAt()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void a_configured_bootstrap_secret_is_kept_hashed_with_its_prefix_as_a_full_access_bootstrap_key() {
        String secret = "sf_9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

        ApiKey.Issued issued = ApiKey.configuredBootstrap(WORKSPACE, secret, NOW);

        assertThat(issued.secret()).isEqualTo(secret);
        assertThat(issued.key().hash()).isEqualTo(ApiKey.hashOf(secret));
        assertThat(issued.key().prefix()).isEqualTo("sf_9f86d0818");
        assertThat(issued.key().scopes()).containsExactlyInAnyOrderElementsOf(Scope.all());
        assertThat(issued.key().bootstrap()).isTrue();
        assertThat(issued.key().name()).isEqualTo("Bootstrap key");
    }

    @Test
    void a_generated_bootstrap_key_is_marked_and_an_issued_key_is_not() {
        ApiKey generated = ApiKey.generateBootstrap(WORKSPACE, NOW).key();

        assertThat(generated.bootstrap()).isTrue();
        assertThat(generated.scopes()).containsExactlyInAnyOrderElementsOf(Scope.all());
        assertThat(issueSendingKey().key().bootstrap()).isFalse();
        assertThat(generated.revoke(NOW).bootstrap())
                .as("a revoked bootstrap key is still the one it was")
                .isTrue();
    }

    @Test
    void a_configured_secret_must_be_as_hard_to_guess_as_a_generated_one() {
        // 20 characters were once enough; a guessable 36-character secret was accepted too.
        for (String weak : List.of(
                "s".repeat(200),
                "sf_operator_chosen_bootstrap_secret",
                "sf_it_0123456789abcdef0123456789abcdef",
                "sf_0123456789abcdefghij")) {
            assertThatThrownBy(() -> ApiKey.configuredBootstrap(WORKSPACE, weak, NOW))
                    .as(weak)
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("too easy to guess")
                    .hasMessageContaining("openssl rand -hex 40")
                    .extracting(e -> ((InvalidValueException) e).field())
                    .isEqualTo("key");
        }
        assertThatThrownBy(() -> ApiKey.configuredBootstrap(WORKSPACE, "a".repeat(201), NOW))
                .hasMessageContaining("1-200 characters");
        assertThatThrownBy(() -> ApiKey.configuredBootstrap(
                        WORKSPACE, "sf_9f86d081884c7d659a2feaa0c55ad015 a3bf4f1b2b0b822cd15d6c15b0f00a08", NOW))
                .hasMessageContaining("visible ASCII");
    }

    @Test
    void a_key_needs_a_name_and_at_least_one_scope() {
        assertThatThrownBy(() -> ApiKey.issue(WORKSPACE, " ", Set.of(Scope.EMAILS_WRITE), NOW))
                .isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field())
                .isEqualTo("name");
        assertThatThrownBy(() -> ApiKey.issue(WORKSPACE, "k", Set.of(), NOW))
                .isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field())
                .isEqualTo("scopes");
    }

    @Test
    void scopes_are_named_on_the_wire_as_in_the_api() {
        assertThat(Scope.fromWire("emails:write")).isEqualTo(Scope.EMAILS_WRITE);
        assertThat(Scope.WORKSPACES_CREATE.wireName()).isEqualTo("workspaces:create");
        for (Scope scope : Scope.values()) {
            assertThat(Scope.fromWire(scope.wireName())).isSameAs(scope);
        }
        assertThatThrownBy(() -> Scope.fromWire(null)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Scope.fromWire("emails:everything"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("emails:write");
    }

    @Test
    void a_copy_of_scopes_is_unmodifiable_and_stands_alone() {
        Set<Scope> original = new HashSet<>(Set.of(Scope.EMAILS_WRITE));
        Set<Scope> copy = Scope.copyOf(original);
        original.add(Scope.API_KEYS_WRITE);

        assertThat(copy).containsExactly(Scope.EMAILS_WRITE);
        assertThat(Scope.copyOf(Set.of())).isEmpty();
        assertThatThrownBy(() -> copy.add(Scope.EVENTS_WRITE)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Scope.copyOf(Set.of()).add(Scope.EVENTS_WRITE))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
