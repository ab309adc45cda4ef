package io.segmentflow.application.port.out;

import io.segmentflow.domain.broadcast.Broadcast;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Broadcasts. */
public interface Broadcasts {
    void add(Broadcast broadcast);

    /** Stores the Broadcast as it is now. */
    void update(Broadcast broadcast);

    Optional<Broadcast> find(WorkspaceId workspaceId, String id);

    /** The Broadcast, locked until the transaction ends, so two moves do not cross. */
    Optional<Broadcast> findForUpdate(WorkspaceId workspaceId, String id);

    /** A page of the workspace's Broadcasts in id order, after {@code afterId} (null: from the first). */
    List<Broadcast> list(WorkspaceId workspaceId, String afterId, int limit);

    /** The workspace's newest Broadcasts, newest first. */
    List<Broadcast> latest(WorkspaceId workspaceId, int limit);

    /**
     * Up to {@code limit} scheduled Broadcasts whose time has come, of every workspace, locked until the transaction
     * ends; rows another node holds are skipped, so several nodes start each one once. Must run in a transaction.
     */
    List<Broadcast> claimDue(Instant now, int limit);
}
