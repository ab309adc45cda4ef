package io.segmentflow.application.port.out;

import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.suppression.Suppression;
import io.segmentflow.domain.suppression.SuppressionReason;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each workspace's suppression list. Addresses match without regard to case (see {@link Suppression#keyOf}):
 * every method takes an address in any case.
 */
public interface Suppressions {
    /**
     * Lists the address unless the workspace already lists it, within the current transaction. Returns
     * false, and changes nothing, when it is already listed: the first entry is kept. Safe when two
     * requests add the same address at once: one adds it, the other gets false.
     */
    boolean add(Suppression suppression);

    Optional<Suppression> find(WorkspaceId workspace, EmailAddress address);

    /**
     * Those of {@code addresses}, exactly as given, that the workspace lists, each with the reason it is listed.
     * Asked in one query (one per thousand different addresses); no query at all for none.
     */
    Map<EmailAddress, SuppressionReason> suppressedAmong(WorkspaceId workspace, Collection<EmailAddress> addresses);

    /** Up to {@code limit} entries in address order, starting after {@code afterAddress} (null: from the first). */
    List<Suppression> list(WorkspaceId workspace, String afterAddress, int limit);

    /** Takes the address off the list; false when it was not listed. */
    boolean remove(WorkspaceId workspace, EmailAddress address);
}
