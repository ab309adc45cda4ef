package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.Profiles;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JpaProfiles implements Profiles {
    // Two requests for a new address may race: the loser's insert does nothing and it reads the winner's row.
    private static final String INSERT_IF_ABSENT = "INSERT INTO profiles"
            + " (id, workspace_id, email, external_id, properties, created_at, updated_at)"
            + " VALUES (?1, ?2, ?3, ?4, '{}', ?5, ?5) ON CONFLICT DO NOTHING";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    @Override
    public Profile upsert(WorkspaceId workspaceId, EmailAddress email, String externalId, Instant now) {
        Optional<ProfileEntity> existing = byEmail(workspaceId, email);
        if (existing.isPresent()) {
            ProfileEntity row = existing.get();
            if (externalId != null && row.externalId == null) {
                em.createQuery("UPDATE ProfileEntity p SET p.externalId = :ext, p.updatedAt = :now"
                                + " WHERE p.id = :id AND p.externalId IS NULL")
                        .setParameter("ext", externalId)
                        .setParameter("now", Times.column(now))
                        .setParameter("id", row.id)
                        .executeUpdate();
                // A bulk update bypasses the persistence context: re-read the row, so the profile returned
                // (and any later read in this transaction) has the external id as stored now.
                em.refresh(row);
            }
            return row.toDomain();
        }
        em.createNativeQuery(INSERT_IF_ABSENT)
                .setParameter(1, Identifier.next("pr", now))
                .setParameter(2, workspaceId.value())
                .setParameter(3, email.value())
                .setParameter(4, externalId)
                .setParameter(5, Times.column(now))
                .executeUpdate();
        return byEmail(workspaceId, email)
                .orElseThrow(() -> new IllegalStateException("profile of " + email + " vanished"))
                .toDomain();
    }

    @Override
    public Optional<Profile> find(WorkspaceId workspaceId, String id) {
        return Optional.ofNullable(em.find(ProfileEntity.class, id))
                .filter(p -> p.workspaceId.equals(workspaceId.value()))
                .map(ProfileEntity::toDomain);
    }

    private Optional<ProfileEntity> byEmail(WorkspaceId workspaceId, EmailAddress email) {
        List<ProfileEntity> rows = em.createQuery("SELECT p FROM ProfileEntity p WHERE p.workspaceId = :ws"
                        + " AND p.email = :email", ProfileEntity.class)
                .setParameter("ws", workspaceId.value())
                .setParameter("email", email.value())
                .getResultList();
        return rows.stream().findFirst();
    }
}
