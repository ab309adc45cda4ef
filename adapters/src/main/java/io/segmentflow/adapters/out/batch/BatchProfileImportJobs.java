package io.segmentflow.adapters.out.batch;

import io.segmentflow.adapters.shared.ProfileImportJob;
import io.segmentflow.application.port.out.ProfileImportJobs;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;

/** Starts an import's {@value ProfileImportJob#NAME} job (its XML under {@code META-INF/batch-jobs}). */
@ApplicationScoped
public class BatchProfileImportJobs implements ProfileImportJobs {
    @Override
    public void start(WorkspaceId workspaceId, String importId) {
        BatchRuntime.getJobOperator()
                .start(ProfileImportJob.NAME, new ProfileImportJob(workspaceId, importId).parameters());
    }
}
