package io.segmentflow.adapters.out.signal;

import io.segmentflow.adapters.shared.DatabaseDialect;
import io.segmentflow.adapters.shared.SendsQueuedChannel;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Tells the other nodes on the same PostgreSQL database that sends were committed, with {@code pg_notify} on
 * {@link SendsQueuedChannel}, so that their workers look at once rather than at their next poll.
 *
 * <p>After the commit, not in the accepting transaction: PostgreSQL serialises the commits of all transactions that
 * notify, which would cost every send a turn at one lock. And coalesced: the caller only raises a flag; one
 * notification goes out on the container's scheduler, at most one per {@link #SPACING}, for every send committed
 * before it, so a thousand sends a second cost a hundred notifications, not a thousand. A notification that cannot
 * be sent (the database is away) is dropped: the others' poll is the safety net. On another database (the
 * embedded H2) there are no other nodes, and nothing is sent.
 */
@ApplicationScoped
public class OtherNodesNotifier {
    private static final Logger LOG = Logger.getLogger(OtherNodesNotifier.class.getName());

    /** The shortest time between two notifications of one node; what a send may wait for its turn at most. */
    static final Duration SPACING = Duration.ofMillis(10);

    @Resource(lookup = "jdbc/segmentflow")
    DataSource dataSource;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ScheduledExecutorService scheduler;

    /** Whether a notification is due and not yet sent: it will tell of every send committed until it goes out. */
    private final AtomicBoolean due = new AtomicBoolean();

    private volatile long lastSentNanos = System.nanoTime() - SPACING.toNanos();
    /** Null until the first notification has seen which database this is. */
    private volatile Boolean postgreSql;

    /** Called after the commit of new sends, on the accepting thread: no more than a flag, most of the time. */
    void sendsQueued() {
        if (Boolean.FALSE.equals(postgreSql) || !due.compareAndSet(false, true)) {
            return;
        }
        long wait = lastSentNanos + SPACING.toNanos() - System.nanoTime();
        try {
            if (wait <= 0) {
                scheduler.execute(this::notifyOtherNodes);
            } else {
                scheduler.schedule(this::notifyOtherNodes, wait, TimeUnit.NANOSECONDS);
            }
        } catch (RejectedExecutionException e) {
            // The application is stopping: the other nodes find the sends at their next poll.
            due.set(false);
        }
    }

    private void notifyOtherNodes() {
        // Lowered before the notification goes out: a send committed from here on is told by the next one.
        due.set(false);
        lastSentNanos = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            if (postgreSql == null) {
                postgreSql = DatabaseDialect.of(connection) == DatabaseDialect.POSTGRESQL;
            }
            if (postgreSql) {
                // A notification takes a transaction id, so its commit would wait for a flush of the log like a
                // send's; nothing in it needs to survive a crash, so it does not wait.
                try (PreparedStatement notify = connection.prepareStatement(
                        "SELECT set_config('synchronous_commit', 'off', true), pg_notify(?, ?)")) {
                    notify.setString(1, SendsQueuedChannel.NAME);
                    notify.setString(2, SendsQueuedChannel.THIS_NODE);
                    notify.execute();
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.fine(() -> "could not tell other nodes of queued sends; they find them at their next poll: " + e);
        }
    }
}
