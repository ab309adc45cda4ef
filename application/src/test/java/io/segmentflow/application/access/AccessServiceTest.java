package io.segmentflow.application.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.access.ManageAccessUseCase.NewWorkspace;
import io.segmentflow.application.error.InsufficientScopeException;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.TooManyFailuresException;
import io.segmentflow.application.error.UnauthorizedException;
import io.segmentflow.application.fake.FakeTransactions;
import io.segmentflow.application.fake.InMemoryApiKeys;
import io.segmentflow.application.fake.InMemoryWorkspaces;
import io.segmentflow.application.fake.ManualClock;
import io.segmentflow.domain.apikey.ApiKey;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.Workspace;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class AccessServiceTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final String CONFIGURED_SECRET = "sf_5b1c0e8f3a9d47e2b6f18c3d0a7e9b24f6c1d8e3a5b7092c";
    private static final String CHANGED_SECRET = "sf_e07d4a9c2f18b36e5d0c7a1f94b82e6d3c5a0f17b9e48d26";
    private static final String CLIENT = "203.0.113.7";

    private final ManualClock clock = new ManualClock(NOW);
    private final InMemoryApiKeys apiKeys = new InMemoryApiKeys();
    private final InMemoryWorkspaces workspaces = new InMemoryWorkspaces();
    private final FakeTransactions transactions = new FakeTransactions(apiKeys, workspaces);
    private final AuthenticationLimit limit = new AuthenticationLimit(3, 60, 100, clock);
    private final AccessService service = new AccessService(apiKeys, workspaces, transactions, clock, limit);
    private final List<ApiKey.Issued> handedOver = new ArrayList<>();

    /** The operator's full-access caller, as the generated bootstrap key authenticates. */
    private Caller operator() {
        service.bootstrap(Optional.empty(), handedOver::add);
        return authenticate(handedOver.get(0).secret());
    }

    private Caller authenticate(String secret) {
        return service.authenticate(secret, CLIENT);
    }

    private static Caller callerWith(WorkspaceId workspace, Scope... scopes) {
        return new Caller(workspace, "key_test", Set.of(scopes));
    }

    @Nested
    class Authenticating {
        @Test
        void a_known_key_authenticates_as_its_workspace_with_its_scopes() {
            Caller operator = operator();
            ApiKey.Issued issued = service.issueKey(operator, "Checkout", Set.of(Scope.EMAILS_WRITE));

            Caller caller = authenticate(issued.secret());

            assertThat(caller.workspaceId()).isEqualTo(operator.workspaceId());
            assertThat(caller.apiKeyId()).isEqualTo(issued.key().id());
            assertThat(caller.scopes()).containsExactly(Scope.EMAILS_WRITE);
        }

        @Test
        void surrounding_whitespace_around_the_secret_is_ignored() {
            Caller operator = operator();
            ApiKey.Issued issued = service.issueKey(operator, "Checkout", Set.of(Scope.EMAILS_WRITE));

            assertThat(authenticate(" " + issued.secret() + "\t").apiKeyId())
                    .isEqualTo(issued.key().id());
        }

        @Test
        void an_unknown_key_is_unauthorized() {
            operator();

            assertThatThrownBy(() -> authenticate("sf_" + "x".repeat(40)))
                    .isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("unknown or revoked")
                    .extracting(e -> ((UnauthorizedException) e).code())
                    .isEqualTo("unauthorized");
        }

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"", "   "})
        void a_missing_key_is_unauthorized(String secret) {
            assertThatThrownBy(() -> authenticate(secret))
                    .isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("x-api-key");
        }

        @Test
        void a_revoked_key_is_unauthorized_at_once() {
            Caller operator = operator();
            ApiKey.Issued issued = service.issueKey(operator, "Leaked", Set.of(Scope.EMAILS_WRITE));

            service.revokeKey(operator, issued.key().id());

            assertThatThrownBy(() -> authenticate(issued.secret())).isInstanceOf(UnauthorizedException.class);
            assertThat(apiKeys.find(operator.workspaceId(), issued.key().id())
                            .orElseThrow()
                            .revokedAt())
                    .isEqualTo(NOW);
        }

        @Test
        void a_caller_without_a_scope_is_refused_naming_it() {
            Caller caller = callerWith(new WorkspaceId("ws_1"), Scope.EMAILS_READ);

            assertThatThrownBy(() -> caller.require(Scope.EMAILS_WRITE))
                    .isInstanceOf(InsufficientScopeException.class)
                    .hasMessageContaining("emails:write")
                    .extracting(e -> ((InsufficientScopeException) e).code())
                    .isEqualTo("insufficient_scope");
        }
    }

    @Nested
    class KeepingKeysInMemory {
        private ApiKey.Issued issued;

        private void issueKey() {
            issued = service.issueKey(operator(), "Checkout", Set.of(Scope.EMAILS_WRITE));
        }

        /** A key issued on a node that hears every revocation, and used once: it is kept in memory. */
        private void keptKey() {
            issueKey();
            service.hearsRevocations(true);
            authenticate(issued.secret());
        }

        /** As another node would: committed in the store, this node not told. */
        private void revokeElsewhere() {
            apiKeys.update(issued.key().revoke(clock.instant()));
        }

        @Test
        void until_revocations_are_heard_every_request_reads_its_key() {
            issueKey();
            int before = apiKeys.lookups();

            authenticate(issued.secret());
            authenticate(issued.secret());

            assertThat(apiKeys.lookups() - before).isEqualTo(2);
        }

        @Test
        void while_revocations_are_heard_a_key_is_read_once_in_its_lifetime() {
            issueKey();
            service.hearsRevocations(true);
            int before = apiKeys.lookups();

            authenticate(issued.secret());
            clock.advance(ApiKeyCache.LIFETIME.minusMillis(1));
            assertThat(authenticate(issued.secret()).apiKeyId())
                    .isEqualTo(issued.key().id());
            assertThat(apiKeys.lookups() - before).isEqualTo(1);

            clock.advance(Duration.ofMillis(1));
            authenticate(issued.secret());
            assertThat(apiKeys.lookups() - before)
                    .as("read again once its lifetime is over")
                    .isEqualTo(2);
        }

        @Test
        void a_key_revoked_on_this_node_is_refused_at_once() {
            keptKey();

            service.revokeKey(operator(), issued.key().id());

            assertThatThrownBy(() -> authenticate(issued.secret())).isInstanceOf(UnauthorizedException.class);
        }

        @Test
        void a_key_revoked_on_another_node_is_refused_once_its_revocation_is_heard() {
            keptKey();

            revokeElsewhere();
            service.keyRevokedElsewhere();

            assertThatThrownBy(() -> authenticate(issued.secret())).isInstanceOf(UnauthorizedException.class);
        }

        @Test
        void a_revocation_heard_while_a_key_was_being_read_keeps_that_read_out_of_memory() {
            issueKey();
            service.hearsRevocations(true);
            // The read sees the key active; the revocation commits and is heard before the read is done.
            apiKeys.duringLookup(() -> {
                revokeElsewhere();
                service.keyRevokedElsewhere();
            });
            authenticate(issued.secret());
            apiKeys.duringLookup(() -> {});

            assertThatThrownBy(() -> authenticate(issued.secret())).isInstanceOf(UnauthorizedException.class);
        }

        @Test
        void a_node_that_stops_hearing_revocations_reads_every_key_again() {
            keptKey();

            service.hearsRevocations(false);
            revokeElsewhere();

            assertThatThrownBy(() -> authenticate(issued.secret())).isInstanceOf(UnauthorizedException.class);
        }

        @Test
        void a_node_that_hears_again_forgets_what_it_kept_before() {
            keptKey();
            // Revoked while this node heard nothing, though it did not know yet.
            revokeElsewhere();

            service.hearsRevocations(true);

            assertThatThrownBy(() -> authenticate(issued.secret())).isInstanceOf(UnauthorizedException.class);
        }

        @Test
        void keys_are_kept_on_the_servers_clock_that_ticks_in_microseconds() {
            Clock serverClock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1000));
            AccessService onServerClock = new AccessService(apiKeys, workspaces, transactions, serverClock, limit);
            issueKey();
            onServerClock.hearsRevocations(true);
            int before = apiKeys.lookups();

            onServerClock.authenticate(issued.secret(), CLIENT);
            onServerClock.authenticate(issued.secret(), CLIENT);

            assertThat(apiKeys.lookups() - before).isEqualTo(1);
        }

        @Test
        void unknown_keys_are_never_kept() {
            operator();
            service.hearsRevocations(true);
            int before = apiKeys.lookups();

            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> authenticate("sf_" + "y".repeat(40)))
                        .isInstanceOf(UnauthorizedException.class);
            }

            assertThat(apiKeys.lookups() - before).isEqualTo(2);
        }
    }

    @Nested
    class IssuingKeys {
        @Test
        void an_issued_key_is_stored_hashed_and_shown_once_with_its_secret() {
            Caller operator = operator();

            ApiKey.Issued issued =
                    service.issueKey(operator, "Checkout", Set.of(Scope.EMAILS_WRITE, Scope.EMAILS_READ));

            ApiKey stored =
                    apiKeys.find(operator.workspaceId(), issued.key().id()).orElseThrow();
            assertThat(stored.hash()).isEqualTo(ApiKey.hashOf(issued.secret())).isNotEqualTo(issued.secret());
            assertThat(stored.toString()).doesNotContain(issued.secret());
            assertThat(stored.workspaceId()).isEqualTo(operator.workspaceId());
            assertThat(stored.scopes()).containsExactlyInAnyOrder(Scope.EMAILS_WRITE, Scope.EMAILS_READ);
        }

        @Test
        void a_caller_cannot_grant_a_scope_it_lacks() {
            WorkspaceId workspace = new WorkspaceId("ws_1");
            Caller keyAdmin = callerWith(workspace, Scope.API_KEYS_WRITE, Scope.EMAILS_WRITE);

            assertThatThrownBy(() -> service.issueKey(
                            keyAdmin, "Escalation", Set.of(Scope.EMAILS_WRITE, Scope.WORKSPACES_CREATE)))
                    .isInstanceOf(InsufficientScopeException.class)
                    .hasMessageContaining("workspaces:create");
            assertThat(apiKeys.all()).isEmpty();
        }

        @Test
        void a_caller_can_grant_scopes_it_holds() {
            Caller keyAdmin = callerWith(new WorkspaceId("ws_1"), Scope.API_KEYS_WRITE, Scope.EMAILS_WRITE);

            ApiKey.Issued issued = service.issueKey(keyAdmin, "Sender", Set.of(Scope.EMAILS_WRITE));

            assertThat(authenticate(issued.secret()).scopes()).containsExactly(Scope.EMAILS_WRITE);
        }

        @Test
        void issuing_keys_needs_the_api_keys_write_scope() {
            Caller sender = callerWith(new WorkspaceId("ws_1"), Scope.EMAILS_WRITE);

            assertThatThrownBy(() -> service.issueKey(sender, "Sender", Set.of(Scope.EMAILS_WRITE)))
                    .isInstanceOf(InsufficientScopeException.class)
                    .hasMessageContaining("api_keys:write");
            assertThatThrownBy(() -> service.listKeys(sender)).isInstanceOf(InsufficientScopeException.class);
            assertThat(apiKeys.all()).isEmpty();
        }

        @Test
        void the_keys_listed_are_those_of_the_caller_workspace() {
            Caller operator = operator();
            NewWorkspace globex = service.createWorkspace(operator, "Globex");

            assertThat(service.listKeys(operator))
                    .extracting(ApiKey::workspaceId)
                    .containsOnly(operator.workspaceId());
            assertThat(service.listKeys(authenticate(globex.key().secret())))
                    .extracting(ApiKey::id)
                    .containsExactly(globex.key().key().id());
        }

        @Test
        void a_key_of_another_workspace_cannot_be_revoked() {
            Caller operator = operator();
            NewWorkspace globex = service.createWorkspace(operator, "Globex");

            assertThatThrownBy(
                            () -> service.revokeKey(operator, globex.key().key().id()))
                    .isInstanceOf(NotFoundException.class);
            assertThat(authenticate(globex.key().secret()).workspaceId())
                    .isEqualTo(globex.workspace().id());
        }
    }

    @Nested
    class Bootstrapping {
        @Test
        void the_first_start_creates_a_workspace_and_a_generated_full_access_key_handed_over_once() {
            service.bootstrap(Optional.empty(), handedOver::add);

            assertThat(workspaces.all())
                    .singleElement()
                    .extracting(Workspace::name)
                    .isEqualTo("Default workspace");
            assertThat(handedOver).singleElement().satisfies(key -> {
                assertThat(key.secret()).startsWith("sf_");
                assertThat(key.key().bootstrap()).isTrue();
            });
            Caller caller = authenticate(handedOver.get(0).secret());
            assertThat(caller.workspaceId()).isEqualTo(workspaces.all().get(0).id());
            assertThat(caller.scopes()).containsExactlyInAnyOrderElementsOf(Scope.all());
        }

        @Test
        void a_generated_key_that_cannot_be_handed_over_is_never_created() {
            assertThatThrownBy(() -> service.bootstrap(Optional.empty(), key -> {
                        throw new IllegalStateException("the key file cannot be written");
                    }))
                    .hasMessageContaining("key file");

            assertThat(workspaces.all()).isEmpty();
            assertThat(apiKeys.all()).isEmpty();
        }

        @Test
        void a_later_start_creates_nothing_and_hands_nothing_over() {
            service.bootstrap(Optional.empty(), handedOver::add);
            clock.advance(Duration.ofDays(1));

            service.bootstrap(Optional.empty(), handedOver::add);

            assertThat(handedOver).hasSize(1);
            assertThat(workspaces.all()).hasSize(1);
            assertThat(apiKeys.all()).hasSize(1);
        }

        @Test
        void a_configured_secret_is_stored_hashed_handed_over_nowhere_and_authenticates_with_every_scope() {
            service.bootstrap(Optional.of(CONFIGURED_SECRET), handedOver::add);

            assertThat(handedOver).isEmpty();
            assertThat(apiKeys.all()).singleElement().satisfies(key -> {
                assertThat(key.hash()).isEqualTo(ApiKey.hashOf(CONFIGURED_SECRET));
                assertThat(key.toString()).doesNotContain(CONFIGURED_SECRET);
                assertThat(key.bootstrap()).isTrue();
            });
            Caller caller = authenticate(CONFIGURED_SECRET);
            assertThat(caller.workspaceId()).isEqualTo(workspaces.all().get(0).id());
            assertThat(caller.scopes()).containsExactlyInAnyOrderElementsOf(Scope.all());
        }

        @Test
        void a_configured_secret_is_stored_once_across_starts_and_stays_valid() {
            service.bootstrap(Optional.of(CONFIGURED_SECRET), handedOver::add);

            service.bootstrap(Optional.of(CONFIGURED_SECRET), handedOver::add);

            assertThat(workspaces.all()).hasSize(1);
            assertThat(apiKeys.all())
                    .singleElement()
                    .satisfies(key -> assertThat(key.isActive()).isTrue());
        }

        @Test
        void a_changed_configured_secret_replaces_the_old_key() {
            service.bootstrap(Optional.of(CONFIGURED_SECRET), handedOver::add);
            Caller operator = authenticate(CONFIGURED_SECRET);
            ApiKey.Issued backend = service.issueKey(operator, "Backend", Set.of(Scope.EMAILS_WRITE));
            clock.advance(Duration.ofHours(1));

            service.bootstrap(Optional.of(CHANGED_SECRET), handedOver::add);

            assertThatThrownBy(() -> authenticate(CONFIGURED_SECRET)).isInstanceOf(UnauthorizedException.class);
            assertThat(apiKeys.find(operator.workspaceId(), operator.apiKeyId())
                            .orElseThrow()
                            .revokedAt())
                    .isEqualTo(NOW.plus(Duration.ofHours(1)));
            assertThat(authenticate(CHANGED_SECRET).scopes()).containsExactlyInAnyOrderElementsOf(Scope.all());
            assertThat(authenticate(backend.secret()).apiKeyId())
                    .as("other keys are not touched")
                    .isEqualTo(backend.key().id());
        }

        @Test
        void a_configured_secret_replaces_the_generated_key_of_the_first_start() {
            Caller operator = operator();
            NewWorkspace globex = service.createWorkspace(operator, "Globex");

            service.bootstrap(Optional.of(CONFIGURED_SECRET), handedOver::add);

            assertThat(authenticate(CONFIGURED_SECRET).workspaceId()).isEqualTo(operator.workspaceId());
            assertThatThrownBy(() -> authenticate(handedOver.get(0).secret()))
                    .isInstanceOf(UnauthorizedException.class);
            assertThat(authenticate(globex.key().secret()).workspaceId())
                    .isEqualTo(globex.workspace().id());
            assertThat(workspaces.all()).hasSize(2);
        }

        @Test
        void going_back_to_an_earlier_secret_is_refused_and_the_current_key_stays() {
            service.bootstrap(Optional.of(CONFIGURED_SECRET), handedOver::add);
            service.bootstrap(Optional.of(CHANGED_SECRET), handedOver::add);

            assertThatThrownBy(() -> service.bootstrap(Optional.of(CONFIGURED_SECRET), handedOver::add))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("revoked or replaced");

            assertThatThrownBy(() -> authenticate(CONFIGURED_SECRET)).isInstanceOf(UnauthorizedException.class);
            assertThat(authenticate(CHANGED_SECRET).scopes()).containsExactlyInAnyOrderElementsOf(Scope.all());
        }

        @Test
        void a_revoked_configured_key_stays_revoked_and_the_start_is_refused() {
            service.bootstrap(Optional.of(CONFIGURED_SECRET), handedOver::add);
            Caller operator = authenticate(CONFIGURED_SECRET);
            service.revokeKey(operator, operator.apiKeyId());

            assertThatThrownBy(() -> service.bootstrap(Optional.of(CONFIGURED_SECRET), handedOver::add))
                    .isInstanceOf(InvalidValueException.class);

            assertThatThrownBy(() -> authenticate(CONFIGURED_SECRET)).isInstanceOf(UnauthorizedException.class);
        }

        @Test
        void a_key_issued_through_the_api_cannot_become_the_bootstrap_key() {
            service.bootstrap(Optional.of(CONFIGURED_SECRET), handedOver::add);
            ApiKey.Issued backend =
                    service.issueKey(authenticate(CONFIGURED_SECRET), "Backend", Set.of(Scope.EMAILS_WRITE));

            assertThatThrownBy(() -> service.bootstrap(Optional.of(backend.secret()), handedOver::add))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("issued through the API");

            assertThat(authenticate(CONFIGURED_SECRET).scopes())
                    .as("the bootstrap key was not revoked")
                    .containsExactlyInAnyOrderElementsOf(Scope.all());
        }

        @Test
        void a_configured_secret_too_easy_to_guess_is_refused_and_nothing_is_created() {
            // 20 characters and more: enough before.
            assertThatThrownBy(
                            () -> service.bootstrap(Optional.of("sf_operator_configured_secret_0001"), handedOver::add))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("too easy to guess");

            assertThat(workspaces.all()).isEmpty();
            assertThat(apiKeys.all()).isEmpty();
        }

        @Test
        void a_weak_secret_stored_before_the_rule_is_refused_too() {
            service.bootstrap(Optional.empty(), handedOver::add);
            String weak = "sf_operator_configured_secret_0001";
            WorkspaceId first = workspaces.all().get(0).id();
            transactions.inTransaction(() -> {
                apiKeys.add(new ApiKey(
                        "key_old",
                        first,
                        "Bootstrap key",
                        weak.substring(0, 12),
                        ApiKey.hashOf(weak),
                        Scope.all(),
                        NOW,
                        null,
                        true));
                return null;
            });

            assertThatThrownBy(() -> service.bootstrap(Optional.of(weak), handedOver::add))
                    .isInstanceOf(InvalidValueException.class);
        }
    }

    @Nested
    class LimitingFailures {
        @Test
        void an_address_that_failed_too_often_is_refused_without_its_keys_being_looked_up() {
            Caller operator = operator();
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> authenticate("sf_wrong_" + "x".repeat(40)))
                        .isInstanceOf(UnauthorizedException.class);
            }
            int lookups = apiKeys.lookups();

            assertThatThrownBy(() -> authenticate("sf_wrong_" + "y".repeat(40)))
                    .isInstanceOf(TooManyFailuresException.class)
                    .extracting(e -> ((TooManyFailuresException) e).retryAfter())
                    .isEqualTo(Duration.ofSeconds(1));
            assertThatThrownBy(() -> authenticate(handedOver.get(0).secret()))
                    .as("a right guess cannot be told from a wrong one")
                    .isInstanceOf(TooManyFailuresException.class);
            assertThat(apiKeys.lookups()).isEqualTo(lookups);
            assertThat(service.authenticate(handedOver.get(0).secret(), "198.51.100.20")
                            .apiKeyId())
                    .as("another address is not limited")
                    .isEqualTo(operator.apiKeyId());

            clock.advance(Duration.ofSeconds(1));
            assertThat(authenticate(handedOver.get(0).secret()).apiKeyId()).isEqualTo(operator.apiKeyId());
        }

        @Test
        void valid_keys_and_missing_keys_never_count() {
            Caller operator = operator();

            for (int i = 0; i < 100; i++) {
                authenticate(handedOver.get(0).secret());
                assertThatThrownBy(() -> authenticate("")).isInstanceOf(UnauthorizedException.class);
            }

            assertThat(authenticate(handedOver.get(0).secret()).apiKeyId()).isEqualTo(operator.apiKeyId());
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> authenticate("sf_unknown"))
                        .as("the whole burst is still there")
                        .isExactlyInstanceOf(UnauthorizedException.class);
            }
        }
    }

    @Nested
    class CreatingWorkspaces {
        @Test
        void creating_a_workspace_needs_the_workspaces_create_scope() {
            Caller caller = callerWith(
                    new WorkspaceId("ws_1"),
                    EnumSet.complementOf(EnumSet.of(Scope.WORKSPACES_CREATE)).toArray(Scope[]::new));

            assertThatThrownBy(() -> service.createWorkspace(caller, "Globex"))
                    .isInstanceOf(InsufficientScopeException.class)
                    .hasMessageContaining("workspaces:create");
            assertThat(workspaces.all()).isEmpty();
            assertThat(apiKeys.all()).isEmpty();
        }

        @Test
        void a_new_workspace_gets_a_first_key_with_every_scope_but_creating_workspaces() {
            Caller operator = operator();

            NewWorkspace globex = service.createWorkspace(operator, "Globex");

            assertThat(globex.workspace().name()).isEqualTo("Globex");
            assertThat(workspaces.all())
                    .extracting(Workspace::id)
                    .contains(globex.workspace().id());
            Caller globexCaller = authenticate(globex.key().secret());
            assertThat(globexCaller.workspaceId())
                    .isEqualTo(globex.workspace().id())
                    .isNotEqualTo(operator.workspaceId());
            assertThat(globexCaller.scopes())
                    .doesNotContain(Scope.WORKSPACES_CREATE)
                    .containsExactlyInAnyOrderElementsOf(EnumSet.complementOf(EnumSet.of(Scope.WORKSPACES_CREATE)));
            assertThatThrownBy(() -> service.createWorkspace(globexCaller, "Initech"))
                    .isInstanceOf(InsufficientScopeException.class);
        }

        @Test
        void the_operator_workspace_stays_the_first() {
            Caller operator = operator();

            service.createWorkspace(operator, "Globex");

            assertThat(workspaces.first()).map(Workspace::id).contains(operator.workspaceId());
        }
    }
}
