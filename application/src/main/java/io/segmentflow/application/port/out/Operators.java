package io.segmentflow.application.port.out;

import io.segmentflow.domain.operator.Member;
import io.segmentflow.domain.operator.Operator;
import io.segmentflow.domain.operator.OperatorEmail;
import io.segmentflow.domain.operator.Role;
import io.segmentflow.domain.operator.Roster;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Operators' accounts and their roles per workspace. */
public interface Operators {
    void add(Operator operator);

    void updatePassword(Operator operator);

    Optional<Operator> find(OperatorEmail email);

    /** The workspaces the operator has a role in, the one they were given first first. */
    List<Member> membershipsOf(OperatorEmail email);

    /**
     * The workspace's operators, held against concurrent changes until the transaction ends, so that two owners
     * changing roles at once each decide on what the other left.
     */
    Roster rosterForChange(WorkspaceId workspace);

    /** The workspace's operators, by email. */
    Roster roster(WorkspaceId workspace);

    /** Gives the operator a role in the workspace at {@code at}, or changes the one they have. */
    void grant(String operatorId, WorkspaceId workspace, Role role, Instant at);

    void revoke(String operatorId, WorkspaceId workspace);
}
