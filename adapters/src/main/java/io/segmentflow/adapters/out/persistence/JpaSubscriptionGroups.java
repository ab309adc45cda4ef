package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.SubscriptionGroups;
import io.segmentflow.domain.audience.SubscriptionGroup;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

@ApplicationScoped
public class JpaSubscriptionGroups implements SubscriptionGroups {
    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    @Override
    public void add(SubscriptionGroup group) {
        em.persist(SubscriptionGroupEntity.of(group));
        em.flush(); // consents and audience reads go through JDBC on the same transaction: they must see it
    }

    @Override
    public void update(SubscriptionGroup group) {
        live(group.workspaceId(), group.id())
                .orElseThrow(() -> new IllegalStateException("subscription group " + group.id() + " is gone"))
                .copy(group);
    }

    @Override
    public Optional<SubscriptionGroup> find(WorkspaceId workspaceId, String id) {
        return live(workspaceId, id).map(SubscriptionGroupEntity::toDomain);
    }

    @Override
    public Optional<SubscriptionGroup> findIncludingDeleted(String id) {
        return Optional.ofNullable(em.find(SubscriptionGroupEntity.class, id)).map(SubscriptionGroupEntity::toDomain);
    }

    @Override
    public Set<String> existing(WorkspaceId workspaceId, Collection<String> ids) {
        return new HashSet<>(TransactionConnection.selectIn(
                em,
                "SELECT id FROM subscription_groups WHERE workspace_id = ? AND deleted_at IS NULL AND id IN (",
                workspaceId.value(),
                ids,
                row -> row.getString(1)));
    }

    @Override
    public List<SubscriptionGroup> list(WorkspaceId workspaceId, String afterId, int limit) {
        return em
                .createQuery(
                        "SELECT g FROM SubscriptionGroupEntity g WHERE g.workspaceId = :ws AND g.deletedAt IS NULL"
                                + " AND g.id > :after ORDER BY g.id",
                        SubscriptionGroupEntity.class)
                .setParameter("ws", workspaceId.value())
                .setParameter("after", afterId == null ? "" : afterId)
                .setMaxResults(limit)
                .getResultList()
                .stream()
                .map(SubscriptionGroupEntity::toDomain)
                .toList();
    }

    @Override
    public boolean remove(WorkspaceId workspaceId, String id, Instant now) {
        // A bulk update rather than a write to the managed entity's field, which woven change tracking would miss.
        int deleted = em.createQuery("UPDATE SubscriptionGroupEntity g SET g.deletedAt = :now WHERE g.id = :id"
                        + " AND g.workspaceId = :ws AND g.deletedAt IS NULL")
                .setParameter("now", Times.column(now))
                .setParameter("id", id)
                .setParameter("ws", workspaceId.value())
                .executeUpdate();
        return deleted == 1;
    }

    private Optional<SubscriptionGroupEntity> live(WorkspaceId workspaceId, String id) {
        return Optional.ofNullable(em.find(SubscriptionGroupEntity.class, id))
                .filter(g -> g.workspaceId.equals(workspaceId.value()) && g.deletedAt == null);
    }
}
