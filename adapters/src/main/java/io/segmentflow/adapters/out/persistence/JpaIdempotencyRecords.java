package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.IdempotencyRecords;
import io.segmentflow.domain.idempotency.FirstAnswer;
import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.BatchUpdateException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code idempotency_records}, written and read only with JDBC on the transaction's connection. */
@ApplicationScoped
public class JpaIdempotencyRecords implements IdempotencyRecords {
    // On PostgreSQL a concurrent insert of the same key waits for the first transaction and then does
    // nothing; so the loser sees the winner's committed answer, or the key free again after a rollback.
    private static final MultiRowInsert RESERVE = new MultiRowInsert(
            "INSERT INTO idempotency_records"
                    + " (workspace_id, idempotency_key, fingerprint, response_status, response_body, created_at) VALUES ",
            "(?, ?, ?, ?, ?, ?)",
            " ON CONFLICT DO NOTHING");
    private static final String PURGE = "DELETE FROM idempotency_records WHERE created_at < ?";
    private static final String FIND = "SELECT idempotency_key, fingerprint, response_status, response_body,"
            + " created_at FROM idempotency_records WHERE workspace_id = ? AND idempotency_key IN (";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    private final StoreDialect dialect = new StoreDialect();

    @Override
    public boolean reserve(
            WorkspaceId workspaceId, IdempotencyKey key, String fingerprint, FirstAnswer answer, Instant now) {
        return reserveAll(workspaceId, List.of(new Reservation(key, fingerprint, answer)), now)
                .contains(key);
    }

    @Override
    public Set<IdempotencyKey> reserveAll(WorkspaceId workspaceId, List<Reservation> reservations, Instant now) {
        // Every request takes its keys in the same order, so two batches sharing keys wait for each other
        // instead of deadlocking.
        List<Reservation> ordered = new ArrayList<>(reservations);
        ordered.sort(Comparator.comparing(r -> r.key().value()));
        OffsetDateTime at = Times.column(now);
        if (dialect.of(em).insertsManyRowsPastHeldKeys()) {
            int inserted = TransactionConnection.insertRows(
                    em, RESERVE, ordered, (insert, next, r) -> bind(insert, next, workspaceId, r, at));
            return inserted == ordered.size() ? keysOf(ordered) : ours(workspaceId, ordered);
        }
        int[] counts;
        try (PreparedStatement insert = TransactionConnection.prepare(em, RESERVE.withRows(1))) {
            for (Reservation r : ordered) {
                bind(insert, 1, workspaceId, r, at);
                insert.addBatch();
            }
            counts = execute(insert, ordered.size());
        } catch (SQLException e) {
            throw TransactionConnection.failed(e);
        }
        Set<IdempotencyKey> reserved = new HashSet<>();
        List<Reservation> unknown = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            if (counts[i] == 1) {
                reserved.add(ordered.get(i).key());
            } else if (counts[i] == Statement.SUCCESS_NO_INFO) {
                unknown.add(ordered.get(i));
            }
        }
        reserved.addAll(ours(workspaceId, unknown));
        return reserved;
    }

    /** Binds one reservation from parameter {@code first} on; answers the parameter after it. */
    private static int bind(
            PreparedStatement insert, int first, WorkspaceId workspaceId, Reservation r, OffsetDateTime at)
            throws SQLException {
        insert.setString(first, workspaceId.value());
        insert.setString(first + 1, r.key().value());
        insert.setString(first + 2, r.fingerprint());
        insert.setInt(first + 3, r.answer().code());
        insert.setString(first + 4, r.answer().body());
        insert.setObject(first + 5, at);
        return first + 6;
    }

    private static Set<IdempotencyKey> keysOf(List<Reservation> reservations) {
        Set<IdempotencyKey> keys = new HashSet<>();
        reservations.forEach(r -> keys.add(r.key()));
        return keys;
    }

    /**
     * Which of {@code reservations} went in, where the insert could not say row by row (a multi-row statement, or a
     * driver that rewrites batches): a stored answer names its send, so the rows holding our answers are ours.
     */
    private Set<IdempotencyKey> ours(WorkspaceId workspaceId, List<Reservation> reservations) {
        if (reservations.isEmpty()) {
            return Set.of();
        }
        Map<IdempotencyKey, StoredAnswer> stored =
                findAll(workspaceId, reservations.stream().map(Reservation::key).toList());
        Set<IdempotencyKey> ours = new HashSet<>();
        reservations.stream()
                .filter(r -> stored.containsKey(r.key())
                        && stored.get(r.key()).answer().equals(r.answer()))
                .forEach(r -> ours.add(r.key()));
        return ours;
    }

    /** Runs the batch; a key another transaction holds counts as not reserved (0), never as a failure. */
    private static int[] execute(PreparedStatement insert, int size) throws SQLException {
        try {
            return insert.executeBatch();
        } catch (BatchUpdateException e) {
            // A database that does not wait for a key's holder (DatabaseDialect) fails those rows and goes on with
            // the rest of the batch; anything else (a lost connection) is a real failure and must not pass for a
            // taken key.
            int[] counts = e.getUpdateCounts();
            if (!KeyContention.heldByAnother(e) || counts == null || counts.length < size) {
                throw e;
            }
            int[] reserved = counts.clone();
            for (int i = 0; i < reserved.length; i++) {
                if (reserved[i] == Statement.EXECUTE_FAILED) {
                    reserved[i] = 0;
                }
            }
            return reserved;
        }
    }

    @Override
    public Optional<StoredAnswer> find(WorkspaceId workspaceId, IdempotencyKey key) {
        return Optional.ofNullable(findAll(workspaceId, List.of(key)).get(key));
    }

    @Override
    public Map<IdempotencyKey, StoredAnswer> findAll(WorkspaceId workspaceId, Collection<IdempotencyKey> keys) {
        Map<IdempotencyKey, StoredAnswer> found = new HashMap<>();
        TransactionConnection.selectIn(
                        em,
                        FIND,
                        workspaceId.value(),
                        keys.stream().map(IdempotencyKey::value).toList(),
                        row -> Map.entry(
                                new IdempotencyKey(row.getString(1)),
                                new StoredAnswer(
                                        row.getString(2),
                                        new FirstAnswer(row.getInt(3), row.getString(4)),
                                        Times.instant(row.getObject(5, OffsetDateTime.class)))))
                .forEach(entry -> found.put(entry.getKey(), entry.getValue()));
        return found;
    }

    @Override
    public int purgeRecordedBefore(Instant cutoff) {
        return TransactionConnection.update(
                em, PURGE, delete -> delete.setObject(1, Times.column(cutoff), Types.TIMESTAMP_WITH_TIMEZONE));
    }
}
