package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.domain.workspace.Workspace;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Workspaces: the first one created is the operator's own. */
@ExtendWith(TestDatabaseExtension.class)
class JpaWorkspacesTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");

    private final TestDatabase db;

    JpaWorkspacesTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void there_is_no_first_workspace_before_any_is_added() {
        // when
        Optional<Workspace> first = db.inTransaction(tx -> tx.workspaces().first());

        // then
        assertThat(first).isEmpty();
    }

    @Test
    void the_first_workspace_is_the_one_created_first_whatever_the_order_of_adding() {
        // given
        Workspace later = Workspace.create("Globex", NOW.plusSeconds(60));
        Workspace earlier = Workspace.create("Acme", NOW);
        db.commit(tx -> tx.workspaces().add(later));
        db.commit(tx -> tx.workspaces().add(earlier));

        // when
        Optional<Workspace> first = db.inTransaction(tx -> tx.workspaces().first());

        // then
        assertThat(first).contains(earlier);
    }
}
