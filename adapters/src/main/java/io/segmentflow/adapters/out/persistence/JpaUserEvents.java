package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.UserEvents;
import io.segmentflow.domain.event.UserEvent;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Tracked events in {@code user_events}, through {@link UserEventRow}. */
@ApplicationScoped
public class JpaUserEvents implements UserEvents {
    private static final MultiRowInsert ADD = UserEventRow.ALL.insertsInto(UserEventRow.TABLE, "");
    private static final String FIND = "SELECT * FROM user_events WHERE id = ? AND workspace_id = ?";
    private static final String DATA =
            "SELECT id, data FROM user_events WHERE workspace_id = ? AND data IS NOT NULL AND id IN (";
    /** An event whose run has not ended keeps its data: the run's emails still render it. */
    private static final String ERASE_EXPIRED = "UPDATE user_events SET data = NULL WHERE received_at < ?"
            + " AND data IS NOT NULL AND NOT EXISTS (SELECT 1 FROM journey_runs r"
            + " WHERE r.event_id = user_events.id AND r.due_at IS NOT NULL)";

    private static final String ERASE_OF_PROFILE =
            "UPDATE user_events SET data = NULL WHERE workspace_id = ? AND profile_id = ? AND data IS NOT NULL";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    /** For the API's reads, made outside any transaction. */
    @Resource(lookup = "jdbc/segmentflow")
    DataSource dataSource;

    @Override
    public void addAll(List<UserEvent> events) {
        TransactionConnection.insertRows(em, ADD, events, UserEventRow.ALL::bind);
    }

    @Override
    public Optional<UserEvent> find(WorkspaceId workspaceId, String id) {
        return TransactionConnection.findInWorkspace(em, dataSource, FIND, id, workspaceId.value(), UserEventRow::read);
    }

    @Override
    public List<UserEvent> search(WorkspaceId workspaceId, Search search, String beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM user_events WHERE workspace_id = ?");
        List<String> values = new ArrayList<>();
        values.add(workspaceId.value());
        if (search.profileId() != null) {
            sql.append(" AND profile_id = ?");
            values.add(search.profileId());
        }
        if (search.name() != null) {
            sql.append(" AND name = ?");
            values.add(search.name().value());
        }
        if (search.referenceId() != null) {
            sql.append(" AND reference_id = ?");
            values.add(search.referenceId());
        }
        if (beforeId != null) {
            sql.append(" AND id < ?");
            values.add(beforeId);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        return TransactionConnection.selectInOrOutOfTransaction(
                em,
                dataSource,
                sql.toString(),
                select -> {
                    for (int i = 0; i < values.size(); i++) {
                        select.setString(i + 1, values.get(i));
                    }
                    select.setInt(values.size() + 1, limit);
                },
                UserEventRow::read);
    }

    @Override
    public Map<String, String> dataOf(WorkspaceId workspaceId, Collection<String> ids) {
        Map<String, String> data = new HashMap<>();
        TransactionConnection.selectIn(
                        em, DATA, workspaceId.value(), ids, row -> Map.entry(row.getString(1), row.getString(2)))
                .forEach(entry -> data.put(entry.getKey(), entry.getValue()));
        return data;
    }

    @Override
    public int eraseDataReceivedBefore(Instant cutoff) {
        return TransactionConnection.update(em, ERASE_EXPIRED, update -> update.setObject(1, Times.column(cutoff)));
    }

    @Override
    public int eraseDataOf(WorkspaceId workspaceId, String profileId) {
        return TransactionConnection.update(em, ERASE_OF_PROFILE, update -> {
            update.setString(1, workspaceId.value());
            update.setString(2, profileId);
        });
    }
}
