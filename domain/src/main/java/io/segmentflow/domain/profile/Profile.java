package io.segmentflow.domain.profile;

import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;

/**
 * A person a workspace sends to, known by email address (and optionally the caller's own id for
 * them). Its properties are durable template state ({@code /profile/*}), kept as a JSON object text.
 */
public record Profile(
        String id,
        WorkspaceId workspaceId,
        EmailAddress email,
        String externalId,
        String properties,
        Instant createdAt) {
    public Profile {
        properties = properties == null ? "{}" : properties;
    }
}
