package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.Suppressions;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.suppression.Suppression;
import io.segmentflow.domain.suppression.SuppressionReason;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Addresses are stored and compared in the form {@link Suppression#keyOf} gives: all in lower case. */
@ApplicationScoped
public class JpaSuppressions implements Suppressions {
    // Two bounces of one address at once: on PostgreSQL the second insert waits for the first transaction
    // and then does nothing, so the first entry is the one kept.
    private static final String ADD = "INSERT INTO suppressions"
            + " (workspace_id, address, reason, detail, email_send_id, created_at)"
            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING";

    /** Addresses asked about in one query; each is a bind parameter, and drivers cap those per statement. */
    static final int ADDRESSES_PER_QUERY = 1000;

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    @Override
    public boolean add(Suppression suppression) {
        try {
            return em.createNativeQuery(ADD)
                            .setParameter(1, suppression.workspaceId().value())
                            .setParameter(2, suppression.address().value())
                            .setParameter(3, suppression.reason().wireName())
                            .setParameter(4, suppression.detail())
                            .setParameter(5, suppression.emailSendId())
                            .setParameter(6, Times.column(suppression.createdAt()))
                            .executeUpdate()
                    == 1;
        } catch (PersistenceException e) {
            if (KeyContention.heldByAnother(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<Suppression> find(WorkspaceId workspace, EmailAddress address) {
        return Optional.ofNullable(em.find(
                        SuppressionEntity.class,
                        new SuppressionEntity.Key(
                                workspace.value(), Suppression.keyOf(address).value())))
                .map(SuppressionEntity::toDomain);
    }

    @Override
    public Map<EmailAddress, SuppressionReason> suppressedAmong(
            WorkspaceId workspace, Collection<EmailAddress> addresses) {
        // Each listed key stands for every given spelling of it (Ada@ and ada@ are both suppressed).
        Map<String, List<EmailAddress>> byKey = new LinkedHashMap<>();
        for (EmailAddress address : addresses) {
            byKey.computeIfAbsent(Suppression.keyOf(address).value(), k -> new ArrayList<>())
                    .add(address);
        }
        List<String> keys = new ArrayList<>(byKey.keySet());
        Map<String, SuppressionReason> listed = new HashMap<>();
        for (int from = 0; from < keys.size(); from += ADDRESSES_PER_QUERY) {
            List<Object[]> rows = em.createQuery(
                            "SELECT s.address, s.reason FROM SuppressionEntity s"
                                    + " WHERE s.workspaceId = :ws AND s.address IN :addresses",
                            Object[].class)
                    .setParameter("ws", workspace.value())
                    .setParameter("addresses", keys.subList(from, Math.min(keys.size(), from + ADDRESSES_PER_QUERY)))
                    .getResultList();
            for (Object[] row : rows) {
                listed.put((String) row[0], SuppressionReason.fromWire((String) row[1]));
            }
        }
        Map<EmailAddress, SuppressionReason> suppressed = new LinkedHashMap<>();
        byKey.forEach((key, given) -> {
            SuppressionReason reason = listed.get(key);
            if (reason != null) {
                given.forEach(address -> suppressed.put(address, reason));
            }
        });
        return suppressed;
    }

    @Override
    public List<Suppression> list(WorkspaceId workspace, String afterAddress, int limit) {
        TypedQuery<SuppressionEntity> query = afterAddress == null
                ? em.createQuery(
                        "SELECT s FROM SuppressionEntity s WHERE s.workspaceId = :ws" + " ORDER BY s.address",
                        SuppressionEntity.class)
                : em.createQuery(
                                "SELECT s FROM SuppressionEntity s WHERE s.workspaceId = :ws"
                                        + " AND s.address > :after ORDER BY s.address",
                                SuppressionEntity.class)
                        .setParameter("after", afterAddress);
        return query.setParameter("ws", workspace.value()).setMaxResults(limit).getResultList().stream()
                .map(SuppressionEntity::toDomain)
                .toList();
    }

    @Override
    public boolean remove(WorkspaceId workspace, EmailAddress address) {
        return em.createQuery("DELETE FROM SuppressionEntity s WHERE s.workspaceId = :ws AND s.address = :address")
                        .setParameter("ws", workspace.value())
                        .setParameter("address", Suppression.keyOf(address).value())
                        .executeUpdate()
                == 1;
    }
}
