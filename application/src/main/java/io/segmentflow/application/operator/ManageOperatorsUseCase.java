package io.segmentflow.application.operator;

import io.segmentflow.domain.operator.Member;
import io.segmentflow.domain.operator.Role;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A workspace's operators, managed by its owners ({@link Role#managesOperators()}). {@code actor} is the signed-in
 * operator's email, {@code workspace} the one they work in. Refusals are
 * {@link io.segmentflow.domain.operator.Roster.RosterRefusal} (a rule) or
 * {@link io.segmentflow.domain.shared.InvalidValueException} (bad input), both in words.
 */
public interface ManageOperatorsUseCase {
    /** A new member; {@code generatedPassword} is set when the account was made here without a password given. */
    record Added(Member member, Optional<String> generatedPassword, boolean newAccount) {}

    /** The workspace's operators; any member may look. */
    List<Member> list(String actor, WorkspaceId workspace);

    /**
     * Gives {@code email} a role in the workspace. An address without an account gets one, with {@code password}, or
     * a generated one when none is given (shown once, never stored in clear); an existing account keeps its password.
     */
    Added add(String actor, WorkspaceId workspace, String email, Role role, Optional<String> password);

    Member changeRole(String actor, WorkspaceId workspace, String operatorId, Role role);

    /** Takes the operator's role in the workspace away; their account stays for their other workspaces. */
    Member remove(String actor, WorkspaceId workspace, String operatorId);

    /**
     * On every start: the configured first operator, owner of the first workspace. An address without an account
     * gets one, with the configured password or else a generated one, handed to {@code handOver} before it is
     * committed (if that throws, nothing is made). An existing account takes a configured password that differs
     * from its own (so an operator who lost theirs sets it in the configuration), and keeps its roles.
     */
    void bootstrap(String email, Optional<String> password, Consumer<String> handOver);
}
