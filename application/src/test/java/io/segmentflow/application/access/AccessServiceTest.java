package io.segmentflow.application.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.access.ManageAccessUseCase.NewWorkspace;
import io.segmentflow.application.error.InsufficientScopeException;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.UnauthorizedException;
import io.segmentflow.application.fake.FakeTransactions;
import io.segmentflow.application.fake.InMemoryApiKeys;
import io.segmentflow.application.fake.InMemoryWorkspaces;
import io.segmentflow.application.fake.ManualClock;
import io.segmentflow.domain.apikey.ApiKey;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.workspace.Workspace;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class AccessServiceTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final String CONFIGURED_SECRET = "sf_operator_configured_secret_0001";

    private final ManualClock clock = new ManualClock(NOW);
    private final InMemoryApiKeys apiKeys = new InMemoryApiKeys();
    private final InMemoryWorkspaces workspaces = new InMemoryWorkspaces();
    private final FakeTransactions transactions = new FakeTransactions(apiKeys, workspaces);
    private final AccessService service = new AccessService(apiKeys, workspaces, transactions, clock);

    /** The operator's full-access caller, as the generated bootstrap key authenticates. */
    private Caller operator() {
        ApiKey.Issued bootstrapKey = service.bootstrap(Optional.empty()).orElseThrow();
        return service.authenticate(bootstrapKey.secret());
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

            Caller caller = service.authenticate(issued.secret());

            assertThat(caller.workspaceId()).isEqualTo(operator.workspaceId());
            assertThat(caller.apiKeyId()).isEqualTo(issued.key().id());
            assertThat(caller.scopes()).containsExactly(Scope.EMAILS_WRITE);
        }

        @Test
        void surrounding_whitespace_around_the_secret_is_ignored() {
            Caller operator = operator();
            ApiKey.Issued issued = service.issueKey(operator, "Checkout", Set.of(Scope.EMAILS_WRITE));

            assertThat(service.authenticate(" " + issued.secret() + "\t").apiKeyId()).isEqualTo(issued.key().id());
        }

        @Test
        void an_unknown_key_is_unauthorized() {
            operator();

            assertThatThrownBy(() -> service.authenticate("sf_" + "x".repeat(40)))
                    .isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("unknown or revoked")
                    .extracting(e -> ((UnauthorizedException) e).code()).isEqualTo("unauthorized");
        }

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"", "   "})
        void a_missing_key_is_unauthorized(String secret) {
            assertThatThrownBy(() -> service.authenticate(secret))
                    .isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining("x-api-key");
        }

        @Test
        void a_revoked_key_is_unauthorized_at_once() {
            Caller operator = operator();
            ApiKey.Issued issued = service.issueKey(operator, "Leaked", Set.of(Scope.EMAILS_WRITE));

            service.revokeKey(operator, issued.key().id());

            assertThatThrownBy(() -> service.authenticate(issued.secret())).isInstanceOf(UnauthorizedException.class);
            assertThat(apiKeys.find(operator.workspaceId(), issued.key().id()).orElseThrow().revokedAt()).isEqualTo(NOW);
        }

        @Test
        void a_caller_without_a_scope_is_refused_naming_it() {
            Caller caller = callerWith(new WorkspaceId("ws_1"), Scope.EMAILS_READ);

            assertThatThrownBy(() -> caller.require(Scope.EMAILS_WRITE))
                    .isInstanceOf(InsufficientScopeException.class)
                    .hasMessageContaining("emails:write")
                    .extracting(e -> ((InsufficientScopeException) e).code()).isEqualTo("insufficient_scope");
        }
    }

    @Nested
    class IssuingKeys {
        @Test
        void an_issued_key_is_stored_hashed_and_shown_once_with_its_secret() {
            Caller operator = operator();

            ApiKey.Issued issued = service.issueKey(operator, "Checkout", Set.of(Scope.EMAILS_WRITE, Scope.EMAILS_READ));

            ApiKey stored = apiKeys.find(operator.workspaceId(), issued.key().id()).orElseThrow();
            assertThat(stored.hash()).isEqualTo(ApiKey.hashOf(issued.secret())).isNotEqualTo(issued.secret());
            assertThat(stored.toString()).doesNotContain(issued.secret());
            assertThat(stored.workspaceId()).isEqualTo(operator.workspaceId());
            assertThat(stored.scopes()).containsExactlyInAnyOrder(Scope.EMAILS_WRITE, Scope.EMAILS_READ);
        }

        @Test
        void a_caller_cannot_grant_a_scope_it_lacks() {
            WorkspaceId workspace = new WorkspaceId("ws_1");
            Caller keyAdmin = callerWith(workspace, Scope.API_KEYS_WRITE, Scope.EMAILS_WRITE);

            assertThatThrownBy(() -> service.issueKey(keyAdmin, "Escalation", Set.of(Scope.EMAILS_WRITE, Scope.WORKSPACES_CREATE)))
                    .isInstanceOf(InsufficientScopeException.class)
                    .hasMessageContaining("workspaces:create");
            assertThat(apiKeys.all()).isEmpty();
        }

        @Test
        void a_caller_can_grant_scopes_it_holds() {
            Caller keyAdmin = callerWith(new WorkspaceId("ws_1"), Scope.API_KEYS_WRITE, Scope.EMAILS_WRITE);

            ApiKey.Issued issued = service.issueKey(keyAdmin, "Sender", Set.of(Scope.EMAILS_WRITE));

            assertThat(service.authenticate(issued.secret()).scopes()).containsExactly(Scope.EMAILS_WRITE);
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

            assertThat(service.listKeys(operator)).extracting(ApiKey::workspaceId).containsOnly(operator.workspaceId());
            assertThat(service.listKeys(service.authenticate(globex.key().secret())))
                    .extracting(ApiKey::id).containsExactly(globex.key().key().id());
        }

        @Test
        void a_key_of_another_workspace_cannot_be_revoked() {
            Caller operator = operator();
            NewWorkspace globex = service.createWorkspace(operator, "Globex");

            assertThatThrownBy(() -> service.revokeKey(operator, globex.key().key().id()))
                    .isInstanceOf(NotFoundException.class);
            assertThat(service.authenticate(globex.key().secret()).workspaceId()).isEqualTo(globex.workspace().id());
        }
    }

    @Nested
    class Bootstrapping {
        @Test
        void the_first_start_creates_a_workspace_and_a_generated_full_access_key_shown_once() {
            Optional<ApiKey.Issued> shown = service.bootstrap(Optional.empty());

            assertThat(workspaces.all()).singleElement().extracting(Workspace::name).isEqualTo("Default workspace");
            assertThat(shown).isPresent();
            assertThat(shown.get().secret()).startsWith("sf_");
            Caller caller = service.authenticate(shown.get().secret());
            assertThat(caller.workspaceId()).isEqualTo(workspaces.all().get(0).id());
            assertThat(caller.scopes()).containsExactlyInAnyOrderElementsOf(Scope.all());
        }

        @Test
        void a_later_start_creates_nothing_and_shows_nothing() {
            service.bootstrap(Optional.empty());
            clock.advance(Duration.ofDays(1));

            Optional<ApiKey.Issued> shown = service.bootstrap(Optional.empty());

            assertThat(shown).isEmpty();
            assertThat(workspaces.all()).hasSize(1);
            assertThat(apiKeys.all()).hasSize(1);
        }

        @Test
        void a_configured_secret_is_stored_hashed_shown_nowhere_and_authenticates_with_every_scope() {
            Optional<ApiKey.Issued> shown = service.bootstrap(Optional.of(CONFIGURED_SECRET));

            assertThat(shown).isEmpty();
            assertThat(apiKeys.all()).singleElement().satisfies(key -> {
                assertThat(key.hash()).isEqualTo(ApiKey.hashOf(CONFIGURED_SECRET));
                assertThat(key.toString()).doesNotContain(CONFIGURED_SECRET);
            });
            Caller caller = service.authenticate(CONFIGURED_SECRET);
            assertThat(caller.workspaceId()).isEqualTo(workspaces.all().get(0).id());
            assertThat(caller.scopes()).containsExactlyInAnyOrderElementsOf(Scope.all());
        }

        @Test
        void a_configured_secret_is_stored_once_across_starts() {
            service.bootstrap(Optional.of(CONFIGURED_SECRET));

            service.bootstrap(Optional.of(CONFIGURED_SECRET));

            assertThat(workspaces.all()).hasSize(1);
            assertThat(apiKeys.all()).hasSize(1);
        }

        @Test
        void a_secret_configured_after_the_first_start_is_added_to_the_first_workspace() {
            Caller operator = operator();
            service.createWorkspace(operator, "Globex");

            service.bootstrap(Optional.of(CONFIGURED_SECRET));

            assertThat(service.authenticate(CONFIGURED_SECRET).workspaceId()).isEqualTo(operator.workspaceId());
            assertThat(workspaces.all()).hasSize(2);
        }

        @Test
        void a_revoked_configured_key_stays_revoked_on_the_next_start() {
            service.bootstrap(Optional.of(CONFIGURED_SECRET));
            Caller operator = service.authenticate(CONFIGURED_SECRET);
            service.revokeKey(operator, operator.apiKeyId());

            service.bootstrap(Optional.of(CONFIGURED_SECRET));

            assertThatThrownBy(() -> service.authenticate(CONFIGURED_SECRET)).isInstanceOf(UnauthorizedException.class);
        }

        @Test
        void a_configured_secret_too_short_to_be_safe_is_refused_and_nothing_is_created() {
            assertThatThrownBy(() -> service.bootstrap(Optional.of("short")))
                    .hasMessageContaining("20-200 characters");

            assertThat(workspaces.all()).isEmpty();
            assertThat(apiKeys.all()).isEmpty();
        }
    }

    @Nested
    class CreatingWorkspaces {
        @Test
        void creating_a_workspace_needs_the_workspaces_create_scope() {
            Caller caller = callerWith(new WorkspaceId("ws_1"), EnumSet.complementOf(EnumSet.of(Scope.WORKSPACES_CREATE))
                    .toArray(Scope[]::new));

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
            assertThat(workspaces.all()).extracting(Workspace::id).contains(globex.workspace().id());
            Caller globexCaller = service.authenticate(globex.key().secret());
            assertThat(globexCaller.workspaceId()).isEqualTo(globex.workspace().id()).isNotEqualTo(operator.workspaceId());
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
