package io.segmentflow.adapters.in.nodes;

import io.segmentflow.adapters.shared.DatabaseOutage;
import io.segmentflow.adapters.shared.KeyRevokedChannel;
import io.segmentflow.adapters.shared.SendsQueuedChannel;
import io.segmentflow.application.access.HearKeyRevocationsUseCase;
import io.segmentflow.application.email.DeliveryDue;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens on {@link SendsQueuedChannel} and wakes this node's delivery workers, with the same
 * {@link DeliveryDue.SendsQueued} event a send committed here fires, when another node committed sends. So a send
 * accepted by one node is delivered by the first idle worker of any node, not at that node's next poll.
 *
 * <p>Listens on {@link KeyRevokedChannel} too: while it does, this node keeps active API keys in memory, and forgets
 * them when any node revokes a key ({@link HearKeyRevocationsUseCase}). The moment it stops listening,
 * keys are read from the database again.
 *
 * <p>On a connection of its own, outside the container's pool: it is held for as long as the node runs, and a pool
 * that found it dead would empty itself. When the connection fails (the database restarted, the backend was ended)
 * a new one is made, sooner and then less often, and the workers are woken once it listens, since a send committed
 * meanwhile was told to no one. A connection that hears nothing for a while is checked, so one the network lost
 * without a word is found too. The poll stays the safety net throughout.
 */
@ApplicationScoped
public class OtherNodesListener {
    private static final Logger LOG = Logger.getLogger(OtherNodesListener.class.getName());

    /** How long one wait for notifications lasts: bounds how long stopping takes. */
    static final Duration WAIT = Duration.ofMillis(500);
    /** How long the connection may stay quiet before it is checked. */
    static final Duration CHECK_AFTER_QUIET = Duration.ofSeconds(30);

    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(5);
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    /** Managed threads of their own, for a loop that never returns (see the delivery workers). */
    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ThreadFactory threads;

    @Inject
    Event<DeliveryDue> due;

    @Inject
    HearKeyRevocationsUseCase access;

    private final Object lifecycle = new Object();
    private volatile boolean running;
    private Thread listening;

    /**
     * Starts listening through the PostgreSQL database at {@code url} (a {@code jdbc:postgresql:} URL), as the
     * given user; the connection says who it is to the database as the application name {@code applicationName}.
     */
    public void start(String url, String user, String password, String applicationName) {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("tcpKeepAlive", "true");
        synchronized (lifecycle) {
            running = true;
            listening = threads.newThread(() -> listen(url, properties));
            listening.setName("segmentflow-other-nodes");
            listening.start();
        }
        LOG.info(() -> "Listening for sends committed and API keys revoked by other nodes (PostgreSQL channels "
                + SendsQueuedChannel.NAME + ", " + KeyRevokedChannel.NAME + ")");
    }

    private void listen(String url, Properties properties) {
        long retry = FIRST_RETRY.toMillis();
        boolean away = false;
        while (running) {
            try (Connection connection = new org.postgresql.Driver().connect(url, properties)) {
                if (connection == null) {
                    throw new SQLException("not a PostgreSQL URL: " + url);
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + SendsQueuedChannel.NAME);
                    statement.execute("LISTEN " + KeyRevokedChannel.NAME);
                }
                // Keys revoked while no one listened were told to no one either: what was kept is forgotten.
                access.hearsRevocations(true);
                if (away) {
                    LOG.info("listening again for sends committed and API keys revoked by other nodes");
                    away = false;
                }
                retry = FIRST_RETRY.toMillis();
                // Sends committed while no one listened were told to no one.
                wakeWorkers();
                hear(connection);
            } catch (SQLException | RuntimeException e) {
                // Revocations may go unheard from now on.
                access.hearsRevocations(false);
                if (!running) {
                    return;
                }
                if (!away) {
                    String reason = DatabaseOutage.reason(e);
                    LOG.warning(
                            () -> "stopped hearing from other nodes (meanwhile their sends are found at the next poll,"
                                    + " and API keys are read for each request); connecting again: " + reason);
                    away = true;
                }
                pause(retry);
                retry = Math.min(retry * 2, LONGEST_RETRY.toMillis());
            }
        }
        access.hearsRevocations(false);
    }

    /** Until the connection fails or the node stops, wakes the workers for each batch of other nodes' news. */
    private void hear(Connection connection) throws SQLException {
        PGConnection postgreSql = connection.unwrap(PGConnection.class);
        long quietSince = System.nanoTime();
        while (running) {
            PGNotification[] heard = postgreSql.getNotifications((int) WAIT.toMillis());
            if (heard != null && heard.length > 0) {
                quietSince = System.nanoTime();
                if (anyKeyRevoked(heard)) {
                    access.keyRevokedElsewhere();
                }
                if (sendsFromAnotherNode(heard)) {
                    wakeWorkers();
                }
            } else if (System.nanoTime() - quietSince > CHECK_AFTER_QUIET.toNanos()) {
                if (!connection.isValid(CONNECT_TIMEOUT_SECONDS)) {
                    throw new SQLException("the listening connection stopped answering", "08006");
                }
                quietSince = System.nanoTime();
            }
        }
    }

    private static boolean sendsFromAnotherNode(PGNotification[] heard) {
        for (PGNotification notification : heard) {
            if (SendsQueuedChannel.NAME.equals(notification.getName())
                    && !SendsQueuedChannel.THIS_NODE.equals(notification.getParameter())) {
                return true;
            }
        }
        return false;
    }

    /** This node's own revocations too: they were forgotten at their commit already, once more does no harm. */
    private static boolean anyKeyRevoked(PGNotification[] heard) {
        for (PGNotification notification : heard) {
            if (KeyRevokedChannel.NAME.equals(notification.getName())) {
                return true;
            }
        }
        return false;
    }

    private void wakeWorkers() {
        due.fire(new DeliveryDue.SendsQueued());
    }

    private void pause(long millis) {
        synchronized (lifecycle) {
            if (running) {
                try {
                    lifecycle.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    /** Stops listening; the connection is closed within one {@link #WAIT}. */
    @PreDestroy
    public void stop() {
        Thread listener;
        synchronized (lifecycle) {
            running = false;
            lifecycle.notifyAll();
            listener = listening;
        }
        if (listener != null) {
            try {
                listener.join(2 * WAIT.toMillis() + 100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
