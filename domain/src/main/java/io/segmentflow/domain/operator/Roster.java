package io.segmentflow.domain.operator;

import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;
import java.util.Optional;

/**
 * The operators of one workspace and the rules of changing them: only an owner manages operators; nobody removes
 * themselves or lowers their own role (another owner does it). Since only an owner changes operators and never
 * their own place, the workspace always keeps an owner.
 */
public record Roster(WorkspaceId workspace, List<Member> members) {
    public Roster {
        members = List.copyOf(members);
    }

    public Optional<Member> member(String operatorId) {
        return members.stream()
                .filter(m -> m.operator().id().equals(operatorId))
                .findFirst();
    }

    public Optional<Member> member(OperatorEmail email) {
        return members.stream().filter(m -> m.operator().email().equals(email)).findFirst();
    }

    /** @throws RosterRefusal unless {@code actor} may manage the workspace's operators */
    public Member requireManager(OperatorEmail actor) {
        Member member = member(actor).orElseThrow(() -> new RosterRefusal("You do not work in this workspace."));
        if (!member.role().managesOperators()) {
            throw new RosterRefusal("Only an owner of this workspace manages its operators.");
        }
        return member;
    }

    /** @throws RosterRefusal when the change would break a rule */
    public Member changeRole(OperatorEmail actor, String operatorId, Role role) {
        Member manager = requireManager(actor);
        Member target = member(operatorId)
                .orElseThrow(() -> new RosterRefusal("That operator does not work in this workspace."));
        if (target.operator().id().equals(manager.operator().id()) && role != Role.OWNER) {
            throw new RosterRefusal("You cannot lower your own role: ask another owner.");
        }
        return new Member(target.operator(), workspace, role);
    }

    /** @throws RosterRefusal when removing would break a rule */
    public Member remove(OperatorEmail actor, String operatorId) {
        Member manager = requireManager(actor);
        Member target = member(operatorId)
                .orElseThrow(() -> new RosterRefusal("That operator does not work in this workspace."));
        if (target.operator().id().equals(manager.operator().id())) {
            throw new RosterRefusal("You cannot remove yourself: ask another owner.");
        }
        return target;
    }

    /** A change of operators that the rules refuse, said in words for the person who asked. */
    public static final class RosterRefusal extends RuntimeException {
        public RosterRefusal(String message) {
            super(message, null, false, false);
        }
    }
}
