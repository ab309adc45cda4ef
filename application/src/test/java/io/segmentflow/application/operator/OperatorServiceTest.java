package io.segmentflow.application.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.access.AuthenticationLimit;
import io.segmentflow.application.fake.CountingPasswordHashes;
import io.segmentflow.application.fake.FakeTransactions;
import io.segmentflow.application.fake.InMemoryOperators;
import io.segmentflow.application.fake.InMemoryWorkspaces;
import io.segmentflow.application.fake.ManualClock;
import io.segmentflow.application.operator.ManageOperatorsUseCase.Added;
import io.segmentflow.application.operator.SignInUseCase.Admitted;
import io.segmentflow.application.operator.SignInUseCase.Outcome;
import io.segmentflow.application.operator.SignInUseCase.Refused;
import io.segmentflow.application.operator.SignInUseCase.TooManyFailures;
import io.segmentflow.domain.operator.Member;
import io.segmentflow.domain.operator.Role;
import io.segmentflow.domain.operator.Roster.RosterRefusal;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.Workspace;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OperatorServiceTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final String ADMIN = "admin@example.com";
    private static final String ADMIN_PASSWORD = "a long admin passphrase";
    private static final String CLIENT = "203.0.113.7";

    private final ManualClock clock = new ManualClock(NOW);
    private final InMemoryOperators operators = new InMemoryOperators();
    private final InMemoryWorkspaces workspaces = new InMemoryWorkspaces();
    private final CountingPasswordHashes hashes = new CountingPasswordHashes();
    private final FakeTransactions transactions = new FakeTransactions(operators, workspaces);
    /** 3 failures per account, 5 per address, then one a minute. */
    private final OperatorService service = new OperatorService(
            operators,
            workspaces,
            hashes,
            transactions,
            clock,
            new AuthenticationLimit(3, 1, 100, clock),
            new AuthenticationLimit(5, 1, 100, clock));

    private final List<String> handedOver = new ArrayList<>();
    private Workspace first;

    @BeforeEach
    void aFirstWorkspace() {
        first = Workspace.create("Default workspace", NOW);
        workspaces.add(first);
    }

    @Nested
    class TheFirstOperator {
        @Test
        void is_made_owner_of_the_first_workspace_with_the_configured_password() {
            service.bootstrap(ADMIN, Optional.of(ADMIN_PASSWORD), handedOver::add);

            assertThat(handedOver).isEmpty();
            assertThat(service.signIn(ADMIN, ADMIN_PASSWORD, CLIENT))
                    .isInstanceOfSatisfying(
                            Admitted.class,
                            admitted -> assertThat(admitted.workspaces())
                                    .extracting(Member::workspace, Member::role)
                                    .containsExactly(org.assertj.core.groups.Tuple.tuple(first.id(), Role.OWNER)));
        }

        @Test
        void gets_a_generated_password_handed_over_once_when_none_is_configured() {
            service.bootstrap(ADMIN, Optional.empty(), handedOver::add);
            service.bootstrap(ADMIN, Optional.empty(), handedOver::add);

            assertThat(handedOver).hasSize(1);
            assertThat(service.signIn(ADMIN, handedOver.get(0), CLIENT)).isInstanceOf(Admitted.class);
        }

        @Test
        void is_not_made_when_the_generated_password_cannot_be_handed_over() {
            assertThatThrownBy(() -> service.bootstrap(ADMIN, Optional.empty(), password -> {
                        throw new IllegalStateException("no place to write it");
                    }))
                    .hasMessage("no place to write it");

            assertThat(operators.find(new io.segmentflow.domain.operator.OperatorEmail(ADMIN)))
                    .isEmpty();
        }

        @Test
        void takes_a_changed_configured_password_and_keeps_the_roles() {
            service.bootstrap(ADMIN, Optional.of(ADMIN_PASSWORD), handedOver::add);

            service.bootstrap(ADMIN, Optional.of("another long passphrase"), handedOver::add);

            assertThat(service.signIn(ADMIN, ADMIN_PASSWORD, CLIENT)).isInstanceOf(Refused.class);
            assertThat(service.signIn(ADMIN, "another long passphrase", CLIENT)).isInstanceOf(Admitted.class);
            assertThat(service.roleOf(ADMIN, first.id())).contains(Role.OWNER);
        }

        @Test
        void a_configured_password_too_weak_is_refused_and_nothing_is_made() {
            assertThatThrownBy(() -> service.bootstrap(ADMIN, Optional.of("admin"), handedOver::add))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessage("must be at least 12 characters");

            assertThat(operators.find(new io.segmentflow.domain.operator.OperatorEmail(ADMIN)))
                    .isEmpty();
        }
    }

    @Nested
    class SigningIn {
        @BeforeEach
        void theAdmin() {
            service.bootstrap(ADMIN, Optional.of(ADMIN_PASSWORD), handedOver::add);
        }

        @Test
        void the_email_is_taken_in_any_case() {
            assertThat(service.signIn(" Admin@Example.com ", ADMIN_PASSWORD, CLIENT))
                    .isInstanceOfSatisfying(
                            Admitted.class,
                            admitted -> assertThat(admitted.email()).isEqualTo(ADMIN));
        }

        @Test
        void a_wrong_password_and_an_unknown_email_are_refused_alike_and_each_checks_a_password() {
            int before = hashes.checks();

            Outcome wrongPassword = service.signIn(ADMIN, "not the password at all", CLIENT);
            Outcome unknownEmail = service.signIn("nobody@example.com", ADMIN_PASSWORD, CLIENT);

            assertThat(wrongPassword).isEqualTo(unknownEmail).isInstanceOf(Refused.class);
            assertThat(hashes.checks() - before).isEqualTo(2);
        }

        @Test
        void an_account_is_locked_after_its_failures_even_against_the_right_password_and_from_other_addresses() {
            for (int i = 0; i < 3; i++) {
                assertThat(service.signIn(ADMIN, "wrong " + i, "198.51.100." + i))
                        .isInstanceOf(Refused.class);
            }
            int before = hashes.checks();

            Outcome locked = service.signIn(ADMIN, ADMIN_PASSWORD, "192.0.2.1");

            assertThat(locked)
                    .isInstanceOfSatisfying(
                            TooManyFailures.class,
                            wait -> assertThat(wait.retryAfter()).isEqualTo(Duration.ofMinutes(1)));
            assertThat(hashes.checks()).as("the password is not even checked").isEqualTo(before);
            clock.advance(Duration.ofMinutes(1));
            assertThat(service.signIn(ADMIN, ADMIN_PASSWORD, "192.0.2.1")).isInstanceOf(Admitted.class);
        }

        @Test
        void an_address_is_held_back_after_its_failures_whatever_accounts_it_tries() {
            for (int i = 0; i < 5; i++) {
                service.signIn("guess" + i + "@example.com", "wrong", CLIENT);
            }

            assertThat(service.signIn(ADMIN, ADMIN_PASSWORD, CLIENT)).isInstanceOf(TooManyFailures.class);
            assertThat(service.signIn(ADMIN, ADMIN_PASSWORD, "192.0.2.1")).isInstanceOf(Admitted.class);
        }

        @Test
        void what_is_no_email_at_all_is_refused_as_a_wrong_password_is() {
            assertThat(service.signIn("not an email\r\n", ADMIN_PASSWORD, CLIENT))
                    .isInstanceOf(Refused.class);
            assertThat(service.signIn(null, null, CLIENT)).isInstanceOf(Refused.class);
        }

        @Test
        void a_password_longer_than_any_allowed_is_refused_without_hashing_it() {
            int before = hashes.checks();

            assertThat(service.signIn(ADMIN, "x".repeat(100_000), CLIENT)).isInstanceOf(Refused.class);
            assertThat(hashes.checks()).isEqualTo(before);
        }

        @Test
        void an_operator_removed_from_every_workspace_signs_in_no_more() {
            Added viewer = service.add(ADMIN, first.id(), "viewer@example.com", Role.VIEWER, Optional.empty());
            String password = viewer.generatedPassword().orElseThrow();
            service.remove(ADMIN, first.id(), viewer.member().operator().id());

            assertThat(service.signIn("viewer@example.com", password, CLIENT)).isInstanceOf(Refused.class);
            assertThat(service.roleOf("viewer@example.com", first.id())).isEmpty();
        }
    }

    @Nested
    class ManagingOperators {
        @BeforeEach
        void theAdmin() {
            service.bootstrap(ADMIN, Optional.of(ADMIN_PASSWORD), handedOver::add);
        }

        @Test
        void an_owner_adds_an_operator_with_a_chosen_password() {
            Added added = service.add(
                    ADMIN, first.id(), "Ops@Example.com", Role.OPERATOR, Optional.of("a chosen passphrase"));

            assertThat(added.generatedPassword()).isEmpty();
            assertThat(added.newAccount()).isTrue();
            assertThat(service.signIn("ops@example.com", "a chosen passphrase", CLIENT))
                    .isInstanceOf(Admitted.class);
            assertThat(service.list(ADMIN, first.id()))
                    .extracting(m -> m.operator().email().value(), Member::role)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(ADMIN, Role.OWNER),
                            org.assertj.core.groups.Tuple.tuple("ops@example.com", Role.OPERATOR));
        }

        @Test
        void a_chosen_password_must_pass_the_policy() {
            assertThatThrownBy(() ->
                            service.add(ADMIN, first.id(), "ops@example.com", Role.OPERATOR, Optional.of("short")))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessage("must be at least 12 characters");
            assertThat(service.list(ADMIN, first.id())).hasSize(1);
        }

        @Test
        void someone_already_working_here_is_not_added_twice() {
            service.add(ADMIN, first.id(), "ops@example.com", Role.OPERATOR, Optional.empty());

            assertThatThrownBy(() -> service.add(ADMIN, first.id(), "OPS@example.com", Role.VIEWER, Optional.empty()))
                    .isInstanceOf(RosterRefusal.class)
                    .hasMessage("ops@example.com already works in this workspace.");
        }

        @Test
        void an_account_of_another_workspace_joins_with_its_own_password() {
            Workspace other = Workspace.create("Other", NOW);
            workspaces.add(other);
            operators.grant(operators.byEmail(ADMIN).id(), other.id(), Role.OWNER, NOW);
            service.add(ADMIN, other.id(), "ops@example.com", Role.OPERATOR, Optional.of("the first passphrase"));

            Added joined = service.add(ADMIN, first.id(), "ops@example.com", Role.VIEWER, Optional.empty());

            assertThat(joined.newAccount()).isFalse();
            assertThat(joined.generatedPassword()).isEmpty();
            assertThat(service.signIn("ops@example.com", "the first passphrase", CLIENT))
                    .isInstanceOfSatisfying(
                            Admitted.class,
                            admitted -> assertThat(admitted.workspaces())
                                    .extracting(Member::workspace)
                                    .containsExactly(other.id(), first.id()));
        }

        @Test
        void a_viewer_adds_changes_and_removes_no_one() {
            Added viewer = service.add(ADMIN, first.id(), "viewer@example.com", Role.VIEWER, Optional.empty());
            String admin = operators.byEmail(ADMIN).id();

            assertThatThrownBy(() -> service.add(
                            "viewer@example.com", first.id(), "x@example.com", Role.OWNER, Optional.empty()))
                    .isInstanceOf(RosterRefusal.class);
            assertThatThrownBy(() -> service.changeRole(
                            "viewer@example.com",
                            first.id(),
                            viewer.member().operator().id(),
                            Role.OWNER))
                    .isInstanceOf(RosterRefusal.class);
            assertThatThrownBy(() -> service.remove("viewer@example.com", first.id(), admin))
                    .isInstanceOf(RosterRefusal.class);
            assertThat(service.roleOf("viewer@example.com", first.id())).contains(Role.VIEWER);
        }

        @Test
        void an_owner_changes_a_role_which_the_next_look_up_sees() {
            Added ops = service.add(ADMIN, first.id(), "ops@example.com", Role.OPERATOR, Optional.empty());

            service.changeRole(ADMIN, first.id(), ops.member().operator().id(), Role.VIEWER);

            assertThat(service.roleOf("ops@example.com", first.id())).contains(Role.VIEWER);
        }

        @Test
        void no_one_manages_a_workspace_they_do_not_work_in() {
            WorkspaceId elsewhere = new WorkspaceId("ws_elsewhere");

            assertThatThrownBy(() -> service.list(ADMIN, elsewhere)).isInstanceOf(RosterRefusal.class);
            assertThatThrownBy(() -> service.add(ADMIN, elsewhere, "x@example.com", Role.OWNER, Optional.empty()))
                    .isInstanceOf(RosterRefusal.class);
        }
    }
}
