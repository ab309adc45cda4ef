package io.segmentflow.adapters.in.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.segmentflow.adapters.FiredEvents;
import io.segmentflow.adapters.PostgreSqlAddress;
import io.segmentflow.adapters.shared.KeyRevokedChannel;
import io.segmentflow.adapters.shared.SendsQueuedChannel;
import io.segmentflow.application.access.HearKeyRevocationsUseCase;
import io.segmentflow.application.email.DeliveryDue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL: another node's notification wakes this node's workers and this node's own does not; a revoked key,
 * told by any node, is heard as such; and when the database ends the listener's connection, the node stops trusting
 * the keys it keeps, connects again by itself, wakes the workers, and hears again.
 */
class OtherNodesListenerTest {
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    /** Names this test's listener in pg_stat_activity, apart from any other on the same database. */
    private final String applicationName = "segmentflow listener test " + UUID.randomUUID();

    private final FiredEvents<DeliveryDue> woken = new FiredEvents<>();
    private final HeardRevocations revocations = new HeardRevocations();
    private final OtherNodesListener listener = new OtherNodesListener();
    private PostgreSqlAddress database;
    private Connection otherNode;

    @BeforeEach
    void listen() throws Exception {
        database = PostgreSqlAddress.fromEnvironment().orElse(null);
        assumeTrue(database != null, "needs PostgreSQL");
        otherNode = database.connect();
        listener.threads = Thread::new;
        listener.due = woken;
        listener.access = revocations;
        listener.start(database.url(), database.user(), database.password(), applicationName);
        assertThat(nextWakeUp())
                .as("a wake-up once it listens, for sends told while no one listened")
                .isNotNull();
        assertThat(revocations.next()).isEqualTo("hears revocations");
    }

    @AfterEach
    void stop() throws Exception {
        listener.stop();
        if (otherNode != null) {
            otherNode.close();
        }
    }

    @Test
    void another_nodes_sends_wake_the_workers_and_this_nodes_own_do_not() throws Exception {
        notify(SendsQueuedChannel.THIS_NODE);
        // Apart, so that this node's own is heard alone and not in one batch with the next.
        execute("SELECT pg_sleep(0.3)");
        notify("another node");

        assertThat(nextWakeUp()).isEqualTo(new DeliveryDue.SendsQueued());
        notify("a third node");
        assertThat(nextWakeUp()).isNotNull();
        // Notifications arrive in commit order: a wake-up for this node's own would have come before these two.
        assertThat(woken.waiting())
                .as("no wake-up for this node's own notification")
                .isZero();
    }

    @Test
    void a_key_revoked_by_any_node_is_heard_and_wakes_no_worker() throws Exception {
        try (PreparedStatement notify = otherNode.prepareStatement("SELECT pg_notify(?, '')")) {
            notify.setString(1, KeyRevokedChannel.NAME);
            notify.execute();
        }

        assertThat(revocations.next()).isEqualTo("key revoked elsewhere");
        notify("another node");
        assertThat(nextWakeUp()).isNotNull();
        assertThat(woken.waiting()).as("no wake-up for the revocation").isZero();
    }

    @Test
    void the_listener_connects_again_after_the_database_ended_its_connection() throws Exception {
        int first = listenerBackend();

        try (PreparedStatement end = otherNode.prepareStatement("SELECT pg_terminate_backend(?)")) {
            end.setInt(1, first);
            end.execute();
        }

        assertThat(revocations.next())
                .as("keys read from the database again the moment it stops listening")
                .isEqualTo("hears no revocations");
        assertThat(revocations.next()).as("kept again once it listens again").isEqualTo("hears revocations");
        assertThat(nextWakeUp()).as("a wake-up once it listens again").isNotNull();
        assertThat(listenerBackend()).isNotEqualTo(first);
        notify("another node");
        assertThat(nextWakeUp())
                .as("another node's sends heard on the new connection")
                .isNotNull();
    }

    @Test
    void a_stopped_listener_no_longer_trusts_the_keys_kept() throws Exception {
        listener.stop();

        assertThat(revocations.next()).isEqualTo("hears no revocations");
    }

    /** What the listener told of revocations, in order. */
    private static final class HeardRevocations implements HearKeyRevocationsUseCase {
        private final BlockingQueue<String> told = new LinkedBlockingQueue<>();

        @Override
        public void hearsRevocations(boolean hears) {
            told.add(hears ? "hears revocations" : "hears no revocations");
        }

        @Override
        public void keyRevokedElsewhere() {
            told.add("key revoked elsewhere");
        }

        String next() throws InterruptedException {
            return told.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private DeliveryDue nextWakeUp() throws InterruptedException {
        FiredEvents.Fired<DeliveryDue> fired = woken.next(PATIENCE);
        return fired == null ? null : fired.event();
    }

    private void notify(String node) throws Exception {
        try (PreparedStatement notify = otherNode.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, SendsQueuedChannel.NAME);
            notify.setString(2, node);
            notify.execute();
        }
    }

    private void execute(String sql) throws Exception {
        try (PreparedStatement statement = otherNode.prepareStatement(sql)) {
            statement.execute();
        }
    }

    /** The backend process of this test's listener. */
    private int listenerBackend() throws Exception {
        try (PreparedStatement find = otherNode.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE application_name = ? AND datname = current_database()")) {
            find.setString(1, applicationName);
            try (ResultSet backend = find.executeQuery()) {
                assertThat(backend.next()).as("the listener's connection").isTrue();
                return backend.getInt(1);
            }
        }
    }
}
