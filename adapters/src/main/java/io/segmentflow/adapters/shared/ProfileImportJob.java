package io.segmentflow.adapters.shared;

import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.Properties;

/**
 * The Profile import batch job as both its starter and its artifacts name it: the job XML's name
 * ({@code META-INF/batch-jobs/profile-import.xml}) and the job parameters that say which import it runs.
 */
public record ProfileImportJob(WorkspaceId workspaceId, String importId) {
    /** The job XML's name, as {@code JobOperator.start} takes it. */
    public static final String NAME = "profile-import";

    public static final String WORKSPACE = "workspaceId";
    public static final String IMPORT_ID = "importId";

    /** The job parameters of this import's job. */
    public Properties parameters() {
        Properties parameters = new Properties();
        parameters.setProperty(WORKSPACE, workspaceId.value());
        parameters.setProperty(IMPORT_ID, importId);
        return parameters;
    }

    /** The import the job parameters (or the job's properties, which repeat them) name. */
    public static ProfileImportJob of(Properties parameters) {
        return new ProfileImportJob(
                new WorkspaceId(parameters.getProperty(WORKSPACE)), parameters.getProperty(IMPORT_ID));
    }
}
