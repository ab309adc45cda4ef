package io.segmentflow.adapters.in.batch;

import io.segmentflow.adapters.shared.ProfileImportJob;
import io.segmentflow.application.profileimport.RunProfileImportUseCase;
import io.segmentflow.domain.profileimport.StagedRow;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** Imports each chunk of rows, in the chunk's transaction. */
@Named("profileImportWriter")
@Dependent
public class ProfileImportWriter extends AbstractItemWriter {
    @Inject
    JobContext jobContext;

    @Inject
    RunProfileImportUseCase imports;

    @Override
    public void writeItems(List<Object> items) {
        ProfileImportJob job = ProfileImportJob.of(jobContext.getProperties());
        imports.importRows(
                job.workspaceId(),
                job.importId(),
                items.stream().map(StagedRow.class::cast).toList());
    }
}
