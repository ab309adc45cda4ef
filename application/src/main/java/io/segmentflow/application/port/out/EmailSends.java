package io.segmentflow.application.port.out;

import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
     * Stores the progress of a claimed send, provided it is still this worker's claim (the attempt
     * count is unchanged since the claim). Returns false when the lease was lost to another worker.
     */
    boolean recordProgress(EmailSend send);
}
