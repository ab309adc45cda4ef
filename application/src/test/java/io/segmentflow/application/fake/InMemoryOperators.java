package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.Operators;
import io.segmentflow.domain.operator.Member;
import io.segmentflow.domain.operator.Operator;
import io.segmentflow.domain.operator.OperatorEmail;
import io.segmentflow.domain.operator.Role;
import io.segmentflow.domain.operator.Roster;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Operators and their roles in memory, roles in the order they were given. */
public final class InMemoryOperators implements Operators, TransactionalStore {
    private record Grant(String operatorId, WorkspaceId workspace, Role role) {}

    private final Map<String, Operator> operators = new LinkedHashMap<>();
    private final List<Grant> grants = new ArrayList<>();

    @Override
    public void add(Operator operator) {
        if (find(operator.email()).isPresent()) {
            throw new IllegalStateException("unique email: " + operator.email());
        }
        operators.put(operator.id(), operator);
    }

    @Override
    public void updatePassword(Operator operator) {
        operators.put(operator.id(), operator);
    }

    @Override
    public Optional<Operator> find(OperatorEmail email) {
        return operators.values().stream().filter(o -> o.email().equals(email)).findFirst();
    }

    @Override
    public List<Member> membershipsOf(OperatorEmail email) {
        return grants.stream()
                .map(this::member)
                .filter(m -> m.operator().email().equals(email))
                .toList();
    }

    @Override
    public Roster rosterForChange(WorkspaceId workspace) {
        return roster(workspace);
    }

    @Override
    public Roster roster(WorkspaceId workspace) {
        return new Roster(
                workspace,
                grants.stream()
                        .filter(g -> g.workspace().equals(workspace))
                        .map(this::member)
                        .toList());
    }

    @Override
    public void grant(String operatorId, WorkspaceId workspace, Role role, Instant at) {
        for (int i = 0; i < grants.size(); i++) {
            Grant grant = grants.get(i);
            if (grant.operatorId().equals(operatorId) && grant.workspace().equals(workspace)) {
                grants.set(i, new Grant(operatorId, workspace, role));
                return;
            }
        }
        grants.add(new Grant(operatorId, workspace, role));
    }

    @Override
    public void revoke(String operatorId, WorkspaceId workspace) {
        grants.removeIf(g -> g.operatorId().equals(operatorId) && g.workspace().equals(workspace));
    }

    public Operator byEmail(String email) {
        return find(new OperatorEmail(email)).orElseThrow();
    }

    private Member member(Grant grant) {
        return new Member(operators.get(grant.operatorId()), grant.workspace(), grant.role());
    }

    @Override
    public Runnable checkpoint() {
        Map<String, Operator> savedOperators = new LinkedHashMap<>(operators);
        List<Grant> savedGrants = List.copyOf(grants);
        return () -> {
            operators.clear();
            operators.putAll(savedOperators);
            grants.clear();
            grants.addAll(savedGrants);
        };
    }
}
