package io.segmentflow.application.suppression;

import io.segmentflow.application.Page;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.suppression.Suppression;
import io.segmentflow.domain.workspace.WorkspaceId;

/** A workspace's suppression list: addresses it must never mail. Addresses match without regard to case. */
public interface ManageSuppressionsUseCase {
    int DEFAULT_LIMIT = 50;
    int MAX_LIMIT = 100;

    /** The entry for the address, and whether it was there before this request (then it is the first entry). */
    record Added(Suppression suppression, boolean alreadySuppressed) {}

    /**
     * Entries in address order after the address {@code after} (null: from the first), at most {@code limit} of
     * them; a page's {@code nextCursor} is its last address.
     *
     * @throws io.segmentflow.application.error.ValidationFailedException when limit is not 1..{@value #MAX_LIMIT}
     */
    Page<Suppression> list(WorkspaceId workspaceId, EmailAddress after, int limit);

    /** @throws io.segmentflow.application.error.NotFoundException when the address is not listed */
    Suppression get(WorkspaceId workspaceId, EmailAddress address);

    /** Lists the address by an operator's decision; an address already listed keeps its first entry. */
    Added addManual(WorkspaceId workspaceId, EmailAddress address);

    /** @throws io.segmentflow.application.error.NotFoundException when the address is not listed */
    void remove(WorkspaceId workspaceId, EmailAddress address);
}
