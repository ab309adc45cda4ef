package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.SendStatistics;
import io.segmentflow.application.statistics.Backlog;
import io.segmentflow.application.statistics.SendEvent;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Counts the outbox per minute in the database, each count read through an index that holds only the window's rows
 * (migration V18), so that the cost follows the window's sends and not the table's size: acceptances by the
 * workspace's ids (time-ordered, so a range of ids is a range of times), endings by the partial index of finished
 * sends, deferrals by the partial index of failed-for-now attempts. The backlog comes from the partial index of sends
 * not yet delivered.
 */
@ApplicationScoped
public class JpaSendStatistics implements SendStatistics {
    /** Minutes as whole numbers since the epoch: the same in every time zone and in both databases. */
    private static final String MINUTE_OF = "FLOOR(EXTRACT(EPOCH FROM %s) / 60)";

    private static final String ACCEPTED = "SELECT at_minute, COUNT(*) AS sends FROM (SELECT "
            + MINUTE_OF.formatted("created_at") + " AS at_minute FROM email_sends"
            + " WHERE workspace_id = ? AND id >= ? AND created_at >= ?) accepted GROUP BY at_minute";

    private static final String FINISHED = "SELECT at_minute, status, COUNT(*) AS sends FROM (SELECT "
            + MINUTE_OF.formatted("updated_at") + " AS at_minute, status FROM email_sends"
            + " WHERE workspace_id = ? AND updated_at >= ? AND status IN ('sent', 'failed', 'skipped')) finished"
            + " GROUP BY at_minute, status";

    private static final String DEFERRED = "SELECT at_minute, COUNT(*) AS sends FROM (SELECT "
            + MINUTE_OF.formatted("a.finished_at") + " AS at_minute FROM email_send_attempts a"
            + " JOIN email_sends e ON e.id = a.email_send_id"
            + " WHERE a.result = 'temporary_failure' AND a.finished_at >= ? AND e.workspace_id = ?) deferred"
            + " GROUP BY at_minute";

    // One count per status, so that each reads the partial index that holds only that status's sends.
    private static final String BACKLOG =
            "SELECT 'queued' AS status, COUNT(*) AS sends, MIN(next_attempt_at) AS oldest_due"
                    + " FROM email_sends WHERE workspace_id = ? AND status = 'queued'"
                    + " UNION ALL SELECT 'processing', COUNT(*), MIN(next_attempt_at)"
                    + " FROM email_sends WHERE workspace_id = ? AND status = 'processing'";

    /** Ids carry their time to the millisecond; a send's creation time may come a little after its id's. */
    private static final Duration ID_MARGIN = Duration.ofMinutes(1);

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    /** The dashboard reads outside any transaction. */
    @Resource(lookup = "jdbc/segmentflow")
    DataSource dataSource;

    @Override
    public List<Count> perMinute(WorkspaceId workspaceId, Instant since) {
        List<Count> counts = new ArrayList<>(TransactionConnection.selectInOrOutOfTransaction(
                em,
                dataSource,
                ACCEPTED,
                select -> {
                    select.setString(1, workspaceId.value());
                    select.setString(2, Identifier.lowestAt("em", since.minus(ID_MARGIN)));
                    select.setObject(3, Times.column(since), Types.TIMESTAMP_WITH_TIMEZONE);
                },
                row -> new Count(minute(row.getLong("at_minute")), SendEvent.ACCEPTED, row.getLong("sends"))));
        counts.addAll(TransactionConnection.selectInOrOutOfTransaction(
                em,
                dataSource,
                FINISHED,
                select -> {
                    select.setString(1, workspaceId.value());
                    select.setObject(2, Times.column(since), Types.TIMESTAMP_WITH_TIMEZONE);
                },
                row -> new Count(
                        minute(row.getLong("at_minute")),
                        SendEvent.valueOf(row.getString("status").toUpperCase(Locale.ROOT)),
                        row.getLong("sends"))));
        counts.addAll(TransactionConnection.selectInOrOutOfTransaction(
                em,
                dataSource,
                DEFERRED,
                select -> {
                    select.setObject(1, Times.column(since), Types.TIMESTAMP_WITH_TIMEZONE);
                    select.setString(2, workspaceId.value());
                },
                row -> new Count(minute(row.getLong("at_minute")), SendEvent.DEFERRED, row.getLong("sends"))));
        return counts;
    }

    private static Instant minute(long epochMinute) {
        return Instant.ofEpochSecond(epochMinute * 60);
    }

    private record StatusCount(String status, long sends, Instant oldestDue) {}

    @Override
    public Backlog backlog(WorkspaceId workspaceId) {
        List<StatusCount> counts = TransactionConnection.selectInOrOutOfTransaction(
                em,
                dataSource,
                BACKLOG,
                select -> {
                    select.setString(1, workspaceId.value());
                    select.setString(2, workspaceId.value());
                },
                row -> new StatusCount(
                        row.getString("status"),
                        row.getLong("sends"),
                        Times.instant(row.getObject("oldest_due", OffsetDateTime.class))));
        long queued = 0;
        long processing = 0;
        Instant oldestDue = null;
        for (StatusCount count : counts) {
            if (count.status().equals("queued")) {
                queued = count.sends();
                oldestDue = count.oldestDue();
            } else {
                processing = count.sends();
            }
        }
        return new Backlog(queued, processing, oldestDue);
    }
}
