package io.segmentflow.domain.profileimport;

import java.util.Locale;

/** Where an import is; the wire name is the lower-case constant name. */
public enum ProfileImportStatus {
    /** The upload is still being staged; no one has its id yet. */
    RECEIVING,
    /** Staged whole; its job has not started yet. */
    QUEUED,
    RUNNING,
    /** Every row was read: each imported or refused with its reason. */
    COMPLETED,
    /** The job stopped before the last row; a restart goes on from the last row it finished. */
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
