package io.segmentflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmentflow.adapters.shared.ProfileImportJob;
import io.segmentflow.application.profileimport.ImportProfilesUseCase;
import io.segmentflow.domain.profileimport.ProfileImport;
import io.segmentflow.domain.profileimport.ProfileImportFormat;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.annotation.Resource;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.enterprise.inject.spi.CDI;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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
 * The Profile import job in the container, driven through the JobOperator: an upload of 60,000 rows (one in 97
 * refused) whose job is stopped in the middle and restarted; then every good row is imported once, every bad one
 * refused once and listed once, and no row done before the stop is written again. The application is deployed a
 * second time beside the integration-test server's own, with this test in it.
 */
@ExtendWith(ArquillianExtension.class)
class ProfileImportJobArqIT {
    private static final int ROWS = 60_000;
    private static final int BAD_EVERY = 97;
    private static final int BAD = ROWS / BAD_EVERY;
    /** Rows done before the stop: a few of the job's chunks of 1,000. */
    private static final int STOP_AFTER = 3_000;

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @Deployment
    static WebArchive application() {
        return ShrinkWrap.create(ZipImporter.class, "profile-import-job-test.war")
                .importFrom(new File(System.getProperty("segmentflow.it.war")))
                .as(WebArchive.class)
                .addClass(ProfileImportJobArqIT.class);
    }

    @Resource(lookup = "jdbc/segmentflow")
    DataSource database;

    @Test
    void a_stopped_import_restarted_imports_every_good_row_once_and_lists_every_bad_one_once() throws Exception {
        // given: a workspace of its own and an upload of ROWS new Profiles, every BAD_EVERY-th row's address invalid
        String run = Long.toString(System.nanoTime(), 36);
        WorkspaceId workspace = new WorkspaceId("ws_imp" + run);
        try (Connection c = database.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO workspaces (id, name, created_at)"
                        + " VALUES (?, 'Import test', CURRENT_TIMESTAMP)")) {
            insert.setString(1, workspace.value());
            insert.executeUpdate();
        }
        StringBuilder csv = new StringBuilder("email,externalId,plan,seats:number\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append(i % BAD_EVERY == 0 ? "not-an-address-" + i : "i" + i + "." + run + "@arq-import.example")
                    .append(",ext-")
                    .append(run)
                    .append('-')
                    .append(i)
                    .append(",pro,")
                    .append(i % 50)
                    .append('\n');
        }

        // when: the upload starts its job, which is stopped once some chunks are committed, then restarted
        ImportProfilesUseCase imports =
                CDI.current().select(ImportProfilesUseCase.class).get();
        ProfileImport upload = imports.upload(
                workspace,
                ProfileImportFormat.CSV,
                new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
        JobOperator jobs = BatchRuntime.getJobOperator();
        long first = awaitExecution(jobs, upload.id());
        await("" + STOP_AFTER + " rows done", () -> progress(upload.id())[0] >= STOP_AFTER);
        jobs.stop(first);
        await("the first execution stopped", () -> jobs.getJobExecution(first).getBatchStatus() == BatchStatus.STOPPED);
        Instant stoppedAt = Instant.now();
        long[] atStop = progress(upload.id());
        long second = jobs.restart(first, new ProfileImportJob(workspace, upload.id()).parameters());
        await(
                "the restarted execution ended",
                () -> jobs.getJobExecution(second).getBatchStatus().ordinal() >= BatchStatus.STOPPED.ordinal());

        // then
        assertTrue(atStop[0] >= STOP_AFTER && atStop[0] < ROWS, "stopped in the middle: " + atStop[0] + " of " + ROWS);
        assertEquals(BatchStatus.COMPLETED, jobs.getJobExecution(second).getBatchStatus());
        ProfileImport done = imports.get(workspace, upload.id());
        assertEquals("completed", done.status().name().toLowerCase());
        assertEquals(ROWS, done.totalRows());
        assertEquals(ROWS, done.nextRow(), "every row read once");
        assertEquals(ROWS - BAD, done.imported(), "every good row imported once");
        assertEquals(BAD, done.failed(), "every bad row refused once");
        assertEquals(ROWS - BAD, count("SELECT COUNT(*) FROM profiles WHERE workspace_id = ?", workspace.value()));
        assertEquals(
                ROWS - BAD,
                count("SELECT COUNT(DISTINCT external_id) FROM profiles WHERE workspace_id = ?", workspace.value()));
        assertEquals(BAD, count("SELECT COUNT(*) FROM profile_import_errors WHERE import_id = ?", upload.id()));
        assertEquals(
                0,
                count(
                        "SELECT COUNT(*) FROM profile_import_errors WHERE import_id = ? AND (line - 1) % " + BAD_EVERY
                                + " <> 0",
                        upload.id()),
                "only the bad rows are listed, each on its own line");
        // A row applied again after the restart would have touched its Profile after the stop.
        assertEquals(
                atStop[1],
                countBefore(workspace, stoppedAt),
                "the Profiles imported before the stop were not written again");
    }

    /** The execution the upload started for the import, once it is there. */
    private static long awaitExecution(JobOperator jobs, String importId) throws InterruptedException {
        long[] found = {-1};
        await("the import's job", () -> {
            if (!jobs.getJobNames().contains(ProfileImportJob.NAME)) {
                return false;
            }
            for (JobInstance instance :
                    jobs.getJobInstances(ProfileImportJob.NAME, 0, jobs.getJobInstanceCount(ProfileImportJob.NAME))) {
                Optional<JobExecution> execution = jobs.getJobExecutions(instance).stream()
                        .filter(e -> importId.equals(e.getJobParameters().getProperty(ProfileImportJob.IMPORT_ID)))
                        .findFirst();
                if (execution.isPresent()) {
                    found[0] = execution.get().getExecutionId();
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** The import's rows done and Profiles imported, as committed. */
    private long[] progress(String importId) {
        try (Connection c = database.getConnection();
                PreparedStatement select =
                        c.prepareStatement("SELECT next_row, imported FROM profile_imports WHERE id = ?")) {
            select.setString(1, importId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return new long[] {rows.getLong(1), rows.getLong(2)};
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long countBefore(WorkspaceId workspace, Instant at) {
        try (Connection c = database.getConnection();
                PreparedStatement select =
                        c.prepareStatement("SELECT COUNT(*) FROM profiles WHERE workspace_id = ? AND updated_at < ?")) {
            select.setString(1, workspace.value());
            select.setTimestamp(2, Timestamp.from(at));
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
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
