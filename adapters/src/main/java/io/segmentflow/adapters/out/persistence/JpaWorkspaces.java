package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.Workspaces;
import io.segmentflow.domain.workspace.Workspace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

@ApplicationScoped
public class JpaWorkspaces implements Workspaces {
    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    @Override
    public void add(Workspace workspace) {
        em.persist(WorkspaceEntity.of(workspace));
        // Written now: rows of other tables that refer to it may follow in this transaction, and
        // EclipseLink orders inserts of unrelated entity classes by class, not by call.
        em.flush();
    }

    @Override
    public Optional<Workspace> first() {
        return em
                .createQuery("SELECT w FROM WorkspaceEntity w ORDER BY w.createdAt, w.id", WorkspaceEntity.class)
                .setMaxResults(1)
                .getResultList()
                .stream()
                .findFirst()
                .map(WorkspaceEntity::toDomain);
    }
}
