package io.segmentflow.domain.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.operator.Roster.RosterRefusal;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RosterTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final WorkspaceId WORKSPACE = new WorkspaceId("ws_test");

    private final Member owner = member("owner@example.com", Role.OWNER);
    private final Member secondOwner = member("second@example.com", Role.OWNER);
    private final Member operator = member("operator@example.com", Role.OPERATOR);
    private final Member viewer = member("viewer@example.com", Role.VIEWER);
    private final Roster roster = new Roster(WORKSPACE, List.of(owner, secondOwner, operator, viewer));

    @Test
    void the_rule_of_each_role_what_it_may_do() {
        assertThat(Role.OWNER.managesOperators()).isTrue();
        assertThat(Role.OPERATOR.managesOperators()).isFalse();
        assertThat(Role.VIEWER.managesOperators()).isFalse();
        assertThat(Role.OWNER.changesWorkspace()).isTrue();
        assertThat(Role.OPERATOR.changesWorkspace()).isTrue();
        assertThat(Role.VIEWER.changesWorkspace()).as("a viewer sends nothing").isFalse();
    }

    @Test
    void a_viewer_is_refused_what_changes_the_workspace() {
        Role.OWNER.requireChangesWorkspace();
        Role.OPERATOR.requireChangesWorkspace();

        assertThatThrownBy(Role.VIEWER::requireChangesWorkspace)
                .isInstanceOf(Role.RoleRefusal.class)
                .hasMessage("A viewer reads and changes nothing here: ask an owner for the operator role.");
    }

    @Test
    void roles_are_read_by_their_wire_names_only() {
        assertThat(Role.fromWire("viewer")).isEqualTo(Role.VIEWER);
        assertThatThrownBy(() -> Role.fromWire("admin")).hasMessage("must be one of owner, operator, viewer");
        assertThatThrownBy(() -> Role.fromWire("OWNER")).hasMessage("must be one of owner, operator, viewer");
    }

    @Test
    void an_owner_changes_another_operators_role() {
        Member changed = roster.changeRole(email(owner), operator.operator().id(), Role.VIEWER);

        assertThat(changed.role()).isEqualTo(Role.VIEWER);
        assertThat(changed.operator()).isEqualTo(operator.operator());
    }

    @Test
    void neither_an_operator_nor_a_viewer_manages_operators() {
        assertThatThrownBy(() ->
                        roster.changeRole(email(operator), viewer.operator().id(), Role.OWNER))
                .isInstanceOf(RosterRefusal.class)
                .hasMessage("Only an owner of this workspace manages its operators.");
        assertThatThrownBy(
                        () -> roster.remove(email(viewer), operator.operator().id()))
                .isInstanceOf(RosterRefusal.class)
                .hasMessage("Only an owner of this workspace manages its operators.");
    }

    @Test
    void someone_of_another_workspace_manages_nothing_here() {
        assertThatThrownBy(() -> roster.requireManager(new OperatorEmail("stranger@example.com")))
                .isInstanceOf(RosterRefusal.class)
                .hasMessage("You do not work in this workspace.");
    }

    @Test
    void an_owner_neither_removes_themselves_nor_lowers_their_own_role_so_the_last_owner_stays() {
        Roster alone = new Roster(WORKSPACE, List.of(owner, viewer));

        assertThatThrownBy(() -> alone.remove(email(owner), owner.operator().id()))
                .isInstanceOf(RosterRefusal.class)
                .hasMessage("You cannot remove yourself: ask another owner.");
        assertThatThrownBy(() -> alone.changeRole(email(owner), owner.operator().id(), Role.OPERATOR))
                .isInstanceOf(RosterRefusal.class)
                .hasMessage("You cannot lower your own role: ask another owner.");
    }

    @Test
    void another_owner_removes_an_owner() {
        assertThat(roster.remove(email(secondOwner), owner.operator().id())).isEqualTo(owner);
    }

    @Test
    void an_operator_of_another_workspace_cannot_be_changed_or_removed_here() {
        assertThatThrownBy(() -> roster.remove(email(owner), "op_of_another_workspace"))
                .isInstanceOf(RosterRefusal.class)
                .hasMessage("That operator does not work in this workspace.");
        assertThatThrownBy(() -> roster.changeRole(email(owner), "op_of_another_workspace", Role.OWNER))
                .isInstanceOf(RosterRefusal.class)
                .hasMessage("That operator does not work in this workspace.");
    }

    private static Member member(String email, Role role) {
        return new Member(Operator.create(new OperatorEmail(email), "hash", NOW), WORKSPACE, role);
    }

    private static OperatorEmail email(Member member) {
        return member.operator().email();
    }
}
