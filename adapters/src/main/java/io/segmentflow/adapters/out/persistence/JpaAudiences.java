package io.segmentflow.adapters.out.persistence;

import io.segmentflow.adapters.shared.DatabaseDialect;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.port.out.Audiences;
import io.segmentflow.application.port.out.StateDocuments;
import io.segmentflow.domain.audience.AudienceCounts;
import io.segmentflow.domain.audience.AudienceMember;
import io.segmentflow.domain.audience.AudienceSpec;
import io.segmentflow.domain.audience.AudienceTally;
import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.audience.SegmentPreview;
import io.segmentflow.domain.audience.SubscriptionGroup;
import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.condition.FieldValues;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Audiences read from the profiles table, with each Profile's consent to the send's group and whether its address is
 * suppressed joined in. On PostgreSQL a segment's condition runs in the query ({@link ConditionSql} over the
 * {@code jsonb} properties, which a GIN index serves), and preflight counts in one grouped pass; on the embedded
 * database the same condition is evaluated in Java ({@link Condition#holdsFor}) over pages of Profiles.
 */
@ApplicationScoped
public class JpaAudiences implements Audiences {
    /** Profiles the embedded database reads per round while it filters in Java. */
    static final int JAVA_FILTER_PAGE = 1000;

    private static final String CONSENTS =
            " FROM profiles p LEFT JOIN profile_consents c ON c.profile_id = p.id AND c.subscription_group_id = ?";
    private static final String SUPPRESSIONS =
            " LEFT JOIN suppressions s ON s.workspace_id = p.workspace_id AND s.address = LOWER(p.email)"
                    + " WHERE p.workspace_id = ?";
    private static final String MEMBER =
            "SELECT p.id, p.email, c.status, CASE WHEN s.address IS NULL THEN FALSE ELSE TRUE END";
    private static final String TALLY = "SELECT CASE WHEN p.email IS NULL THEN FALSE ELSE TRUE END,"
            + " CASE WHEN s.address IS NULL THEN FALSE ELSE TRUE END, c.status, count(*)";
    private static final String TALLY_GROUPS = " GROUP BY CASE WHEN p.email IS NULL THEN FALSE ELSE TRUE END,"
            + " CASE WHEN s.address IS NULL THEN FALSE ELSE TRUE END, c.status";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    /** For preflight, read outside any transaction. */
    @Resource(lookup = "jdbc/segmentflow")
    DataSource dataSource;

    @Inject
    StateDocuments documents;

    private volatile DatabaseDialect dialect;

    @Override
    public AudienceCounts count(WorkspaceId workspaceId, AudienceSpec audience) {
        SubscriptionGroup group = group(workspaceId, audience.subscriptionGroupId());
        Optional<Condition> condition = condition(workspaceId, audience.segmentId());
        AudienceTally tally = new AudienceTally(group);
        if (condition.isEmpty() || dialect().queriesJson()) {
            Query query = new Query(TALLY, workspaceId, group.id(), null, null, null);
            condition.ifPresent(query::where);
            query.sql.append(TALLY_GROUPS);
            query.run(
                    row -> tally.add(row.getBoolean(1), row.getBoolean(2), consent(row.getString(3)), row.getLong(4)));
            return tally.counts();
        }
        String after = null;
        while (true) {
            List<Candidate> page = candidates(workspaceId, group.id(), null, null, after, JAVA_FILTER_PAGE);
            for (Candidate candidate : page) {
                if (condition.get().holdsFor(candidate.values())) {
                    tally.add(candidate.member());
                }
            }
            if (page.size() < JAVA_FILTER_PAGE) {
                return tally.counts();
            }
            after = page.get(page.size() - 1).member().profileId();
        }
    }

    @Override
    public List<AudienceMember> page(
            WorkspaceId workspaceId,
            AudienceSpec audience,
            String fromProfileId,
            String toProfileId,
            String afterProfileId,
            int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a page holds at least one member");
        }
        SubscriptionGroup group = group(workspaceId, audience.subscriptionGroupId());
        Optional<Condition> condition = condition(workspaceId, audience.segmentId());
        if (condition.isEmpty() || dialect().queriesJson()) {
            Query query = new Query(MEMBER, workspaceId, group.id(), fromProfileId, toProfileId, afterProfileId);
            condition.ifPresent(query::where);
            query.sql.append(" ORDER BY p.id LIMIT ?");
            query.parameters.add((statement, index) -> statement.setInt(index, limit));
            List<AudienceMember> members = new ArrayList<>();
            query.run(row -> members.add(member(row)));
            return members;
        }
        List<AudienceMember> members = new ArrayList<>();
        String after = afterProfileId;
        while (members.size() < limit) {
            List<Candidate> page =
                    candidates(workspaceId, group.id(), fromProfileId, toProfileId, after, JAVA_FILTER_PAGE);
            for (Candidate candidate : page) {
                if (members.size() < limit && condition.get().holdsFor(candidate.values())) {
                    members.add(candidate.member());
                }
            }
            if (page.size() < JAVA_FILTER_PAGE) {
                break;
            }
            after = page.get(page.size() - 1).member().profileId();
        }
        return members;
    }

    @Override
    public SegmentPreview preview(WorkspaceId workspaceId, Condition condition, int sampleSize) {
        if (dialect().queriesJson()) {
            // The count over every match (the GIN index where it serves), then the first ids in id order, which the
            // primary key's order gives without sorting the matches: two quick reads rather than one that sorts.
            ConditionSql.Fragment fragment = ConditionSql.of(condition, "properties");
            String where = " FROM profiles WHERE workspace_id = ? AND " + fragment.sql();
            long count = TransactionConnection.selectInOrOutOfTransaction(
                            em,
                            dataSource,
                            "SELECT count(*)" + where,
                            statement -> {
                                statement.setString(1, workspaceId.value());
                                fragment.bind(statement, 2);
                            },
                            row -> row.getLong(1))
                    .get(0);
            if (count == 0 || sampleSize == 0) {
                return new SegmentPreview(count, List.of());
            }
            List<String> sample = TransactionConnection.selectInOrOutOfTransaction(
                    em,
                    dataSource,
                    "SELECT id" + where + " ORDER BY id LIMIT ?",
                    statement -> {
                        statement.setString(1, workspaceId.value());
                        statement.setInt(fragment.bind(statement, 2), sampleSize);
                    },
                    row -> row.getString(1));
            return new SegmentPreview(count, sample);
        }
        long count = 0;
        List<String> sample = new ArrayList<>();
        String after = null;
        while (true) {
            String cursor = after;
            List<Map.Entry<String, String>> page = TransactionConnection.selectInOrOutOfTransaction(
                    em,
                    dataSource,
                    "SELECT id, properties FROM profiles WHERE workspace_id = ?" + (cursor == null ? "" : " AND id > ?")
                            + " ORDER BY id LIMIT ?",
                    statement -> {
                        statement.setString(1, workspaceId.value());
                        if (cursor != null) {
                            statement.setString(2, cursor);
                        }
                        statement.setInt(cursor == null ? 2 : 3, JAVA_FILTER_PAGE);
                    },
                    row -> Map.entry(row.getString(1), row.getString(2)));
            for (Map.Entry<String, String> profile : page) {
                if (condition.holdsFor(new FieldValues(documents.read(profile.getValue()), Map.of()))) {
                    count++;
                    if (sample.size() < sampleSize) {
                        sample.add(profile.getKey());
                    }
                }
            }
            if (page.size() < JAVA_FILTER_PAGE) {
                return new SegmentPreview(count, sample);
            }
            after = page.get(page.size() - 1).getKey();
        }
    }

    /** A Profile read with its properties, to be judged in Java. */
    private record Candidate(AudienceMember member, FieldValues values) {}

    private List<Candidate> candidates(
            WorkspaceId workspaceId, String groupId, String from, String to, String after, int limit) {
        Query query = new Query(MEMBER + ", p.properties", workspaceId, groupId, from, to, after);
        query.sql.append(" ORDER BY p.id LIMIT ?");
        query.parameters.add((statement, index) -> statement.setInt(index, limit));
        List<Candidate> candidates = new ArrayList<>();
        query.run(row -> {
            Map<String, Object> properties = documents.read(row.getString(5));
            candidates.add(new Candidate(member(row), new FieldValues(properties, Map.of())));
        });
        return candidates;
    }

    /** The one mapper from a member row: id, email, consent status (null: never), suppressed. */
    private static AudienceMember member(ResultSet row) throws SQLException {
        String email = row.getString(2);
        return new AudienceMember(
                row.getString(1),
                email == null ? null : new EmailAddress(email),
                consent(row.getString(3)),
                row.getBoolean(4));
    }

    private static ConsentStatus consent(String status) {
        return status == null ? SubscriptionGroup.noRecord() : ConsentStatus.fromWire(status);
    }

    private SubscriptionGroup group(WorkspaceId workspaceId, String id) {
        return Optional.ofNullable(em.find(SubscriptionGroupEntity.class, id))
                .filter(g -> g.workspaceId.equals(workspaceId.value()) && g.deletedAt == null)
                .map(SubscriptionGroupEntity::toDomain)
                .orElseThrow(() -> new NotFoundException("subscription group", id));
    }

    private Optional<Condition> condition(WorkspaceId workspaceId, String segmentId) {
        if (segmentId == null) {
            return Optional.empty();
        }
        return Optional.of(Optional.ofNullable(em.find(SegmentEntity.class, segmentId))
                .filter(s -> s.workspaceId.equals(workspaceId.value()) && s.deletedAt == null)
                .map(s -> SegmentEntity.condition(s.id, s.definition))
                .orElseThrow(() -> new NotFoundException("segment", segmentId)));
    }

    /**
     * A select over the audience's Profiles, with its consents and suppressions joined in, those with ids in
     * {@code [from, to)} after {@code after} (each null: no bound), and what narrows it further; with its parameters in
     * order.
     */
    private final class Query {
        final StringBuilder sql;
        final List<ConditionSql.Parameter> parameters = new ArrayList<>();

        Query(String select, WorkspaceId workspaceId, String groupId, String from, String to, String after) {
            sql = new StringBuilder(select).append(CONSENTS);
            parameters.add((statement, index) -> statement.setString(index, groupId));
            // The consents are bounded as the Profiles are: without it PostgreSQL merges them in from the first
            // Profile's on, and a keyset page far into the audience reads every consent before it (a fan-out of a
            // million Profiles then costs the square of its pages).
            range("c.profile_id", from, to, after);
            sql.append(SUPPRESSIONS);
            parameters.add((statement, index) -> statement.setString(index, workspaceId.value()));
            range("p.id", from, to, after);
        }

        private void range(String column, String from, String to, String after) {
            bound(" AND " + column + " >= ?", from);
            bound(" AND " + column + " < ?", to);
            bound(" AND " + column + " > ?", after);
        }

        private void bound(String test, String value) {
            if (value != null) {
                sql.append(test);
                parameters.add((statement, index) -> statement.setString(index, value));
            }
        }

        void where(Condition condition) {
            ConditionSql.Fragment fragment = ConditionSql.of(condition, "p.properties");
            sql.append(" AND ").append(fragment.sql());
            parameters.addAll(fragment.parameters());
        }

        void run(RowConsumer consumer) {
            TransactionConnection.selectInOrOutOfTransaction(
                    em,
                    dataSource,
                    sql.toString(),
                    statement -> {
                        int index = 1;
                        for (ConditionSql.Parameter parameter : parameters) {
                            parameter.bind(statement, index++);
                        }
                    },
                    row -> {
                        consumer.accept(row);
                        return Boolean.TRUE;
                    });
        }
    }

    private interface RowConsumer {
        void accept(ResultSet row) throws SQLException;
    }

    private DatabaseDialect dialect() {
        DatabaseDialect known = dialect;
        if (known == null) {
            try (Connection connection = dataSource.getConnection()) {
                known = DatabaseDialect.of(connection);
            } catch (SQLException e) {
                throw TransactionConnection.failed(e);
            }
            dialect = known;
        }
        return known;
    }
}
