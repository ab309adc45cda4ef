package io.segmentflow.application.port.out;

import io.segmentflow.domain.profileimport.ImportRowError;
import io.segmentflow.domain.profileimport.ProfileImport;
import io.segmentflow.domain.profileimport.StagedRow;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;
import java.util.Optional;

/**
 * Profile imports, their staged rows and the rows they refused. The staged rows live in the database, so that the
 * import job reads them on any node and after a crash. Writes run inside a transaction.
 */
public interface ProfileImports {
    void add(ProfileImport profileImport);

    /** Stores the import's status and counts. */
    void update(ProfileImport profileImport);

    Optional<ProfileImport> find(WorkspaceId workspaceId, String id);

    /** {@link #find}, locked against other writers until the transaction ends. */
    Optional<ProfileImport> lock(WorkspaceId workspaceId, String id);

    /** Stages one block of consecutive rows of an upload. */
    void stage(String importId, List<StagedRow> rows);

    /** The staged rows from row {@code fromIndex} on, in order, at least {@code limit} unless the upload ends. */
    List<StagedRow> staged(String importId, long fromIndex, int limit);

    /** Drops the staged rows (the import is done with them). */
    void dropStaged(String importId);

    /** Removes an import that was never received whole, and what it staged. */
    void remove(String importId);

    /** Records rows the import refused; a row already recorded is kept as it was. */
    void addErrors(String importId, List<ImportRowError> errors);

    /** Refused rows in line order after line {@code afterLine} (0: from the first), at most {@code limit}. */
    List<ImportRowError> errors(String importId, long afterLine, int limit);
}
