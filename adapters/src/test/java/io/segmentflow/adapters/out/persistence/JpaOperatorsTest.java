package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.operator.Member;
import io.segmentflow.domain.operator.Operator;
import io.segmentflow.domain.operator.OperatorEmail;
import io.segmentflow.domain.operator.Role;
import io.segmentflow.domain.operator.Roster;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Operators and their roles per workspace, as the sign-in and the operators page read them. */
@ExtendWith(TestDatabaseExtension.class)
class JpaOperatorsTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");

    private final TestDatabase db;

    JpaOperatorsTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void an_operator_reads_back_as_written_by_email() {
        Operator ada =
                Operator.create(new OperatorEmail("ada@example.com"), "PBKDF2WithHmacSHA512:1:c2FsdA==:aA==", NOW);
        db.commit(tx -> tx.operators().add(ada));

        Optional<Operator> found = db.inTransaction(tx -> tx.operators().find(new OperatorEmail("ADA@example.com")));
        Optional<Operator> unknown = db.inTransaction(tx -> tx.operators().find(new OperatorEmail("bob@example.com")));

        assertThat(found).contains(ada);
        assertThat(unknown).isEmpty();
    }

    @Test
    void one_account_per_email() {
        db.commit(tx -> tx.operators().add(Operator.create(new OperatorEmail("ada@example.com"), "one", NOW)));

        assertThatThrownBy(() -> db.commit(
                        tx -> tx.operators().add(Operator.create(new OperatorEmail("ada@example.com"), "two", NOW))))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void roles_are_kept_per_workspace_and_listed_in_the_order_given() {
        TestDatabase.TwoWorkspaces workspaces = db.addTwoWorkspaces(NOW);
        Operator ada = Operator.create(new OperatorEmail("ada@example.com"), "hash", NOW);
        Operator bob = Operator.create(new OperatorEmail("bob@example.com"), "hash", NOW);
        db.commit(tx -> {
            tx.operators().add(ada);
            tx.operators().add(bob);
            tx.operators().grant(ada.id(), workspaces.first(), Role.OWNER, NOW);
            tx.operators().grant(bob.id(), workspaces.first(), Role.VIEWER, NOW.plusSeconds(1));
            tx.operators().grant(bob.id(), workspaces.second(), Role.OWNER, NOW.plusSeconds(2));
        });

        Roster first = db.inTransaction(tx -> tx.operators().roster(workspaces.first()));
        Roster second = db.inTransaction(tx -> tx.operators().rosterForChange(workspaces.second()));

        assertThat(first.members())
                .extracting(m -> m.operator().email().value(), Member::role)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ada@example.com", Role.OWNER),
                        org.assertj.core.groups.Tuple.tuple("bob@example.com", Role.VIEWER));
        assertThat(second.members()).extracting(Member::operator).containsExactly(bob);
        List<Member> memberships = db.inTransaction(tx -> tx.operators().membershipsOf(bob.email()));
        assertThat(memberships)
                .extracting(Member::workspace, Member::role)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(workspaces.first(), Role.VIEWER),
                        org.assertj.core.groups.Tuple.tuple(workspaces.second(), Role.OWNER));
    }

    @Test
    void a_role_changes_in_place_and_a_revoked_one_is_gone_from_that_workspace_only() {
        TestDatabase.TwoWorkspaces workspaces = db.addTwoWorkspaces(NOW);
        Operator bob = Operator.create(new OperatorEmail("bob@example.com"), "hash", NOW);
        db.commit(tx -> {
            tx.operators().add(bob);
            tx.operators().grant(bob.id(), workspaces.first(), Role.VIEWER, NOW);
            tx.operators().grant(bob.id(), workspaces.second(), Role.VIEWER, NOW);
        });

        db.commit(tx -> tx.operators().grant(bob.id(), workspaces.first(), Role.OPERATOR, NOW.plusSeconds(5)));
        db.commit(tx -> tx.operators().revoke(bob.id(), workspaces.second()));

        List<Member> memberships = db.inTransaction(tx -> tx.operators().membershipsOf(bob.email()));
        assertThat(memberships)
                .extracting(Member::workspace, Member::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(workspaces.first(), Role.OPERATOR));
    }

    @Test
    void a_new_password_hash_replaces_the_old() {
        Operator ada = Operator.create(new OperatorEmail("ada@example.com"), "old", NOW);
        db.commit(tx -> tx.operators().add(ada));

        db.commit(tx -> tx.operators().updatePassword(ada.withPasswordHash("new")));

        Optional<Operator> stored = db.inTransaction(tx -> tx.operators().find(ada.email()));
        assertThat(stored)
                .hasValueSatisfying(found -> assertThat(found.passwordHash()).isEqualTo("new"));
    }
}
