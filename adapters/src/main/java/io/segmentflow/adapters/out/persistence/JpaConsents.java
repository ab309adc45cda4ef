package io.segmentflow.adapters.out.persistence;

import io.segmentflow.adapters.shared.DatabaseDialect;
import io.segmentflow.application.port.out.Consents;
import io.segmentflow.domain.audience.Consent;
import io.segmentflow.domain.audience.ConsentSource;
import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
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
    /**
     * The update and the insert in one statement, where the database has it ({@link DatabaseDialect#upsertsOnConflict}).
     * The separate update is matched by its WHERE clause through a plan, and a pooled connection keeps the generic
     * plan it made while the table was small: PostgreSQL then took the group index (subscription_group_id, status,
     * profile_id), which reads every consent of the group for each row, so an import slowed down as the table grew.
     * The conflict is found through the primary key itself, never through a plan.
     */
    private static final String UPSERT = "INSERT INTO profile_consents"
            + " (status, source, changed_at, profile_id, subscription_group_id, workspace_id)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (profile_id, subscription_group_id) DO UPDATE"
            + " SET status = EXCLUDED.status, source = EXCLUDED.source, changed_at = EXCLUDED.changed_at"
            + " WHERE profile_consents.workspace_id = EXCLUDED.workspace_id";

    private static final String OF_PROFILE = "SELECT c.subscription_group_id, c.status, c.source, c.changed_at"
            + " FROM profile_consents c JOIN subscription_groups g ON g.id = c.subscription_group_id"
            + " WHERE c.workspace_id = ? AND c.profile_id = ? AND g.deleted_at IS NULL ORDER BY c.subscription_group_id";
    private static final String OF_ALL = "SELECT c.profile_id, c.subscription_group_id, c.status, c.source,"
            + " c.changed_at FROM profile_consents c JOIN subscription_groups g ON g.id = c.subscription_group_id"
            + " WHERE c.workspace_id = ? AND g.deleted_at IS NULL AND c.profile_id IN (";
    private static final String OF_PROFILES = "SELECT profile_id, status FROM profile_consents"
            + " WHERE workspace_id = ? AND subscription_group_id = ? AND profile_id IN (";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    /** For the API's reads, made outside any transaction. */
    @Resource(lookup = "jdbc/segmentflow")
    DataSource dataSource;

    /** Read once from the first connection that needs it. */
    private final StoreDialect dialect = new StoreDialect();

    /**
     * One upsert; where the database has none, an update, else an insert, and an insert that met a concurrent one's
     * row updates that row instead.
     */
    @Override
    public void set(Consent consent) {
        if (dialect().upsertsOnConflict()) {
            write(UPSERT, consent);
        } else if (write(UPDATE, consent) == 0 && write(INSERT, consent) == 0) {
            write(UPDATE, consent);
        }
    }

    /**
     * {@link #set} set-wise: one batch of upserts; where the database has none, one batch of updates, for those that
     * found no row one batch of inserts, and for those a concurrent insert beat one batch of updates again. In Profile
     * and group order, so two writers cannot deadlock.
     */
    @Override
    public void setAll(List<Consent> consents) {
        List<Consent> sorted = consents.stream()
                .sorted(Comparator.comparing(Consent::profileId).thenComparing(Consent::subscriptionGroupId))
                .toList();
        if (dialect().upsertsOnConflict()) {
            TransactionConnection.batch(em, UPSERT, sorted, JpaConsents::bind);
            return;
        }
        List<Consent> missing = unchanged(sorted, TransactionConnection.batch(em, UPDATE, sorted, JpaConsents::bind));
        List<Consent> raced = unchanged(missing, TransactionConnection.batch(em, INSERT, missing, JpaConsents::bind));
        TransactionConnection.batch(em, UPDATE, raced, JpaConsents::bind);
    }

    /** Those of the consents whose statement changed no row. */
    private static List<Consent> unchanged(List<Consent> consents, int[] counts) {
        List<Consent> left = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                left.add(consents.get(i));
            }
        }
        return left;
    }

    private static void bind(PreparedStatement statement, Consent consent) throws SQLException {
        statement.setString(1, consent.status().wireName());
        statement.setString(2, consent.source().wireName());
        statement.setObject(3, Times.column(consent.changedAt()));
        statement.setString(4, consent.profileId());
        statement.setString(5, consent.subscriptionGroupId());
        statement.setString(6, consent.workspaceId().value());
    }

    private int write(String sql, Consent consent) {
        return TransactionConnection.update(em, sql, statement -> bind(statement, consent));
    }

    private DatabaseDialect dialect() {
        return dialect.of(em);
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
    public Map<String, List<Consent>> ofAll(WorkspaceId workspaceId, Collection<String> profileIds) {
        Map<String, List<Consent>> found = new HashMap<>();
        TransactionConnection.selectIn(
                        em,
                        OF_ALL,
                        workspaceId.value(),
                        profileIds,
                        row -> new Consent(
                                workspaceId,
                                row.getString(1),
                                row.getString(2),
                                ConsentStatus.fromWire(row.getString(3)),
                                ConsentSource.fromWire(row.getString(4)),
                                Times.instant(row.getObject(5, OffsetDateTime.class))))
                .forEach(consent -> found.computeIfAbsent(consent.profileId(), id -> new ArrayList<>())
                        .add(consent));
        found.values().forEach(list -> list.sort(Comparator.comparing(Consent::subscriptionGroupId)));
        return found;
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
