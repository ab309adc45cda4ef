package io.segmentflow.adapters.out.persistence;

import io.segmentflow.adapters.shared.DatabaseDialect;
import io.segmentflow.adapters.shared.KeyRevokedChannel;
import io.segmentflow.application.port.out.ApiKeys;
import io.segmentflow.domain.apikey.ApiKey;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

@ApplicationScoped
public class JpaApiKeys implements ApiKeys {
    private static final String BY_HASH = "SELECT id, workspace_id, name, prefix, secret_hash, scopes, created_at,"
            + " revoked_at, bootstrap FROM api_keys WHERE secret_hash = ?";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    @Resource(lookup = "jdbc/segmentflow")
    DataSource dataSource;

    @Override
    public void add(ApiKey key) {
        em.persist(ApiKeyEntity.of(key));
    }

    /**
     * A request whose key is not kept in memory reads it here, outside any transaction, where a JPA query costs an
     * EntityManager of its own (a third of an emails.send's CPU): one plain statement on a pooled connection instead.
     */
    @Override
    public Optional<ApiKey> findByHash(String hash) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(BY_HASH)) {
            select.setString(1, hash);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(ApiKeyEntity.fromRow(row).toDomain()) : Optional.empty();
            }
        } catch (SQLException e) {
            throw TransactionConnection.failed(e);
        }
    }

    @Override
    public Optional<ApiKey> find(WorkspaceId workspaceId, String id) {
        return Optional.ofNullable(em.find(ApiKeyEntity.class, id))
                .filter(k -> k.workspaceId.equals(workspaceId.value()))
                .map(ApiKeyEntity::toDomain);
    }

    @Override
    public List<ApiKey> list(WorkspaceId workspaceId) {
        return em
                .createQuery("SELECT k FROM ApiKeyEntity k WHERE k.workspaceId = :ws ORDER BY k.id", ApiKeyEntity.class)
                .setParameter("ws", workspaceId.value())
                .getResultList()
                .stream()
                .map(ApiKeyEntity::toDomain)
                .toList();
    }

    /**
     * On PostgreSQL, a revocation is told to every node on {@link KeyRevokedChannel} in the same transaction: the
     * nodes hear it as it commits, and stop serving the key from memory at once.
     */
    @Override
    public void update(ApiKey key) {
        em.createQuery("UPDATE ApiKeyEntity k SET k.name = :name, k.revokedAt = :revoked WHERE k.id = :id")
                .setParameter("name", key.name())
                .setParameter("revoked", Times.column(key.revokedAt()))
                .setParameter("id", key.id())
                .executeUpdate();
        if (key.revokedAt() != null) {
            try {
                if (DatabaseDialect.of(TransactionConnection.of(em)) == DatabaseDialect.POSTGRESQL) {
                    TransactionConnection.select(
                            em, "SELECT pg_notify(?, '')", s -> s.setString(1, KeyRevokedChannel.NAME), row -> 1);
                }
            } catch (SQLException e) {
                throw TransactionConnection.failed(e);
            }
        }
    }
}
