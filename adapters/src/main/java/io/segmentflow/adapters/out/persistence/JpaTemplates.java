package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.Templates;
import io.segmentflow.domain.template.Template;
import io.segmentflow.domain.template.TemplateSnapshot;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ApplicationScoped
public class JpaTemplates implements Templates {
    private static final String CURRENT_SNAPSHOTS = "SELECT id, current_snapshot_id FROM templates"
            + " WHERE workspace_id = ? AND deleted_at IS NULL AND id IN (";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    @Override
    public void add(Template template) {
        em.persist(TemplateEntity.of(template));
        em.flush(); // the snapshot row refers to the template row; see JpaWorkspaces.add
        em.persist(TemplateSnapshotEntity.of(template.current()));
    }

    @Override
    public void update(Template template) {
        TemplateEntity entity = live(template.workspaceId(), template.id())
                .orElseThrow(() -> new IllegalStateException("template " + template.id() + " is gone"));
        if (!entity.currentSnapshotId.equals(template.current().id())) {
            em.persist(TemplateSnapshotEntity.of(template.current()));
        }
        entity.copy(template);
    }

    @Override
    public Optional<Template> find(WorkspaceId workspaceId, String id) {
        return live(workspaceId, id)
                .map(e -> e.toDomain(em.find(TemplateSnapshotEntity.class, e.currentSnapshotId)
                        .toDomain()));
    }

    @Override
    public Optional<String> currentSnapshotId(WorkspaceId workspaceId, String id) {
        return Optional.ofNullable(currentSnapshotIds(workspaceId, List.of(id)).get(id));
    }

    @Override
    public Map<String, String> currentSnapshotIds(WorkspaceId workspaceId, Collection<String> ids) {
        Map<String, String> found = new HashMap<>();
        TransactionConnection.selectIn(
                        em,
                        CURRENT_SNAPSHOTS,
                        workspaceId.value(),
                        ids,
                        row -> Map.entry(row.getString(1), row.getString(2)))
                .forEach(entry -> found.put(entry.getKey(), entry.getValue()));
        return found;
    }

    @Override
    public List<Template> list(WorkspaceId workspaceId, int limit) {
        List<TemplateEntity> rows = em.createQuery(
                        "SELECT t FROM TemplateEntity t WHERE t.workspaceId = :ws"
                                + " AND t.deletedAt IS NULL ORDER BY t.id DESC",
                        TemplateEntity.class)
                .setParameter("ws", workspaceId.value())
                .setMaxResults(limit)
                .getResultList();
        return rows.stream()
                .map(e -> e.toDomain(em.find(TemplateSnapshotEntity.class, e.currentSnapshotId)
                        .toDomain()))
                .toList();
    }

    @Override
    public boolean delete(WorkspaceId workspaceId, String id, Instant now) {
        return em.createQuery("UPDATE TemplateEntity t SET t.deletedAt = :now WHERE t.id = :id"
                                + " AND t.workspaceId = :ws AND t.deletedAt IS NULL")
                        .setParameter("now", Times.column(now))
                        .setParameter("id", id)
                        .setParameter("ws", workspaceId.value())
                        .executeUpdate()
                == 1;
    }

    @Override
    public Optional<TemplateSnapshot> snapshot(WorkspaceId workspaceId, String snapshotId) {
        return Optional.ofNullable(em.find(TemplateSnapshotEntity.class, snapshotId))
                .filter(s -> s.workspaceId.equals(workspaceId.value()))
                .map(TemplateSnapshotEntity::toDomain);
    }

    private Optional<TemplateEntity> live(WorkspaceId workspaceId, String id) {
        return Optional.ofNullable(em.find(TemplateEntity.class, id))
                .filter(e -> e.workspaceId.equals(workspaceId.value()) && e.deletedAt == null);
    }
}
