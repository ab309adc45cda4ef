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

    private static final String FROM = " FROM profiles p"
            + " LEFT JOIN profile_consents c ON c.profile_id = p.id AND c.subscription_group_id = ?"
            + " LEFT JOIN suppressions s ON s.workspace_id = p.workspace_id AND s.address = LOWER(p.email)"
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
            Query query = new Query(TALLY, workspaceId, group.id());
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
            Query query = new Query(MEMBER, workspaceId, group.id());
            query.range(fromProfileId, toProfileId, afterProfileId);
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
            // One pass: the count over every match beside the first ids, which the window leaves in id order.
            ConditionSql.Fragment fragment = ConditionSql.of(condition, "properties");
            String sql = "SELECT id, count(*) OVER () FROM profiles WHERE workspace_id = ? AND " + fragment.sql()
                    + " ORDER BY id LIMIT ?";
            long[] count = {0};
            List<String> sample = new ArrayList<>();
            TransactionConnection.selectInOrOutOfTransaction(
                    em,
                    dataSource,
                    sql,
                    statement -> {
                        statement.setString(1, workspaceId.value());
                        int next = fragment.bind(statement, 2);
                        statement.setInt(next, Math.max(sampleSize, 1));
                    },
                    row -> {
                        count[0] = row.getLong(2);
                        if (sample.size() < sampleSize) {
                            sample.add(row.getString(1));
                        }
                        return Boolean.TRUE;
                    });
            return new SegmentPreview(count[0], sample);
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
        Query query = new Query(MEMBER + ", p.properties", workspaceId, groupId);
        query.range(from, to, after);
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

    /** A select over the audience's Profiles: {@link #FROM} and what narrows it, with its parameters in order. */
    private final class Query {
        final StringBuilder sql;
        final List<ConditionSql.Parameter> parameters = new ArrayList<>();

        Query(String select, WorkspaceId workspaceId, String groupId) {
            sql = new StringBuilder(select).append(FROM);
            parameters.add((statement, index) -> statement.setString(index, groupId));
            parameters.add((statement, index) -> statement.setString(index, workspaceId.value()));
        }

        void range(String from, String to, String after) {
            bound(" AND p.id >= ?", from);
            bound(" AND p.id < ?", to);
            bound(" AND p.id > ?", after);
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
