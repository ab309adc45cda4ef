package io.segmentflow.application.audience;

import io.segmentflow.application.Page;
import io.segmentflow.domain.audience.Consent;
import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.audience.SubscriptionGroup;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;

/** A workspace's subscription groups, and each Profile's consent to them as the Profiles API shows and sets it. */
public interface ManageSubscriptionGroupsUseCase {
    int DEFAULT_LIMIT = 20;
    int MAX_LIMIT = 100;

    SubscriptionGroup create(WorkspaceId workspaceId, String name, String description, boolean optIn);

    /** @throws io.segmentflow.application.error.NotFoundException when the workspace has no such group */
    SubscriptionGroup get(WorkspaceId workspaceId, String id);

    Page<SubscriptionGroup> list(WorkspaceId workspaceId, String cursor, int limit);

    /** @throws io.segmentflow.application.error.NotFoundException when the workspace has no such group */
    SubscriptionGroup update(WorkspaceId workspaceId, String id, String name, String description, boolean optIn);

    /**
     * Deletes the group: it can no longer be sent under; the unsubscribe links of emails already sent still work.
     *
     * @throws io.segmentflow.application.error.NotFoundException when the workspace has no such group
     */
    void delete(WorkspaceId workspaceId, String id);

    /**
     * The Profile's consent to each group it said something about (a group missing here is {@code never}).
     *
     * @throws io.segmentflow.application.error.NotFoundException when the workspace has no such Profile
     */
    List<Consent> consentsOf(WorkspaceId workspaceId, String profileId);

    /**
     * Records what the Profile says about the group, through the API.
     *
     * @throws io.segmentflow.application.error.NotFoundException when the workspace has no such Profile or group
     */
    Consent setConsent(WorkspaceId workspaceId, String profileId, String subscriptionGroupId, ConsentStatus status);
}
