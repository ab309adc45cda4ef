package io.segmentflow.domain.profileimport;

import io.segmentflow.domain.shared.IllegalTransitionException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Objects;

/**
 * One upload of Profiles and the job that imports it. The upload is staged whole as numbered rows before the import
 * is {@link ProfileImportStatus#QUEUED}; the job then takes the rows in order, and each chunk of rows it finishes moves
 * {@code nextRow} on in the same transaction as the Profiles it wrote, so a restarted job goes on from there and counts
 * no row twice. Every row ends either imported or refused (recorded with its line, code and message), never both.
 *
 * <p>{@code receiving -> queued -> running -> completed}, or {@code failed} from queued or running; a failed or
 * interrupted import may run again (a restart), a completed one never.
 *
 * @param header the CSV header row as uploaded (null for NDJSON)
 * @param totalRows the rows staged (known once the upload ends)
 * @param nextRow the rows read so far: rows before it are imported or refused
 */
public record ProfileImport(
        String id,
        WorkspaceId workspaceId,
        ProfileImportFormat format,
        ProfileImportStatus status,
        String header,
        long totalRows,
        long nextRow,
        long imported,
        long failed,
        String failureReason,
        Instant createdAt,
        Instant updatedAt) {
    public static final int MAX_FAILURE_REASON_LENGTH = 1000;

    public ProfileImport {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(status, "status");
        if (nextRow != imported + failed) {
            throw new IllegalArgumentException("every row read is imported or refused: " + nextRow + " read, "
                    + imported + " imported, " + failed + " refused");
        }
    }

    /** An upload that is being staged. */
    public static ProfileImport receive(
            String id, WorkspaceId workspaceId, ProfileImportFormat format, String header, Instant now) {
        return new ProfileImport(
                id, workspaceId, format, ProfileImportStatus.RECEIVING, header, 0, 0, 0, 0, null, now, now);
    }

    /** The upload is staged whole: {@code rows} rows wait for the job. */
    public ProfileImport received(long rows, Instant now) {
        require(ProfileImportStatus.RECEIVING, "receive its last row");
        if (rows < 0) {
            throw new IllegalArgumentException("rows: " + rows);
        }
        return with(ProfileImportStatus.QUEUED, rows, nextRow, imported, failed, null, now);
    }

    /** The job starts, or starts again after a crash or a failure, from {@link #nextRow}. */
    public ProfileImport started(Instant now) {
        if (status == ProfileImportStatus.RUNNING) {
            return this;
        }
        if (status != ProfileImportStatus.QUEUED && status != ProfileImportStatus.FAILED) {
            throw new IllegalTransitionException("import " + id + " is " + status.wireName() + ": it cannot start");
        }
        return with(ProfileImportStatus.RUNNING, totalRows, nextRow, imported, failed, null, now);
    }

    /**
     * A chunk of rows is done: the rows before {@code upTo} are read, {@code newlyImported} of the chunk imported and
     * {@code newlyFailed} refused.
     */
    public ProfileImport progressed(long upTo, long newlyImported, long newlyFailed, Instant now) {
        require(ProfileImportStatus.RUNNING, "record progress");
        if (upTo < nextRow || upTo > totalRows || upTo - nextRow != newlyImported + newlyFailed) {
            throw new IllegalArgumentException("rows " + nextRow + ".." + upTo + " of " + totalRows + " cannot hold "
                    + newlyImported + " imported and " + newlyFailed + " refused");
        }
        return with(
                ProfileImportStatus.RUNNING,
                totalRows,
                upTo,
                imported + newlyImported,
                failed + newlyFailed,
                null,
                now);
    }

    /** Every row is read. */
    public ProfileImport completed(Instant now) {
        require(ProfileImportStatus.RUNNING, "complete");
        if (nextRow != totalRows) {
            throw new IllegalTransitionException(
                    "import " + id + " has read " + nextRow + " of " + totalRows + " rows: it cannot complete");
        }
        return with(ProfileImportStatus.COMPLETED, totalRows, nextRow, imported, failed, null, now);
    }

    /** The job stopped before the last row; what it finished stays. */
    public ProfileImport failedWith(String reason, Instant now) {
        if (status != ProfileImportStatus.QUEUED && status != ProfileImportStatus.RUNNING) {
            throw new IllegalTransitionException("import " + id + " is " + status.wireName() + ": it cannot fail");
        }
        String shortReason = reason == null || reason.isBlank() ? "the import job stopped" : reason;
        if (shortReason.length() > MAX_FAILURE_REASON_LENGTH) {
            shortReason = shortReason.substring(0, MAX_FAILURE_REASON_LENGTH - 3) + "...";
        }
        return with(ProfileImportStatus.FAILED, totalRows, nextRow, imported, failed, shortReason, now);
    }

    public boolean isFinished() {
        return status == ProfileImportStatus.COMPLETED;
    }

    private void require(ProfileImportStatus expected, String move) {
        if (status != expected) {
            throw new IllegalTransitionException("import " + id + " is " + status.wireName() + ": it cannot " + move);
        }
    }

    private ProfileImport with(
            ProfileImportStatus newStatus,
            long rows,
            long next,
            long newImported,
            long newFailed,
            String reason,
            Instant now) {
        return new ProfileImport(
                id, workspaceId, format, newStatus, header, rows, next, newImported, newFailed, reason, createdAt, now);
    }
}
