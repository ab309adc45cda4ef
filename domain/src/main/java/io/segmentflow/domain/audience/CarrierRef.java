package io.segmentflow.domain.audience;

import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.Objects;

/** A Broadcast or a NewsletterIssue, named by kind and id within its workspace. */
public record CarrierRef(WorkspaceId workspaceId, CarrierType type, String id) {
    public CarrierRef {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }
}
