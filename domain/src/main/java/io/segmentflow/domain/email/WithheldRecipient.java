package io.segmentflow.domain.email;

import io.segmentflow.domain.suppression.SuppressionReason;
import java.util.Objects;

/**
 * A recipient left out of a delivery attempt, from the envelope and from every header, because the workspace's
 * suppression list holds the address (for {@code suppressionReason}).
 */
public record WithheldRecipient(EmailAddress address, RecipientKind kind, SuppressionReason suppressionReason) {
    public WithheldRecipient {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(suppressionReason, "suppression reason");
    }
}
