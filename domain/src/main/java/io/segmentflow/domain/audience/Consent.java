package io.segmentflow.domain.audience;

import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Objects;

/** A Profile's consent to one subscription group: what it said, when, and through what. */
public record Consent(
        WorkspaceId workspaceId,
        String profileId,
        String subscriptionGroupId,
        ConsentStatus status,
        ConsentSource source,
        Instant changedAt) {
    public Consent {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(profileId, "profileId");
        Objects.requireNonNull(subscriptionGroupId, "subscriptionGroupId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(changedAt, "changedAt");
    }
}
