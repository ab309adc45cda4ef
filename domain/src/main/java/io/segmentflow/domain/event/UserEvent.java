package io.segmentflow.domain.event;

import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A business event a workspace's backend reported for a Profile (events.track), such as {@code order.created}.
 * Its data is template state ({@code /event/*}) for the Journey emails it leads to; callers sometimes put reset
 * links or tokens there, so the data is erased after a retention period, once no run still needs it, while the
 * fact that the event happened stays.
 *
 * @param data a JSON object text; null once erased
 * @param referenceId the caller's business reference (an order number), searchable, never an idempotency key
 */
public record UserEvent(
        String id,
        WorkspaceId workspaceId,
        EventName name,
        String profileId,
        String data,
        String referenceId,
        Instant occurredAt,
        Instant receivedAt) {
    public static final int MAX_REFERENCE_LENGTH = 255;

    public UserEvent {
        Objects.requireNonNull(id);
        Objects.requireNonNull(workspaceId);
        Objects.requireNonNull(name);
        Objects.requireNonNull(profileId);
        Objects.requireNonNull(occurredAt);
        Objects.requireNonNull(receivedAt);
    }

    /** An event received now; one that says no time of its own happened when it was received. */
    public static UserEvent record(
            WorkspaceId workspaceId,
            EventName name,
            String profileId,
            String data,
            String referenceId,
            Instant occurredAt,
            Instant now) {
        return new UserEvent(
                Identifier.next("evt", now),
                workspaceId,
                name,
                profileId,
                data == null ? "{}" : data,
                referenceId,
                occurredAt == null ? now : occurredAt,
                now);
    }

    public Optional<String> dataIfKept() {
        return Optional.ofNullable(data);
    }
}
