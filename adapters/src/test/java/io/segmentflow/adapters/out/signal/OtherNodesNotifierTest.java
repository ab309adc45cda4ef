package io.segmentflow.adapters.out.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.segmentflow.adapters.PostgreSqlAddress;
import io.segmentflow.adapters.shared.SendsQueuedChannel;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Sends committed while a notification is due make no more of it: the one that goes out tells of them all, with
 * this node's mark; on the embedded database nothing is sent.
 */
class OtherNodesNotifierTest {
    private final CapturingScheduler scheduler = new CapturingScheduler();
    private final OtherNodesNotifier notifier = new OtherNodesNotifier();

    {
        notifier.scheduler = scheduler;
    }

    @Test
    void many_sends_make_one_notification_until_it_went_out() throws Exception {
        PostgreSqlAddress database = PostgreSqlAddress.fromEnvironment().orElse(null);
        assumeTrue(database != null, "needs PostgreSQL");
        notifier.dataSource = database.dataSource();
        try (Connection otherNode = database.connect()) {
            execute(otherNode, "LISTEN " + SendsQueuedChannel.NAME);

            for (int i = 0; i < 1000; i++) {
                notifier.sendsQueued();
            }
            assertThat(scheduler.tasks())
                    .as("one notification due for a thousand sends")
                    .hasSize(1);
            assertThat(scheduler.tasks().get(0).delayNanos()).isZero();

            scheduler.tasks().get(0).task().run();
            execute(otherNode, "SELECT pg_notify('" + SendsQueuedChannel.NAME + "', 'end of the test')");
            assertThat(heardUntilTheEnd(otherNode)).containsExactly(SendsQueuedChannel.THIS_NODE);

            notifier.sendsQueued();
            assertThat(scheduler.tasks())
                    .as("a send after it went out makes the next")
                    .hasSize(2);
            assertThat(scheduler.tasks().get(1).delayNanos()).isLessThanOrEqualTo(OtherNodesNotifier.SPACING.toNanos());
        }
    }

    @Test
    void on_the_embedded_database_nothing_is_sent_once_it_is_known() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:other_nodes_notifier;MODE=PostgreSQL");
        notifier.dataSource = h2;

        notifier.sendsQueued();
        scheduler.tasks().get(0).task().run();
        notifier.sendsQueued();
        notifier.sendsQueued();

        assertThat(scheduler.tasks())
                .as("only the first look at which database it is")
                .hasSize(1);
    }

    /** The payloads heard, in order, up to the one that ends the test. */
    private static List<String> heardUntilTheEnd(Connection connection) throws Exception {
        List<String> payloads = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            PGNotification[] heard = connection.unwrap(PGConnection.class).getNotifications(1000);
            for (PGNotification notification : heard == null ? new PGNotification[0] : heard) {
                if (notification.getParameter().equals("end of the test")) {
                    return payloads;
                }
                payloads.add(notification.getParameter());
            }
        }
        throw new AssertionError("the test's own notification never came; heard " + payloads);
    }

    private static void execute(Connection connection, String sql) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
