package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.IdempotencyRecords;
import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.Optional;

@ApplicationScoped
public class JpaIdempotencyRecords implements IdempotencyRecords {
    // On PostgreSQL a concurrent insert of the same key waits for the first transaction and then does
    // nothing; so the loser sees the winner's committed answer, or the key free again after a rollback.
    private static final String RESERVE = "INSERT INTO idempotency_records"
            + " (workspace_id, idempotency_key, fingerprint, response_status, response_body, created_at)"
            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    @Override
    public boolean reserve(WorkspaceId workspaceId, IdempotencyKey key, String fingerprint, int status, String body,
                           Instant now) {
        try {
            return em.createNativeQuery(RESERVE)
                    .setParameter(1, workspaceId.value())
                    .setParameter(2, key.value())
                    .setParameter(3, fingerprint)
                    .setParameter(4, status)
                    .setParameter(5, body)
                    .setParameter(6, Times.column(now))
                    .executeUpdate() == 1;
        } catch (PersistenceException e) {
            if (KeyContention.heldByAnother(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<StoredResponse> find(WorkspaceId workspaceId, IdempotencyKey key) {
        return Optional.ofNullable(em.find(IdempotencyRecordEntity.class,
                        new IdempotencyRecordEntity.Key(workspaceId.value(), key.value())))
                .map(r -> new StoredResponse(r.fingerprint, r.responseStatus, r.responseBody,
                        Times.instant(r.createdAt)));
    }

    @Override
    public int purgeRecordedBefore(Instant cutoff) {
        return em.createQuery("DELETE FROM IdempotencyRecordEntity r WHERE r.createdAt < :cutoff")
                .setParameter("cutoff", Times.column(cutoff))
                .executeUpdate();
    }
}
