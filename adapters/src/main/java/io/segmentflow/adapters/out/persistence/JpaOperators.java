package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.Operators;
import io.segmentflow.domain.operator.Member;
import io.segmentflow.domain.operator.Operator;
import io.segmentflow.domain.operator.OperatorEmail;
import io.segmentflow.domain.operator.Role;
import io.segmentflow.domain.operator.Roster;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JpaOperators implements Operators {
    private static final String MEMBERS = "SELECT o, r FROM OperatorEntity o, OperatorRoleEntity r"
            + " WHERE r.operatorId = o.id AND %s ORDER BY r.grantedAt, o.email";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    @Override
    public void add(Operator operator) {
        em.persist(OperatorEntity.of(operator));
        // Written now: the role that follows refers to it, and EclipseLink orders inserts by class, not by call.
        em.flush();
    }

    @Override
    public void updatePassword(Operator operator) {
        em.createQuery("UPDATE OperatorEntity o SET o.passwordHash = :hash WHERE o.id = :id")
                .setParameter("hash", operator.passwordHash())
                .setParameter("id", operator.id())
                .executeUpdate();
    }

    @Override
    public Optional<Operator> find(OperatorEmail email) {
        return em
                .createQuery("SELECT o FROM OperatorEntity o WHERE o.email = :email", OperatorEntity.class)
                .setParameter("email", email.value())
                .getResultList()
                .stream()
                .findFirst()
                .map(OperatorEntity::toDomain);
    }

    @Override
    public List<Member> membershipsOf(OperatorEmail email) {
        return members(MEMBERS.formatted("o.email = :key"), email.value());
    }

    @Override
    public Roster rosterForChange(WorkspaceId workspace) {
        // The workspace's row stands for its roster: every change of its operators takes it first.
        em.find(WorkspaceEntity.class, workspace.value(), LockModeType.PESSIMISTIC_WRITE);
        return roster(workspace);
    }

    @Override
    public Roster roster(WorkspaceId workspace) {
        return new Roster(workspace, members(MEMBERS.formatted("r.workspaceId = :key"), workspace.value()));
    }

    @Override
    public void grant(String operatorId, WorkspaceId workspace, Role role, Instant at) {
        OperatorRoleEntity existing =
                em.find(OperatorRoleEntity.class, new OperatorRoleEntity.Key(operatorId, workspace.value()));
        if (existing != null) {
            existing.role = role.wireName();
            return;
        }
        OperatorRoleEntity granted = new OperatorRoleEntity();
        granted.operatorId = operatorId;
        granted.workspaceId = workspace.value();
        granted.role = role.wireName();
        granted.grantedAt = Times.column(at);
        em.persist(granted);
    }

    @Override
    public void revoke(String operatorId, WorkspaceId workspace) {
        em.createQuery("DELETE FROM OperatorRoleEntity r WHERE r.operatorId = :op AND r.workspaceId = :ws")
                .setParameter("op", operatorId)
                .setParameter("ws", workspace.value())
                .executeUpdate();
    }

    private List<Member> members(String query, String key) {
        return em.createQuery(query, Object[].class).setParameter("key", key).getResultList().stream()
                .map(row -> {
                    OperatorEntity operator = (OperatorEntity) row[0];
                    OperatorRoleEntity role = (OperatorRoleEntity) row[1];
                    return new Member(operator.toDomain(), new WorkspaceId(role.workspaceId), Role.fromWire(role.role));
                })
                .toList();
    }
}
