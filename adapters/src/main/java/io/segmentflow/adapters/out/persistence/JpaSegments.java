package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.Segments;
import io.segmentflow.domain.audience.Segment;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JpaSegments implements Segments {
    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    @Override
    public void add(Segment segment) {
        em.persist(SegmentEntity.of(segment));
        em.flush(); // consents and audience reads go through JDBC on the same transaction: they must see it
    }

    @Override
    public void update(Segment segment) {
        live(segment.workspaceId(), segment.id())
                .orElseThrow(() -> new IllegalStateException("segment " + segment.id() + " is gone"))
                .copy(segment);
    }

    @Override
    public Optional<Segment> find(WorkspaceId workspaceId, String id) {
        return live(workspaceId, id).map(SegmentEntity::toDomain);
    }

    @Override
    public List<Segment> list(WorkspaceId workspaceId, String afterId, int limit) {
        return em
                .createQuery(
                        "SELECT s FROM SegmentEntity s WHERE s.workspaceId = :ws AND s.deletedAt IS NULL"
                                + " AND s.id > :after ORDER BY s.id",
                        SegmentEntity.class)
                .setParameter("ws", workspaceId.value())
                .setParameter("after", afterId == null ? "" : afterId)
                .setMaxResults(limit)
                .getResultList()
                .stream()
                .map(SegmentEntity::toDomain)
                .toList();
    }

    @Override
    public boolean remove(WorkspaceId workspaceId, String id, Instant now) {
        // A bulk update rather than a write to the managed entity's field, which woven change tracking would miss.
        int deleted = em.createQuery("UPDATE SegmentEntity s SET s.deletedAt = :now WHERE s.id = :id"
                        + " AND s.workspaceId = :ws AND s.deletedAt IS NULL")
                .setParameter("now", Times.column(now))
                .setParameter("id", id)
                .setParameter("ws", workspaceId.value())
                .executeUpdate();
        return deleted == 1;
    }

    private Optional<SegmentEntity> live(WorkspaceId workspaceId, String id) {
        return Optional.ofNullable(em.find(SegmentEntity.class, id))
                .filter(s -> s.workspaceId.equals(workspaceId.value()) && s.deletedAt == null);
    }
}
