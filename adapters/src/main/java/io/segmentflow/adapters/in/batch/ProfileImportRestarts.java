package io.segmentflow.adapters.in.batch;

import io.segmentflow.adapters.shared.ProfileImportJob;
import io.segmentflow.application.profileimport.RunProfileImportUseCase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * At start-up, restarts the job of every import still queued or running whose last execution failed or stopped
 * ({@link UnfinishedJobs}); an import its job marked failed waits for an operator's restart. The restart goes on from
 * the import's count of rows done.
 */
@ApplicationScoped
public class ProfileImportRestarts {
    @Inject
    RunProfileImportUseCase imports;

    /** @return how many jobs were restarted */
    public int restartUnfinished() {
        return UnfinishedJobs.restart(
                ProfileImportJob.NAME,
                parameters -> {
                    ProfileImportJob job = ProfileImportJob.of(parameters);
                    return imports.isUnfinished(job.workspaceId(), job.importId());
                },
                parameters ->
                        "the job of import " + ProfileImportJob.of(parameters).importId());
    }
}
