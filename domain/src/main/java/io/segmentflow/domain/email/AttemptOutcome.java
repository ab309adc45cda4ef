package io.segmentflow.domain.email;

import io.segmentflow.domain.suppression.Suppression;
import java.util.List;
import java.util.Objects;

/**
 * What followed a delivery attempt, besides the send's own new progress: the attempt to keep in its history, and the
 * addresses the relay refused for good as mailboxes, to add to the workspace's suppression list.
 */
public record AttemptOutcome(DeliveryAttempt attempt, List<Suppression> bounces) {
    public AttemptOutcome {
        Objects.requireNonNull(attempt, "attempt");
        bounces = List.copyOf(bounces);
    }
}
