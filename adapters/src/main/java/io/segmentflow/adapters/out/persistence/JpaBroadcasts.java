package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.Broadcasts;
import io.segmentflow.domain.broadcast.Broadcast;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Broadcasts in {@code broadcasts}, through {@link BroadcastRow}. */
@ApplicationScoped
public class JpaBroadcasts implements Broadcasts {
    private static final String INSERT = BroadcastRow.ALL.insertInto(BroadcastRow.TABLE);
    private static final String UPDATE = BroadcastRow.STATE.update(BroadcastRow.TABLE) + " WHERE id = ?";
    private static final String FIND = "SELECT * FROM broadcasts WHERE id = ? AND workspace_id = ?";
    private static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";
    private static final String LIST = "SELECT * FROM broadcasts WHERE workspace_id = ? ORDER BY id LIMIT ?";
    private static final String LIST_AFTER =
            "SELECT * FROM broadcasts WHERE workspace_id = ? AND id > ? ORDER BY id LIMIT ?";
    private static final String LATEST = "SELECT * FROM broadcasts WHERE workspace_id = ? ORDER BY id DESC LIMIT ?";
    // SKIP LOCKED: the schedulers of several nodes claim disjoint Broadcasts without waiting on each other.
    private static final String CLAIM_DUE = "SELECT * FROM broadcasts WHERE status = 'scheduled' AND send_at <= ?"
            + " ORDER BY send_at LIMIT ? FOR UPDATE SKIP LOCKED";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    /** For the API's reads, made outside any transaction. */
    @Resource(lookup = "jdbc/segmentflow")
    DataSource dataSource;

    @Override
    public void add(Broadcast broadcast) {
        TransactionConnection.update(em, INSERT, insert -> BroadcastRow.ALL.bind(insert, 1, broadcast));
    }

    @Override
    public void update(Broadcast broadcast) {
        TransactionConnection.update(em, UPDATE, update -> {
            int next = BroadcastRow.STATE.bind(update, 1, broadcast);
            update.setString(next, broadcast.id());
        });
    }

    @Override
    public Optional<Broadcast> find(WorkspaceId workspaceId, String id) {
        return TransactionConnection.findInWorkspace(em, dataSource, FIND, id, workspaceId.value(), BroadcastRow::read);
    }

    @Override
    public Optional<Broadcast> findForUpdate(WorkspaceId workspaceId, String id) {
        return TransactionConnection.select(
                        em,
                        FIND_FOR_UPDATE,
                        select -> {
                            select.setString(1, id);
                            select.setString(2, workspaceId.value());
                        },
                        BroadcastRow::read)
                .stream()
                .findFirst();
    }

    @Override
    public List<Broadcast> list(WorkspaceId workspaceId, String afterId, int limit) {
        return TransactionConnection.selectInOrOutOfTransaction(
                em,
                dataSource,
                afterId == null ? LIST : LIST_AFTER,
                select -> {
                    int next = 1;
                    select.setString(next++, workspaceId.value());
                    if (afterId != null) {
                        select.setString(next++, afterId);
                    }
                    select.setInt(next, limit);
                },
                BroadcastRow::read);
    }

    @Override
    public List<Broadcast> latest(WorkspaceId workspaceId, int limit) {
        return TransactionConnection.selectInOrOutOfTransaction(
                em,
                dataSource,
                LATEST,
                select -> {
                    select.setString(1, workspaceId.value());
                    select.setInt(2, limit);
                },
                BroadcastRow::read);
    }

    @Override
    public List<Broadcast> claimDue(Instant now, int limit) {
        return TransactionConnection.select(
                em,
                CLAIM_DUE,
                select -> {
                    select.setObject(1, Times.column(now));
                    select.setInt(2, limit);
                },
                BroadcastRow::read);
    }
}
