package io.segmentflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmentflow.adapters.in.batch.FanOutRestarts;
import io.segmentflow.adapters.shared.FanOutJob;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.CarrierType;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.annotation.Resource;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.enterprise.inject.spi.CDI;
import java.io.File;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fan-out job in the container, driven through the JobOperator: started, stopped in the middle, restarted, and
 * then every Profile of the audience has exactly one EmailSend, queued when it may be mailed and skipped with the
 * reason when not; and a Broadcast left sending with no job is fanned out by the start-up's check. The application is
 * deployed a second time beside the integration-test server's own, with this
 * test in it; the audience and the Broadcast are written with SQL.
 */
@ExtendWith(ArquillianExtension.class)
class FanOutJobArqIT {
    private static final int PROFILES = 3000;
    /** Small chunks, so that the job is still running when it is stopped. */
    private static final String CHUNK_SIZE = "5";

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @Deployment
    static WebArchive application() {
        return ShrinkWrap.create(ZipImporter.class, "fan-out-job-test.war")
                .importFrom(new File(System.getProperty("segmentflow.it.war")))
                .as(WebArchive.class)
                .addClass(FanOutJobArqIT.class);
    }

    @Resource(lookup = "jdbc/segmentflow")
    DataSource database;

    @Test
    void a_stopped_fan_out_restarted_gives_every_profile_exactly_one_send_and_the_ineligible_their_reasons()
            throws Exception {
        // given: an opt-in group's audience: one in ten unsubscribed, one in fifty never subscribed, one in forty
        // suppressed, and a Broadcast to all of it that is sending
        String run = Long.toString(System.nanoTime(), 36);
        CarrierRef broadcast = new CarrierRef(new WorkspaceId("ws_arq" + run), CarrierType.BROADCAST, "bc_arq" + run);
        Map<String, Integer> expected = audience(run, broadcast);

        // when: the job starts, is stopped once some of its chunks are committed, and is restarted
        JobOperator jobs = BatchRuntime.getJobOperator();
        Properties parameters = FanOutJob.parameters(broadcast);
        parameters.setProperty("chunkSize", CHUNK_SIZE);
        parameters.setProperty("partitions", "2");
        long first = jobs.start(FanOutJob.NAME, parameters);
        await("100 sends written", () -> sendsOf(broadcast) >= 100);
        jobs.stop(first);
        await("the first execution stopped", () -> jobs.getJobExecution(first).getBatchStatus() == BatchStatus.STOPPED);
        long writtenWhenStopped = sendsOf(broadcast);
        String statusWhenStopped = carrierStatus(broadcast);
        long second = jobs.restart(first, parameters);
        await(
                "the restarted execution ended",
                () -> jobs.getJobExecution(second).getBatchStatus().ordinal() >= BatchStatus.STOPPED.ordinal());

        // then
        assertTrue(
                writtenWhenStopped >= 100 && writtenWhenStopped < PROFILES,
                "stopped in the middle: " + writtenWhenStopped + " of " + PROFILES + " written");
        assertEquals("sending", statusWhenStopped, "a stopped fan-out leaves its Broadcast sending");
        assertEquals(BatchStatus.COMPLETED, jobs.getJobExecution(second).getBatchStatus());
        assertEquals(
                PROFILES,
                count("SELECT COUNT(DISTINCT profile_id) FROM email_sends WHERE carrier_id = ?", broadcast.id()),
                "every Profile has a send");
        assertEquals(PROFILES, sendsOf(broadcast), "no Profile has two");
        assertEquals(expected, outcomes(broadcast));
        assertEquals(
                0,
                count(
                        "SELECT COUNT(*) FROM email_sends WHERE carrier_id = ? AND (priority <> 1"
                                + " OR subscription_group_id IS NULL OR carrier_type <> 'broadcast')",
                        broadcast.id()),
                "every send is an audience send of the Broadcast under its group");
        assertEquals("sent", carrierStatus(broadcast));
        assertEquals(PROFILES, count("SELECT written FROM broadcasts WHERE id = ?", broadcast.id()));
    }

