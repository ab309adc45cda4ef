package io.segmentflow.adapters.in.batch;

import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.batch.runtime.context.JobContext;
import java.util.Properties;

/** The import a run of the {@code profile-import} job works on, from its job parameters. */
record ProfileImportJob(WorkspaceId workspaceId, String importId) {
    static final String IMPORT_ID = "importId";
    static final String WORKSPACE_ID = "workspaceId";

    static ProfileImportJob of(JobContext job) {
        Properties properties = job.getProperties();
        return new ProfileImportJob(
                new WorkspaceId(properties.getProperty(WORKSPACE_ID)), properties.getProperty(IMPORT_ID));
    }
}
