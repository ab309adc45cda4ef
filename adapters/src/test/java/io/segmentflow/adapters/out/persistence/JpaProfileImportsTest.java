package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.domain.profileimport.ImportRowError;
import io.segmentflow.domain.profileimport.ProfileImport;
import io.segmentflow.domain.profileimport.ProfileImportFormat;
import io.segmentflow.domain.profileimport.ProfileImportStatus;
import io.segmentflow.domain.profileimport.StagedRow;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Imports as stored: their rows staged in blocks and read back in order from any row, and the rows they refused. */
@ExtendWith(TestDatabaseExtension.class)
class JpaProfileImportsTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");

    private final TestDatabase db;
    private WorkspaceId workspace;
    private WorkspaceId otherWorkspace;

    JpaProfileImportsTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void twoWorkspaces() {
        TestDatabase.TwoWorkspaces two = db.addTwoWorkspaces(NOW);
        workspace = two.first();
        otherWorkspace = two.second();
    }

    private ProfileImport added(String id) {
        ProfileImport received = ProfileImport.receive(id, workspace, ProfileImportFormat.CSV, "email,plan", NOW);
        db.commit(tx -> tx.profileImports().add(received));
        return received;
    }

    /** Rows {@code from}..{@code to} (excluded), each starting two lines after the last, holding hostile text. */
    private static List<StagedRow> rows(int from, int to) {
        List<StagedRow> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            rows.add(
                    i % 10 == 9
                            ? new StagedRow(i, 2L * i + 2, null, "row_too_long")
                            : new StagedRow(
                                    i, 2L * i + 2, "a" + i + "@x.test,\"12 t:3:x\r\n\u00e9\u6f22\uD83D\uDE00\"", null));
        }
        return rows;
    }

    private List<StagedRow> staged(String id, long from, int limit) {
        return db.inTransaction(tx -> tx.profileImports().staged(id, from, limit));
    }

    private java.util.Optional<ProfileImport> find(WorkspaceId in, String id) {
        return db.inTransaction(tx -> tx.profileImports().find(in, id));
    }

    private java.util.Optional<ProfileImport> locked(WorkspaceId in, String id) {
        return db.inTransaction(tx -> tx.profileImports().lock(in, id));
    }

    private List<ImportRowError> errors(String id, long after, int limit) {
        return db.inTransaction(tx -> tx.profileImports().errors(id, after, limit));
    }

    @Test
    void staged_rows_read_back_as_staged_in_order_from_any_row_across_blocks() {
        ProfileImport i = added("imp_1");
        db.commit(tx -> {
            tx.profileImports().stage(i.id(), rows(0, 1000));
            tx.profileImports().stage(i.id(), rows(1000, 1500));
            tx.profileImports().stage(i.id(), rows(1500, 1501));
        });

        List<StagedRow> all = staged(i.id(), 0, 2000);
        List<StagedRow> fromMiddle = staged(i.id(), 990, 20);
        List<StagedRow> last = staged(i.id(), 1500, 1000);
        List<StagedRow> after = staged(i.id(), 1501, 1000);

        assertThat(all).isEqualTo(rows(0, 1501));
        assertThat(fromMiddle).startsWith(rows(990, 1010).toArray(StagedRow[]::new));
        assertThat(fromMiddle.get(0).index()).isEqualTo(990);
        assertThat(last).isEqualTo(rows(1500, 1501));
        assertThat(after).isEmpty();
    }

    @Test
    void dropped_staged_rows_are_gone_and_the_import_stays() {
        ProfileImport i = added("imp_2");
        db.commit(tx -> tx.profileImports().stage(i.id(), rows(0, 10)));

        db.commit(tx -> tx.profileImports().dropStaged(i.id()));

        assertThat(staged(i.id(), 0, 10)).isEmpty();
        assertThat(find(workspace, i.id())).isPresent();
    }

    @Test
    void status_and_counts_are_stored_and_an_import_is_found_only_in_its_workspace() {
        ProfileImport i = added("imp_3");
        ProfileImport running = i.received(10, NOW).started(NOW.plusSeconds(1)).progressed(4, 3, 1, NOW.plusSeconds(2));
        db.commit(tx -> tx.profileImports().update(running));

        assertThat(locked(workspace, i.id())).contains(running);
        assertThat(find(workspace, i.id())).contains(running);
        assertThat(find(otherWorkspace, i.id())).isEmpty();
        assertThat(running.status()).isEqualTo(ProfileImportStatus.RUNNING);
    }

    @Test
    void refused_rows_are_kept_once_per_line_and_paged_in_line_order() {
        ProfileImport i = added("imp_4");
        db.commit(tx -> tx.profileImports()
                .addErrors(
                        i.id(),
                        List.of(
                                new ImportRowError(7, "validation_failed", "email: has an invalid domain"),
                                new ImportRowError(3, "malformed_row", "line\r\nbreak and \"quotes\""))));
        db.commit(tx -> tx.profileImports()
                .addErrors(i.id(), List.of(new ImportRowError(7, "profile_conflict", "again, after a restart"))));

        List<ImportRowError> first = db.inTransaction(tx -> tx.profileImports().errors(i.id(), 0, 1));
        List<ImportRowError> rest = db.inTransaction(tx -> tx.profileImports().errors(i.id(), 3, 10));

        assertThat(first).containsExactly(new ImportRowError(3, "malformed_row", "line\r\nbreak and \"quotes\""));
        assertThat(rest).containsExactly(new ImportRowError(7, "validation_failed", "email: has an invalid domain"));
    }

    @Test
    void a_removed_import_leaves_nothing() {
        ProfileImport i = added("imp_5");
        db.commit(tx -> {
            tx.profileImports().stage(i.id(), rows(0, 5));
            tx.profileImports().addErrors(i.id(), List.of(new ImportRowError(2, "malformed_row", "x")));
        });

        db.commit(tx -> tx.profileImports().remove(i.id()));

        assertThat(find(workspace, i.id())).isEmpty();
        assertThat(staged(i.id(), 0, 10)).isEmpty();
        assertThat(errors(i.id(), 0, 10)).isEmpty();
    }
}
