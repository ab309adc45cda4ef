package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.ApiKeys;
import io.segmentflow.domain.apikey.ApiKey;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JpaApiKeys implements ApiKeys {
    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    @Override
    public void add(ApiKey key) {
        em.persist(ApiKeyEntity.of(key));
    }

    @Override
    public Optional<ApiKey> findByHash(String hash) {
        return em.createQuery("SELECT k FROM ApiKeyEntity k WHERE k.secretHash = :hash", ApiKeyEntity.class)
                .setParameter("hash", hash)
                .getResultList().stream().findFirst().map(ApiKeyEntity::toDomain);
    }

    @Override
    public Optional<ApiKey> find(WorkspaceId workspaceId, String id) {
        return Optional.ofNullable(em.find(ApiKeyEntity.class, id))
                .filter(k -> k.workspaceId.equals(workspaceId.value()))
                .map(ApiKeyEntity::toDomain);
    }

    @Override
    public List<ApiKey> list(WorkspaceId workspaceId) {
        return em.createQuery("SELECT k FROM ApiKeyEntity k WHERE k.workspaceId = :ws ORDER BY k.id", ApiKeyEntity.class)
                .setParameter("ws", workspaceId.value())
                .getResultList().stream().map(ApiKeyEntity::toDomain).toList();
    }

    @Override
    public void update(ApiKey key) {
        em.createQuery("UPDATE ApiKeyEntity k SET k.name = :name, k.revokedAt = :revoked WHERE k.id = :id")
                .setParameter("name", key.name())
                .setParameter("revoked", Times.column(key.revokedAt()))
                .setParameter("id", key.id())
                .executeUpdate();
    }
}
