package io.segmentflow.domain.audience;

import java.util.Objects;

/**
 * Who an audience send goes to: the Profiles of a segment (all of the workspace's Profiles when {@code segmentId} is
 * null, as for a Newsletter Issue with no narrowing segment), judged by their consent to one subscription group.
 *
 * @param segmentId null for no segment
 */
public record AudienceSpec(String segmentId, String subscriptionGroupId) {
    public AudienceSpec {
        Objects.requireNonNull(subscriptionGroupId, "subscriptionGroupId");
    }
}
