package io.segmentflow.application.broadcast;

import io.segmentflow.domain.email.Mailbox;
import java.util.Objects;

/**
 * What a caller writes to draft or replace a Broadcast.
 *
 * @param segmentId null for every Profile of the workspace
 * @param from null for the server's default sender
 */
public record BroadcastRequest(
        String name, ContentRequest content, String segmentId, String subscriptionGroupId, Mailbox from) {
    public BroadcastRequest {
        Objects.requireNonNull(content, "content");
    }
}
