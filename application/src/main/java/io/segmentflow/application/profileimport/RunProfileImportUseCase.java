package io.segmentflow.application.profileimport;

import io.segmentflow.domain.profileimport.StagedRow;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;

/**
 * The import job's work, step by step: it starts (or starts again) from the first row not yet done, reads staged rows
 * in order, imports them a chunk at a time, and ends.
 */
public interface RunProfileImportUseCase {
    /**
     * Marks the import running.
     *
     * @return the first row not yet done, where reading starts (on a restart too)
     */
    long begin(WorkspaceId workspaceId, String importId);

    /** Staged rows from {@code fromRow} on, in order; empty after the last. */
    List<StagedRow> rows(String importId, long fromRow, int limit);

    /**
     * Imports a chunk of consecutive rows in one transaction: the Profiles upserted set-wise with their properties
     * merged, their consent recorded, each refused row recorded with its line, code and message, and the import's
     * counts moved on. Rows already done (a chunk again after a restart) are passed over.
     */
    void importRows(WorkspaceId workspaceId, String importId, List<StagedRow> rows);

    /**
     * Whether the import is queued or running: its job stopped without saying so (a crash) when no execution of it
     * runs.
     */
    boolean isUnfinished(WorkspaceId workspaceId, String importId);

    /** The job read every row: the import completes and its staged rows are dropped. */
    void finish(WorkspaceId workspaceId, String importId);

    /** The job stopped before the end; a restart goes on from the last chunk done. */
    void fail(WorkspaceId workspaceId, String importId, String reason);
}
