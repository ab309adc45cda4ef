package io.segmentflow.application.port.out;

import io.segmentflow.domain.workspace.WorkspaceId;

/** Starts the job that imports a staged upload (a batch job in the container). */
public interface ProfileImportJobs {
    /** Starts the import's job; called once the import is committed as queued, so that the job sees it. */
    void start(WorkspaceId workspaceId, String importId);
}
