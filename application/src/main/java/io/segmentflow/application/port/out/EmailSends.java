package io.segmentflow.application.port.out;

import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.email.DeliveryAttempt;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendStatus;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The durable outbox of EmailSends. */
public interface EmailSends {
    void add(EmailSend send);

    /** Adds many new sends at once (one round trip to the database, not one per send). */
    void addAll(List<EmailSend> sends);

    /**
     * Adds, in one round trip, those of these audience sends whose carrier has no send yet for their Profile (one send
     * per carrier and Profile), and leaves out the others: a restarted fan-out writes no duplicate.
     *
     * @return the ids of those added
     */
    Set<String> addAbsent(List<EmailSend> sends);

    /** How many sends the carrier has. */
    long countOf(CarrierRef carrier);

    /**
     * Has the database take a fresh look at the outbox's contents after many sends were added at once, so that it
     * plans claims for the table as it now is (PostgreSQL's statistics otherwise wait for autovacuum, and claims
     * planned on a table believed empty of due sends read and sort every one of them).
     */
    void refreshStatistics();

    Optional<EmailSend> find(WorkspaceId workspaceId, String id);

    /**
     * The workspace's newest sends to {@code recipient} (null: to anyone) in {@code status} (null: in any), newest
     * first.
     */
    List<EmailSend> search(WorkspaceId workspaceId, EmailAddress recipient, EmailSendStatus status, int limit);

    /**
     * A send as this worker claimed it, and the attempt count that claim stored: the claim's result is recorded only
     * against that count, since a later claim by another worker stores a higher one. It is the outbox's lock token,
     * not part of the send, and it stays the same whatever the send becomes (a skip takes back the attempt).
     */
    record Claimed(EmailSend send, int storedAttempts) {
        public Claimed {
            Objects.requireNonNull(send, "send");
        }
    }

    /**
     * Claims up to {@code limit} due sends for this worker, transactional ones first, skipping rows
     * other workers hold, and leases them until {@code leaseUntil}. Must run inside a transaction.
     */
    List<Claimed> claimDue(Instant now, Instant leaseUntil, int limit);

    /**
     * Stores the progress of claimed sends, and the attempts they finished, for each send that is still this
     * worker's claim (its stored attempt count is still {@link Claimed#storedAttempts}). Returns the ids of the sends whose lease
     * was lost to another worker: nothing of theirs is stored.
     *
     * @param attempts at most one per send, made under the current claim
     */
    Set<String> recordProgress(List<Claimed> claimed, List<DeliveryAttempt> attempts);

    /** The finished delivery attempts of a send, oldest first. */
    List<DeliveryAttempt> attempts(WorkspaceId workspaceId, String sendId);

    /**
     * Erases what the sends of an erased Profile hold about the person: their data, the recipient's name and
     * external id, and their link to the Profile. The address stays, with everything delivery recorded.
     */
    void forgetProfile(WorkspaceId workspaceId, String profileId, Instant now);
}
