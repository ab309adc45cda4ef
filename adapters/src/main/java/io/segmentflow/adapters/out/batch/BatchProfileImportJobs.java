package io.segmentflow.adapters.out.batch;

import io.segmentflow.application.port.out.ProfileImportJobs;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Properties;

/** Starts the {@code profile-import} job (its XML under {@code META-INF/batch-jobs}) with the import's ids. */
@ApplicationScoped
public class BatchProfileImportJobs implements ProfileImportJobs {
    static final String JOB = "profile-import";

    @Override
    public void start(WorkspaceId workspaceId, String importId) {
        Properties parameters = new Properties();
        parameters.setProperty("importId", importId);
        parameters.setProperty("workspaceId", workspaceId.value());
        BatchRuntime.getJobOperator().start(JOB, parameters);
    }
}
