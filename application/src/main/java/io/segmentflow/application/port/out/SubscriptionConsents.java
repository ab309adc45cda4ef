package io.segmentflow.application.port.out;

import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Profiles' consent to the workspace's subscription groups, as a bulk import records it. */
public interface SubscriptionConsents {
    /** Those of {@code groupIds} that name subscription groups of the workspace, in one query. */
    Set<String> knownGroups(WorkspaceId workspaceId, Collection<String> groupIds);

    /** One Profile's consent to one group. */
    record Consent(String profileId, String groupId, ConsentStatus status) {}

    /**
     * Sets each Profile's consent to each group, set-wise, recording when and from where ({@code source}, such as
     * {@code import}); inside a transaction.
     */
    void recordAll(WorkspaceId workspaceId, List<Consent> consents, String source, Instant at);
}
