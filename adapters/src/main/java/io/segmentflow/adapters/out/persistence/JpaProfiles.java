package io.segmentflow.adapters.out.persistence;

import io.segmentflow.adapters.shared.DatabaseDialect;
import io.segmentflow.application.error.ConcurrentRequestException;
import io.segmentflow.application.port.out.Profiles;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.profile.ProfileIdentity;
import io.segmentflow.domain.profile.ProfileMatch;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The profiles table, written and read with SQL of its own: the properties column is JSON ({@link DatabaseDialect#jsonColumnType}),
 * which a JPA entity would bind as plain text. {@link #profile} is the one mapper from a row.
 */
@ApplicationScoped
public class JpaProfiles implements Profiles {
    private static final String COLUMNS = "id, workspace_id, email, external_id, properties, created_at, updated_at";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM profiles WHERE workspace_id = ?";
    private static final String BY_EMAILS = SELECT + " AND email IN (";
    private static final String BY_EXTERNAL_IDS = SELECT + " AND external_id IN (";
    private static final String BY_IDS = SELECT + " AND id IN (";
    private static final String LOCK = " FOR UPDATE";
    // No ORDER BY: it would draw the planner to the (workspace_id, id) index, which reads the whole workspace; the
    // unique index's own order locks a given set of rows in one order for every writer.
    private static final String LOCK_IN_ORDER = " FOR UPDATE";
    // Two requests for a new address may race: the loser's insert does nothing and it reads the winner's row.
    private static final MultiRowInsert INSERT_FOR_SEND = new MultiRowInsert(
            "INSERT INTO profiles (" + COLUMNS + ") VALUES ", "(?, ?, ?, ?, '{}', ?, ?)", " ON CONFLICT DO NOTHING");
    // Fills only what the Profile lacks, so a concurrent request's identifier is never overwritten.
    private static final String COMPLETE_FOR_SEND = "UPDATE profiles"
            + " SET email = COALESCE(email, ?), external_id = COALESCE(external_id, ?), updated_at = ? WHERE id = ?";
    private static final String PROPERTIES = "SELECT id, properties FROM profiles WHERE workspace_id = ? AND id IN (";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    /** For the API's reads, made outside any transaction. */
    @Resource(lookup = "jdbc/segmentflow")
    DataSource dataSource;

    /** The JSON column's type on this database, read once from the first connection that needs it. */
    private final StoreDialect dialect = new StoreDialect();

    @Override
    public Profile upsert(WorkspaceId workspaceId, EmailAddress email, String externalId, Instant now) {
        return upsertAll(workspaceId, List.of(new Recipient(email, externalId)), now)
                .get(email);
    }

    /**
     * One select of the known addresses. Only for external ids that may matter (given, and the address unknown or
     * its Profile without one), one select of those. Only when some Profiles are new, one batch of inserts; only
     * when some gain an identifier, one batch of updates; then one select of those addresses.
     */
    @Override
    public Map<EmailAddress, Profile> upsertAll(
            WorkspaceId workspaceId, Collection<Recipient> recipients, Instant now) {
        Map<EmailAddress, String> externalIds = new LinkedHashMap<>();
        for (Recipient r : recipients) {
            if (externalIds.get(r.email()) == null) {
                externalIds.put(r.email(), r.externalId());
            }
        }
        Map<EmailAddress, Profile> byEmail = byEmail(workspaceId, externalIds.keySet());
        Map<String, Profile> byExternalId = byExternalId(
                workspaceId,
                externalIds.entrySet().stream()
                        .filter(e -> e.getValue() != null)
                        .filter(e -> !byEmail.containsKey(e.getKey())
                                || byEmail.get(e.getKey()).externalId() == null)
                        .map(Map.Entry::getValue)
                        .toList());
        Map<EmailAddress, Profile> result = new LinkedHashMap<>();
        List<ProfileIdentity> creates = new ArrayList<>();
        List<Profile> completions = new ArrayList<>();
        externalIds.forEach((email, externalId) -> {
            Optional<Profile> holder = Optional.ofNullable(byEmail.get(email));
            Optional<Profile> externalIdHolder = Optional.ofNullable(
                            externalId == null ? null : byExternalId.get(externalId))
                    .or(() -> holder.filter(
                            p -> p.externalId() != null && p.externalId().equals(externalId)));
            ProfileMatch match = new ProfileIdentity(email, externalId).matchForSend(holder, externalIdHolder);
            if (match instanceof ProfileMatch.Found found && found.completes()) {
                completions.add(found.completed(now));
            } else if (match instanceof ProfileMatch.Found found) {
                result.put(email, found.profile());
            } else {
                creates.add(((ProfileMatch.Create) match).identity());
            }
        });
        if (!completions.isEmpty()) {
            complete(completions, now);
        }
        if (!creates.isEmpty()) {
            insertForSend(workspaceId, creates, now).forEach(p -> result.put(p.email(), p));
        }
        List<EmailAddress> pending = externalIds.keySet().stream()
                .filter(e -> !result.containsKey(e))
                .toList();
        if (!pending.isEmpty()) {
            result.putAll(byEmail(workspaceId, pending));
            // An insert or a completion that lost its external id to another request: the address alone, then.
            List<ProfileIdentity> missing = pending.stream()
                    .filter(e -> !result.containsKey(e))
                    .map(ProfileIdentity::ofEmail)
                    .toList();
            if (!missing.isEmpty()) {
                insertForSend(workspaceId, missing, now).forEach(p -> result.put(p.email(), p));
                List<EmailAddress> stillMissing = missing.stream()
                        .map(ProfileIdentity::email)
                        .filter(e -> !result.containsKey(e))
                        .toList();
                if (!stillMissing.isEmpty()) {
                    result.putAll(byEmail(workspaceId, stillMissing));
                }
            }
        }
        Map<EmailAddress, Profile> ordered = new LinkedHashMap<>();
        for (EmailAddress email : externalIds.keySet()) {
            Profile profile = result.get(email);
            if (profile == null) {
                throw new IllegalStateException("profile of " + email + " vanished");
            }
            ordered.put(email, profile);
        }
        return ordered;
    }

    /**
     * Inserts a Profile for each identity and answers those this insert made, so that they need not be read back; an
     * insert that met another request's row did nothing, and its Profile is read by the caller.
     */
    private List<Profile> insertForSend(WorkspaceId workspaceId, List<ProfileIdentity> identities, Instant now) {
        OffsetDateTime at = Times.column(now);
        Instant stored = Times.asStored(now);
        // One order for every request, so two batches with the same new addresses cannot deadlock.
        List<Profile> candidates = identities.stream()
                .sorted(Comparator.comparing(i -> i.email().value()))
                .map(identity -> Profile.create(Identifier.next("pr", now), workspaceId, identity, stored))
                .toList();
        if (dialect().insertsManyRowsPastHeldKeys()) {
            int inserted = TransactionConnection.insertRows(
                    em,
                    INSERT_FOR_SEND,
                    candidates,
                    (insert, next, p) -> bindForSend(insert, next, workspaceId, p, at));
            if (inserted == candidates.size()) {
                return candidates;
            }
            List<String> ids = candidates.stream().map(Profile::id).toList();
            return TransactionConnection.selectIn(em, BY_IDS, workspaceId.value(), ids, JpaProfiles::profile);
        }
        int[] inserted = batch(
                INSERT_FOR_SEND.withRows(1),
                candidates,
                (insert, profile) -> bindForSend(insert, 1, workspaceId, profile, at),
                "of " + candidates.get(0).email().value());
        List<Profile> made = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (inserted[i] == 1) {
                made.add(candidates.get(i));
            }
        }
        return made;
    }

    /** Binds one new Profile from parameter {@code first} on; answers the parameter after it. */
    private static int bindForSend(
            PreparedStatement insert, int first, WorkspaceId workspaceId, Profile profile, OffsetDateTime at)
            throws SQLException {
        insert.setString(first, profile.id());
        insert.setString(first + 1, workspaceId.value());
        insert.setString(first + 2, profile.email().value());
        insert.setString(first + 3, profile.externalId());
        insert.setObject(first + 4, at);
        insert.setObject(first + 5, at);
        return first + 6;
    }

    private void complete(List<Profile> completions, Instant now) {
        OffsetDateTime at = Times.column(now);
        List<Profile> sorted =
                completions.stream().sorted(Comparator.comparing(Profile::id)).toList();
        batch(
                COMPLETE_FOR_SEND,
                sorted,
                (update, profile) -> {
                    update.setString(
                            1, profile.email() == null ? null : profile.email().value());
                    update.setString(2, profile.externalId());
                    update.setObject(3, at);
                    update.setString(4, profile.id());
                },
                sorted.get(0).id());
    }

    @Override
    public Optional<Profile> find(WorkspaceId workspaceId, String id) {
        return one(SELECT + " AND id = ?", workspaceId, id);
    }

    @Override
    public Optional<Profile> findByEmail(WorkspaceId workspaceId, EmailAddress email) {
        return one(SELECT + " AND email = ?", workspaceId, email.value());
    }

    @Override
    public Optional<Profile> findByExternalId(WorkspaceId workspaceId, String externalId) {
        return one(SELECT + " AND external_id = ?", workspaceId, externalId);
    }

    @Override
    public Optional<Profile> lock(WorkspaceId workspaceId, String id) {
        return one(SELECT + " AND id = ?" + LOCK, workspaceId, id);
    }

    @Override
    public List<Profile> list(WorkspaceId workspaceId, String afterId, int limit) {
        String sql = SELECT + (afterId == null ? "" : " AND id > ?") + " ORDER BY id LIMIT ?";
        return TransactionConnection.selectInOrOutOfTransaction(
                em,
                dataSource,
                sql,
                select -> {
                    int parameter = 1;
                    select.setString(parameter++, workspaceId.value());
                    if (afterId != null) {
                        select.setString(parameter++, afterId);
                    }
                    select.setInt(parameter, limit);
                },
                JpaProfiles::profile);
    }

    @Override
    public void update(Profile profile) {
        String sql = "UPDATE profiles SET email = ?, external_id = ?, properties = "
                + dialect().jsonParameter() + ", updated_at = ? WHERE workspace_id = ? AND id = ?";
        try (PreparedStatement update = TransactionConnection.prepare(em, sql)) {
            update.setString(1, profile.email() == null ? null : profile.email().value());
            update.setString(2, profile.externalId());
            update.setString(3, profile.properties());
            update.setObject(4, Times.column(profile.updatedAt()));
            update.setString(5, profile.workspaceId().value());
            update.setString(6, profile.id());
            update.executeUpdate();
        } catch (SQLException e) {
            throw contended(e, profile.id());
        }
    }

    @Override
    public boolean remove(WorkspaceId workspaceId, String id) {
        try (PreparedStatement delete =
                TransactionConnection.prepare(em, "DELETE FROM profiles WHERE workspace_id = ? AND id = ?")) {
            delete.setString(1, workspaceId.value());
            delete.setString(2, id);
            return delete.executeUpdate() == 1;
        } catch (SQLException e) {
            throw TransactionConnection.failed(e);
        }
    }

    @Override
    public Map<String, String> propertiesOf(WorkspaceId workspaceId, Collection<String> ids) {
        Map<String, String> found = new HashMap<>();
        TransactionConnection.selectIn(
                        em, PROPERTIES, workspaceId.value(), ids, row -> Map.entry(row.getString(1), row.getString(2)))
                .forEach(entry -> found.put(entry.getKey(), entry.getValue()));
        return found;
    }

    /** The one mapper from a row of {@link #COLUMNS} to a Profile. */
    @Override
    public Map<String, Profile> findAll(WorkspaceId workspaceId, Collection<String> ids) {
        Map<String, Profile> found = new HashMap<>();
        TransactionConnection.selectIn(em, BY_IDS, workspaceId.value(), ids, JpaProfiles::profile)
                .forEach(profile -> found.put(profile.id(), profile));
        return found;
    }

    private static Profile profile(ResultSet row) throws SQLException {
        String email = row.getString(3);
        return new Profile(
                row.getString(1),
                new WorkspaceId(row.getString(2)),
                email == null ? null : new EmailAddress(email),
                row.getString(4),
                row.getString(5),
                Times.instant(row.getObject(6, OffsetDateTime.class)),
                Times.instant(row.getObject(7, OffsetDateTime.class)));
    }

    /** One Profile; locking reads ({@code FOR UPDATE}) run in the caller's transaction, others wherever they are. */
    private Optional<Profile> one(String sql, WorkspaceId workspaceId, String value) {
        return TransactionConnection.selectInOrOutOfTransaction(
                        em,
                        dataSource,
                        sql,
                        select -> {
                            select.setString(1, workspaceId.value());
                            select.setString(2, value);
                        },
                        JpaProfiles::profile)
                .stream()
                .findFirst();
    }

    private Map<EmailAddress, Profile> byEmail(WorkspaceId workspaceId, Collection<EmailAddress> emails) {
        Map<EmailAddress, Profile> found = new HashMap<>();
        TransactionConnection.selectIn(
                        em,
                        BY_EMAILS,
                        workspaceId.value(),
                        emails.stream().map(EmailAddress::value).toList(),
                        JpaProfiles::profile)
                .forEach(profile -> found.put(profile.email(), profile));
        return found;
    }

    private Map<String, Profile> byExternalId(WorkspaceId workspaceId, Collection<String> externalIds) {
        Map<String, Profile> found = new HashMap<>();
        TransactionConnection.selectIn(em, BY_EXTERNAL_IDS, workspaceId.value(), externalIds, JpaProfiles::profile)
                .forEach(profile -> found.put(profile.externalId(), profile));
        return found;
    }

    @Override
    public Map<EmailAddress, Profile> lockAllByEmail(WorkspaceId workspaceId, Collection<EmailAddress> emails) {
        Map<EmailAddress, Profile> found = new HashMap<>();
        TransactionConnection.selectIn(
                        em,
                        BY_EMAILS,
                        LOCK_IN_ORDER,
                        workspaceId.value(),
                        emails.stream().map(EmailAddress::value).toList(),
                        JpaProfiles::profile)
                .forEach(profile -> found.put(profile.email(), profile));
        return found;
    }

    @Override
    public Map<String, Profile> lockAllByExternalId(WorkspaceId workspaceId, Collection<String> externalIds) {
        Map<String, Profile> found = new HashMap<>();
        TransactionConnection.selectIn(
                        em, BY_EXTERNAL_IDS, LOCK_IN_ORDER, workspaceId.value(), externalIds, JpaProfiles::profile)
                .forEach(profile -> found.put(profile.externalId(), profile));
        return found;
    }

    @Override
    public Set<String> addAll(List<Profile> profiles) {
        String sql = "INSERT INTO profiles (" + COLUMNS + ") VALUES (?, ?, ?, ?, "
                + dialect().jsonParameter() + ", ?, ?) ON CONFLICT DO NOTHING";
        int[] added = TransactionConnection.batch(em, sql, profiles, (insert, profile) -> {
            insert.setString(1, profile.id());
            insert.setString(2, profile.workspaceId().value());
            insert.setString(3, profile.email() == null ? null : profile.email().value());
            insert.setString(4, profile.externalId());
            insert.setString(5, profile.properties());
            insert.setObject(6, Times.column(profile.createdAt()));
            insert.setObject(7, Times.column(profile.updatedAt()));
        });
        Set<String> notAdded = new HashSet<>();
        for (int i = 0; i < added.length; i++) {
            if (added[i] == 0) {
                notAdded.add(profiles.get(i).id());
            }
        }
        return notAdded;
    }

    @Override
    public void updateAll(List<Profile> profiles) {
        String sql = "UPDATE profiles SET email = ?, external_id = ?, properties = "
                + dialect().jsonParameter() + ", updated_at = ? WHERE workspace_id = ? AND id = ?";
        List<Profile> sorted =
                profiles.stream().sorted(Comparator.comparing(Profile::id)).toList();
        batch(
                sql,
                sorted,
                (update, profile) -> {
                    update.setString(
                            1, profile.email() == null ? null : profile.email().value());
                    update.setString(2, profile.externalId());
                    update.setString(3, profile.properties());
                    update.setObject(4, Times.column(profile.updatedAt()));
                    update.setString(5, profile.workspaceId().value());
                    update.setString(6, profile.id());
                },
                sorted.isEmpty() ? "" : sorted.get(0).id());
    }

    private DatabaseDialect dialect() {
        return dialect.of(em);
    }

    /** Another request gave one of these identifiers to another Profile at the same moment: a retry sees it. */
    private static RuntimeException contended(SQLException e, String id) {
        if (KeyContention.heldByAnother(e)) {
            return new ConcurrentRequestException("profile", id);
        }
        return TransactionConnection.failed(e);
    }

    private interface RowBinder<T> {
        void bind(PreparedStatement statement, T value) throws SQLException;
    }

    /** Runs {@code sql} once for each value in one JDBC batch; {@code subject} names them in a refusal. */
    /** Runs one statement for each value in one batch and answers each one's count of rows changed. */
    private <T> int[] batch(String sql, List<T> values, RowBinder<T> binder, String subject) {
        try (PreparedStatement statement = TransactionConnection.prepare(em, sql)) {
            for (T value : values) {
                binder.bind(statement, value);
                statement.addBatch();
            }
            return statement.executeBatch();
        } catch (SQLException e) {
            throw contended(e, subject);
        }
    }
}
