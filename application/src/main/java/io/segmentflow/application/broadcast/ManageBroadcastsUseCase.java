package io.segmentflow.application.broadcast;

import io.segmentflow.application.Page;
import io.segmentflow.domain.audience.SendResults;
import io.segmentflow.domain.broadcast.Broadcast;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;

/**
 * Broadcasts through the API: draft, edit while draft, duplicate, check, test, schedule, cancel, hand over for
 * confirmation, and read results. Nothing here sends the Broadcast now.
 */
public interface ManageBroadcastsUseCase {
    int MAX_LIMIT = 100;

    Broadcast create(WorkspaceId workspaceId, BroadcastRequest request);

    Broadcast find(WorkspaceId workspaceId, String id);

    /** Broadcasts in id order after {@code cursor} (a page's nextCursor; null: from the first). */
    Page<Broadcast> list(WorkspaceId workspaceId, String cursor, int limit);

    /** Replaces the definition of a draft; refused once it is scheduled or further. */
    Broadcast update(WorkspaceId workspaceId, String id, BroadcastRequest request);

    /** A new draft with the same definition (and a copy of a template made for the original). */
    Broadcast duplicate(WorkspaceId workspaceId, String id);

    Preflight preflight(WorkspaceId workspaceId, String id);

    /** One email of the Broadcast to one address, not counted in its results. */
    EmailSend testSend(WorkspaceId workspaceId, String id, TestSendRequest request);

    Broadcast schedule(WorkspaceId workspaceId, String id, Instant sendAt);

    Broadcast cancel(WorkspaceId workspaceId, String id);

    SendResults results(WorkspaceId workspaceId, String id);

    /** A link for a person to confirm the send in the dashboard; the Broadcast awaits that confirmation. */
    ConfirmationLink handOver(WorkspaceId workspaceId, String id);
}
