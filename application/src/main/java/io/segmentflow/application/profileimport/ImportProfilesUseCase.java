package io.segmentflow.application.profileimport;

import io.segmentflow.application.Page;
import io.segmentflow.domain.profileimport.ImportRowError;
import io.segmentflow.domain.profileimport.ProfileImport;
import io.segmentflow.domain.profileimport.ProfileImportFormat;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.io.InputStream;

/** Bulk Profile imports as an operator makes and follows them. */
public interface ImportProfilesUseCase {
    int DEFAULT_ERRORS_LIMIT = 100;
    int MAX_ERRORS_LIMIT = 1000;

    /**
     * Stages an upload (UTF-8 text) as it is read, a block of rows at a time, then queues its import and starts the
     * job. A CSV upload's header row is checked before anything is staged.
     *
     * @throws io.segmentflow.application.error.ValidationFailedException for a CSV header with problems, an empty
     *     CSV upload, or text that is not UTF-8
     * @throws io.segmentflow.application.error.UploadTooLargeException past the largest upload taken; nothing is
     *     kept
     */
    ProfileImport upload(WorkspaceId workspaceId, ProfileImportFormat format, InputStream body);

    /** @throws io.segmentflow.application.error.NotFoundException when the workspace has no such import */
    ProfileImport get(WorkspaceId workspaceId, String id);

    /**
     * The rows the import refused, in line order, after {@code cursor} (a page's {@code nextCursor}; null: from the
     * first).
     *
     * @throws io.segmentflow.application.error.NotFoundException when the workspace has no such import
     * @throws io.segmentflow.application.error.ValidationFailedException for a limit out of 1..{@value
     *     #MAX_ERRORS_LIMIT} or a cursor no page gave
     */
    Page<ImportRowError> errors(WorkspaceId workspaceId, String id, String cursor, int limit);
}
