package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.IdempotencyRecords;
import io.segmentflow.domain.idempotency.FirstAnswer;
import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Idempotency records in memory. Other requests can be staged: one still in flight holds a key
 * (reserve fails, find sees nothing), or one commits the key just before this request reserves it.
 * What other requests hold is theirs and survives this request's rollback.
 */
public final class InMemoryIdempotencyRecords implements IdempotencyRecords, TransactionalStore {
    private record Slot(WorkspaceId workspaceId, String key) {
        static Slot of(WorkspaceId workspaceId, IdempotencyKey key) {
            return new Slot(workspaceId, key.value());
        }
    }

    private final Map<Slot, StoredAnswer> records = new HashMap<>();
    private final Set<Slot> heldInFlight = new HashSet<>();
    private final Map<Slot, StoredAnswer> committedFirstByOthers = new HashMap<>();
    private final Map<Slot, StoredAnswer> committedByOthers = new HashMap<>();
    private int reservations;
    private int lookups;

    @Override
    public boolean reserve(
            WorkspaceId workspaceId, IdempotencyKey key, String fingerprint, FirstAnswer answer, Instant now) {
        reservations++;
        Slot slot = Slot.of(workspaceId, key);
        StoredAnswer winner = committedFirstByOthers.remove(slot);
        if (winner != null) {
            committedByOthers.put(slot, winner);
            return false;
        }
        if (records.containsKey(slot) || committedByOthers.containsKey(slot) || heldInFlight.contains(slot)) {
            return false;
        }
        records.put(slot, new StoredAnswer(fingerprint, answer, now));
        return true;
    }

    @Override
    public Set<IdempotencyKey> reserveAll(WorkspaceId workspaceId, List<Reservation> all, Instant now) {
        Set<IdempotencyKey> reserved = new HashSet<>();
        for (Reservation r : all) {
            if (reserve(workspaceId, r.key(), r.fingerprint(), r.answer(), now)) {
                reserved.add(r.key());
            }
        }
        return reserved;
    }

    @Override
    public Map<IdempotencyKey, StoredAnswer> findAll(WorkspaceId workspaceId, Collection<IdempotencyKey> keys) {
        lookups++;
        Map<IdempotencyKey, StoredAnswer> found = new LinkedHashMap<>();
        for (IdempotencyKey key : keys) {
            Slot slot = Slot.of(workspaceId, key);
            StoredAnswer stored = records.getOrDefault(slot, committedByOthers.get(slot));
            if (stored != null) {
                found.put(key, stored);
            }
        }
        return found;
    }

    @Override
    public Optional<StoredAnswer> find(WorkspaceId workspaceId, IdempotencyKey key) {
        lookups++;
        Slot slot = Slot.of(workspaceId, key);
        return Optional.ofNullable(records.getOrDefault(slot, committedByOthers.get(slot)));
    }

    @Override
    public int purgeRecordedBefore(Instant cutoff) {
        int before = records.size();
        records.values().removeIf(r -> r.createdAt().isBefore(cutoff));
        return before - records.size();
    }

    /** Another request holds the key and has not committed yet. */
    public void heldByRequestInFlight(WorkspaceId workspaceId, IdempotencyKey key) {
        heldInFlight.add(Slot.of(workspaceId, key));
    }

    /** Another request with the same key commits this answer just before this request reserves the key. */
    public void committedFirstByAnotherRequest(WorkspaceId workspaceId, IdempotencyKey key, StoredAnswer answer) {
        committedFirstByOthers.put(Slot.of(workspaceId, key), answer);
    }

    /** Records committed by the requests under test. */
    public int size() {
        return records.size();
    }

    public int reservations() {
        return reservations;
    }

    /** How many times answers were looked up (one look-up may ask for many keys). */
    public int lookups() {
        return lookups;
    }

    @Override
    public Runnable checkpoint() {
        Map<Slot, StoredAnswer> saved = new HashMap<>(records);
        return () -> {
            records.clear();
            records.putAll(saved);
        };
    }
}
