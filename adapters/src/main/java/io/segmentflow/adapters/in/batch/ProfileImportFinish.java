package io.segmentflow.adapters.in.batch;

import io.segmentflow.adapters.shared.ProfileImportJob;
import io.segmentflow.application.profileimport.RunProfileImportUseCase;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The step after the last chunk: the import completes and its staged rows go. */
@Named("profileImportFinish")
@Dependent
public class ProfileImportFinish extends AbstractBatchlet {
    @Inject
    JobContext jobContext;

    @Inject
    RunProfileImportUseCase imports;

    @Override
    public String process() {
        ProfileImportJob job = ProfileImportJob.of(jobContext.getProperties());
        imports.finish(job.workspaceId(), job.importId());
        return BatchStatus.COMPLETED.name();
    }
}
