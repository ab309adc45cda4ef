package io.segmentflow.adapters.in.batch;

import io.segmentflow.adapters.shared.ProfileImportJob;
import io.segmentflow.application.profileimport.RunProfileImportUseCase;
import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.logging.Logger;

/** An import whose job failed or was stopped says so; what its chunks committed stays, and a restart goes on. */
@Named("profileImportListener")
@Dependent
public class ProfileImportListener extends AbstractJobListener {
    private static final Logger LOG = Logger.getLogger(ProfileImportListener.class.getName());

    @Inject
    JobContext jobContext;

    @Inject
    RunProfileImportUseCase imports;

    @Override
    public void afterJob() {
        BatchStatus status = jobContext.getBatchStatus();
        if (status == BatchStatus.FAILED || status == BatchStatus.STOPPING || status == BatchStatus.STOPPED) {
            ProfileImportJob job = ProfileImportJob.of(jobContext.getProperties());
            LOG.warning(() -> "import " + job.importId() + ": job execution " + jobContext.getExecutionId() + " "
                    + status.name().toLowerCase());
            imports.fail(
                    job.workspaceId(),
                    job.importId(),
                    status == BatchStatus.FAILED
                            ? "the import job failed (execution " + jobContext.getExecutionId()
                                    + "); restart it to go on from the last row done"
                            : "the import job was stopped (execution " + jobContext.getExecutionId()
                                    + "); restart it to go on from the last row done");
        }
    }
}
