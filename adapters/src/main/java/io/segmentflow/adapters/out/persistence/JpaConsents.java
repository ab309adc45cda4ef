package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.Consents;
import io.segmentflow.domain.audience.Consent;
import io.segmentflow.domain.audience.ConsentSource;
import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The profile_consents table, written with SQL of its own (an import writes it in batches beside the Profiles); the
 * one write path is {@link #set} and the one mapper from a row is in {@link #of}.
 */
@ApplicationScoped
public class JpaConsents implements Consents {
    private static final String UPDATE = "UPDATE profile_consents SET status = ?, source = ?, changed_at = ?"
            + " WHERE profile_id = ? AND subscription_group_id = ? AND workspace_id = ?";
    private static final String INSERT = "INSERT INTO profile_consents"
            + " (status, source, changed_at, profile_id, subscription_group_id, workspace_id)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String OF_PROFILE = "SELECT c.subscription_group_id, c.status, c.source, c.changed_at"
            + " FROM profile_consents c JOIN subscription_groups g ON g.id = c.subscription_group_id"
            + " WHERE c.workspace_id = ? AND c.profile_id = ? AND g.deleted_at IS NULL ORDER BY c.subscription_group_id";
    private static final String OF_PROFILES = "SELECT profile_id, status FROM profile_consents"
            + " WHERE workspace_id = ? AND subscription_group_id = ? AND profile_id IN (";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    /** For the API's reads, made outside any transaction. */
    @Resource(lookup = "jdbc/segmentflow")
    DataSource dataSource;

    /** An update, else an insert; an insert that met a concurrent one's row updates that row instead. */
    @Override
    public void set(Consent consent) {
        if (write(UPDATE, consent) == 0 && write(INSERT, consent) == 0) {
            write(UPDATE, consent);
        }
    }

    private int write(String sql, Consent consent) {
        return TransactionConnection.update(em, sql, statement -> {
            statement.setString(1, consent.status().wireName());
            statement.setString(2, consent.source().wireName());
            statement.setObject(3, Times.column(consent.changedAt()));
            statement.setString(4, consent.profileId());
            statement.setString(5, consent.subscriptionGroupId());
            statement.setString(6, consent.workspaceId().value());
        });
    }

    @Override
    public List<Consent> of(WorkspaceId workspaceId, String profileId) {
        return TransactionConnection.selectInOrOutOfTransaction(
                em,
                dataSource,
                OF_PROFILE,
                select -> {
                    select.setString(1, workspaceId.value());
                    select.setString(2, profileId);
                },
                row -> new Consent(
                        workspaceId,
                        profileId,
                        row.getString(1),
                        ConsentStatus.fromWire(row.getString(2)),
                        ConsentSource.fromWire(row.getString(3)),
                        Times.instant(row.getObject(4, OffsetDateTime.class))));
    }

    @Override
    public Map<String, ConsentStatus> statusesOf(
            WorkspaceId workspaceId, String subscriptionGroupId, Collection<String> profileIds) {
        Map<String, ConsentStatus> found = new HashMap<>();
        List<String> ids = List.copyOf(new LinkedHashSet<>(profileIds));
        for (int from = 0; from < ids.size(); from += TransactionConnection.MAX_IN_LIST) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + TransactionConnection.MAX_IN_LIST));
            TransactionConnection.select(
                            em,
                            TransactionConnection.withInList(OF_PROFILES, chunk.size()),
                            select -> {
                                select.setString(1, workspaceId.value());
                                select.setString(2, subscriptionGroupId);
                                TransactionConnection.bindInList(select, 3, chunk);
                            },
                            row -> Map.entry(row.getString(1), ConsentStatus.fromWire(row.getString(2))))
                    .forEach(entry -> found.put(entry.getKey(), entry.getValue()));
        }
        return found;
    }
}