    @Test
    void a_broadcast_left_sending_with_no_job_is_fanned_out_by_the_start_up_check() throws Exception {
        // given: a Broadcast that moved to sending a few minutes ago, whose job was never started (the server stopped
        // between the commit and the job's start)
        String run = Long.toString(System.nanoTime(), 36);
        CarrierRef broadcast = new CarrierRef(new WorkspaceId("ws_arq" + run), CarrierType.BROADCAST, "bc_arq" + run);
        Map<String, Integer> expected = audience(run, broadcast);
        try (Connection c = database.getConnection();
                PreparedStatement started = c.prepareStatement("UPDATE broadcasts SET started_at = ? WHERE id = ?")) {
            started.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5));
            started.setString(2, broadcast.id());
            started.executeUpdate();
        }
        assertEquals(List.of(), jobsOf(broadcast), "no job was started for it");

        // when: the start-up's check runs
        CDI.current().select(FanOutRestarts.class).get().restartUnfinished();

        // then: a job fans it out, every Profile gets exactly one send, and the Broadcast is sent
        await("the Broadcast sent", () -> "sent".equals(carrierStatus(broadcast)));
        assertEquals(PROFILES, sendsOf(broadcast), "every Profile has one send");
        assertEquals(
                PROFILES,
                count("SELECT COUNT(DISTINCT profile_id) FROM email_sends WHERE carrier_id = ?", broadcast.id()));
        assertEquals(expected, outcomes(broadcast));
        assertTrue(!jobsOf(broadcast).isEmpty(), "a fan-out job was started for it");
    }

    /** The fan-out job executions started for the carrier, by id. */
    private static List<Long> jobsOf(CarrierRef carrier) {
        JobOperator jobs = BatchRuntime.getJobOperator();
        if (!jobs.getJobNames().contains(FanOutJob.NAME)) {
            return List.of();
        }
        List<Long> executions = new ArrayList<>();
        for (JobInstance instance : jobs.getJobInstances(FanOutJob.NAME, 0, jobs.getJobInstanceCount(FanOutJob.NAME))) {
            for (JobExecution execution : jobs.getJobExecutions(instance)) {
                if (carrier.id().equals(execution.getJobParameters().getProperty(FanOutJob.CARRIER_ID))) {
                    executions.add(execution.getExecutionId());
                }
            }
        }
        return executions;
    }

    /**
     * Writes the audience and the Broadcast; answers how many sends each outcome should have: {@code eligible} for the
     * Profiles that may be mailed, and each reason a skipped send gives.
     */
    private Map<String, Integer> audience(String run, CarrierRef broadcast) throws SQLException {
        String workspace = broadcast.workspaceId().value();
        String group = "sg_arq" + run;
        Map<String, Integer> expected = new HashMap<>();
        try (Connection c = database.getConnection()) {
            execute(
                    c,
                    "INSERT INTO workspaces (id, name, created_at) VALUES (?, 'Fan-out test', CURRENT_TIMESTAMP)",
                    workspace);
            execute(
                    c,
                    "INSERT INTO templates (id, workspace_id, name, kind, current_snapshot_id, created_at,"
                            + " updated_at) VALUES (?, ?, 'News', 'marketing', ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                    "tpl_arq" + run,
                    workspace,
                    "tsn_arq" + run);
            execute(
                    c,
                    "INSERT INTO template_snapshots (id, workspace_id, template_id, subject, html, created_at)"
                            + " VALUES (?, ?, ?, 'News', '<p>News</p>', CURRENT_TIMESTAMP)",
                    "tsn_arq" + run,
                    workspace,
                    "tpl_arq" + run);
            execute(
                    c,
                    "INSERT INTO subscription_groups (id, workspace_id, name, opt_in, created_at, updated_at)"
                            + " VALUES (?, ?, 'News', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                    group,
                    workspace);
            try (PreparedStatement profile = c.prepareStatement("INSERT INTO profiles (id, workspace_id, email,"
                            + " properties, created_at, updated_at) VALUES (?, ?, ?, '{}', CURRENT_TIMESTAMP,"
                            + " CURRENT_TIMESTAMP)");
                    PreparedStatement consent = c.prepareStatement("INSERT INTO profile_consents (profile_id,"
                            + " subscription_group_id, workspace_id, status, source, changed_at)"
                            + " VALUES (?, ?, ?, ?, 'api', CURRENT_TIMESTAMP)");
                    PreparedStatement suppression = c.prepareStatement("INSERT INTO suppressions (workspace_id,"
                            + " address, reason, created_at) VALUES (?, ?, 'manual', CURRENT_TIMESTAMP)")) {
                for (int i = 0; i < PROFILES; i++) {
                    String id = String.format("pr_arq%s%05d", run, i);
                    String email = "p" + i + "." + run + "@arq.example";
                    profile.setString(1, id);
                    profile.setString(2, workspace);
                    profile.setString(3, email);
                    profile.addBatch();
                    boolean suppressed = i % 40 == 7;
                    boolean unsubscribed = i % 10 == 0;
                    boolean never = i % 50 == 5;
                    if (!never) {
                        consent.setString(1, id);
                        consent.setString(2, group);
                        consent.setString(3, workspace);
                        consent.setString(4, unsubscribed ? "unsubscribed" : "subscribed");
                        consent.addBatch();
                    }
                    if (suppressed) {
                        suppression.setString(1, workspace);
                        suppression.setString(2, email);
                        suppression.addBatch();
                    }
                    String outcome = suppressed
                            ? "suppressed"
                            : unsubscribed ? "unsubscribed" : never ? "never_subscribed" : "eligible";
                    expected.merge(outcome, 1, Integer::sum);
                }
                profile.executeBatch();
                consent.executeBatch();
                suppression.executeBatch();
            }
            execute(
                    c,
                    "INSERT INTO broadcasts (id, workspace_id, name, template_id, subject, own_template,"
                            + " segment_id, subscription_group_id, from_email, from_name, status, send_at,"
                            + " pinned_snapshot_id, pinned_from_email, pinned_from_name, started_at, written, created_at,"
                            + " updated_at) VALUES (?, ?, 'Fan-out test', ?, 'News', FALSE, NULL, ?, 'news@arq.example',"
                            + " 'News', 'sending', CURRENT_TIMESTAMP, ?, 'news@arq.example', 'News', CURRENT_TIMESTAMP, 0,"
                            + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                    broadcast.id(),
                    workspace,
                    "tpl_arq" + run,
                    group,
                    "tsn_arq" + run);
        }
        return expected;
    }

    /** Sends by outcome: {@code eligible} for those not skipped, else the reason their skip begins with. */
    private Map<String, Integer> outcomes(CarrierRef broadcast) throws SQLException {
        Map<String, Integer> outcomes = new HashMap<>();
        try (Connection c = database.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT status, failure_message FROM email_sends" + " WHERE carrier_id = ?")) {
            select.setString(1, broadcast.id());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String outcome = "skipped".equals(rows.getString(1))
                            ? rows.getString(2).substring(0, rows.getString(2).indexOf(':'))
                            : "eligible";
                    outcomes.merge(outcome, 1, Integer::sum);
                }
            }
        }
        return outcomes;
    }

    private long sendsOf(CarrierRef broadcast) {
        return count("SELECT COUNT(*) FROM email_sends WHERE carrier_id = ?", broadcast.id());
    }

    private String carrierStatus(CarrierRef broadcast) {
        try (Connection c = database.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT status FROM broadcasts WHERE id = ?")) {
            select.setString(1, broadcast.id());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql, String parameter) {
        try (Connection c = database.getConnection();
                PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, parameter);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(Connection c, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    /** Waits for something the job does on its own threads; fails the test if it does not come. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what);
            }
            Thread.sleep(10);
        }
    }
}
