package io.segmentflow.application.port.out;

import io.segmentflow.domain.email.DeliveryAttempt;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The durable outbox of EmailSends. */
public interface EmailSends {
    void add(EmailSend send);

    /** Adds many new sends at once (one round trip to the database, not one per send). */
    void addAll(List<EmailSend> sends);

    Optional<EmailSend> find(WorkspaceId workspaceId, String id);

    /**
     * Claims up to {@code limit} due sends for this worker, transactional ones first, skipping rows
     * other workers hold, and leases them until {@code leaseUntil}. Must run inside a transaction.
     */
    List<EmailSend> claimDue(Instant now, Instant leaseUntil, int limit);

    /**
     * Stores the progress of claimed sends, and the attempts they finished, for each send that is still this
     * worker's claim (its attempt count is unchanged since the claim). Returns the ids of the sends whose lease
     * was lost to another worker: nothing of theirs is stored.
     *
     * @param attempts at most one per send, made under the current claim
     */
    Set<String> recordProgress(List<EmailSend> sends, List<DeliveryAttempt> attempts);

    /** The finished delivery attempts of a send, oldest first. */
    List<DeliveryAttempt> attempts(WorkspaceId workspaceId, String sendId);
}
