package io.segmentflow.domain.broadcast;

import io.segmentflow.domain.audience.CarrierContent;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.shared.InvalidValueException;
import java.util.Objects;

/**
 * What a Broadcast is made of: its name, what it sends, to whom and from whom.
 *
 * @param segmentId the audience's segment, or null for every Profile of the workspace (judged by its consent)
 * @param from the sender, or null for the server's default sender
 */
public record BroadcastDefinition(
        String name, CarrierContent content, String segmentId, String subscriptionGroupId, Mailbox from) {
    public static final int MAX_NAME_LENGTH = 200;

    public BroadcastDefinition {
        if (name == null || name.isBlank()) {
            throw new InvalidValueException("name", "must not be blank");
        }
        name = name.strip();
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidValueException("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        Objects.requireNonNull(content, "content");
        if (subscriptionGroupId == null || subscriptionGroupId.isBlank()) {
            throw new InvalidValueException("subscriptionGroupId", "is required: every audience send needs a group");
        }
    }

    /** The same definition sending other content. */
    public BroadcastDefinition withContent(CarrierContent other) {
        return new BroadcastDefinition(name, other, segmentId, subscriptionGroupId, from);
    }
}
