package io.segmentflow.application.port.out;

import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Optional;

/** The first answer to each idempotency key of a workspace, kept for replay. */
public interface IdempotencyRecords {
    /** The first answer given to a key, with the fingerprint of the request that got it. */
    record StoredResponse(String fingerprint, int status, String body, Instant createdAt) {
    }

    /**
     * Records the answer to a key within the current transaction. Returns false, and stores nothing,
     * when the key is already taken: committed by another request, or held by one still in flight
     * (PostgreSQL waits for that one to finish first; the embedded database answers at once).
     */
    boolean reserve(WorkspaceId workspaceId, IdempotencyKey key, String fingerprint, int status, String body,
                    Instant now);

    Optional<StoredResponse> find(WorkspaceId workspaceId, IdempotencyKey key);

    /** Forgets answers recorded before {@code cutoff}; returns how many. */
    int purgeRecordedBefore(Instant cutoff);
}
