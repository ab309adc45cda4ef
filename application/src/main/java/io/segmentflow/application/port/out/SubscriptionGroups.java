package io.segmentflow.application.port.out;

import io.segmentflow.domain.audience.SubscriptionGroup;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A workspace's subscription groups. A deleted group is gone for the API, but its consents' links still name it. */
public interface SubscriptionGroups {
    void add(SubscriptionGroup group);

    void update(SubscriptionGroup group);

    /** The group unless it is deleted or another workspace's. */
    Optional<SubscriptionGroup> find(WorkspaceId workspaceId, String id);

    /**
     * The group even when deleted, by id alone: for what an email already sent under it names (its unsubscribe link,
     * its consent check at delivery).
     */
    Optional<SubscriptionGroup> findIncludingDeleted(String id);

    /** Those of the ids that name a group of the workspace that is not deleted, in one query. */
    Set<String> existing(WorkspaceId workspaceId, Collection<String> ids);

    /** Groups in id order after {@code afterId} (null: from the first), at most {@code limit}. */
    List<SubscriptionGroup> list(WorkspaceId workspaceId, String afterId, int limit);

    /** Deletes the group; false when the workspace has no such group. */
    boolean remove(WorkspaceId workspaceId, String id, Instant now);
}
