package io.segmentflow.application.port.out;

import io.segmentflow.domain.idempotency.FirstAnswer;
import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The first answer to each idempotency key of a workspace, kept for replay. */
public interface IdempotencyRecords {
    /** The first answer given to a key, with the fingerprint of the request that got it. */
    record StoredAnswer(String fingerprint, FirstAnswer answer, Instant createdAt) {}

    /**
     * Records the answer to a key within the current transaction. Returns false, and stores nothing,
     * when the key is already taken: committed by another request, or held by one still in flight
     * (PostgreSQL waits for that one to finish first; the embedded database answers at once).
     */
    boolean reserve(WorkspaceId workspaceId, IdempotencyKey key, String fingerprint, FirstAnswer answer, Instant now);

    Optional<StoredAnswer> find(WorkspaceId workspaceId, IdempotencyKey key);

    /** One key's answer to record with {@link #reserveAll}. */
    record Reservation(IdempotencyKey key, String fingerprint, FirstAnswer answer) {}

    /**
     * Records the answers to many keys within the current transaction, as {@link #reserve} does for one,
     * and returns the keys that were free and are now this transaction's. The others store nothing.
     */
    Set<IdempotencyKey> reserveAll(WorkspaceId workspaceId, List<Reservation> reservations, Instant now);

    /** The first answers given to those of {@code keys} that have one, in one look-up. */
    Map<IdempotencyKey, StoredAnswer> findAll(WorkspaceId workspaceId, Collection<IdempotencyKey> keys);

    /** Forgets answers recorded before {@code cutoff}; returns how many. */
    int purgeRecordedBefore(Instant cutoff);
}
