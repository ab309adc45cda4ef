package io.segmentflow.domain.audience;

import io.segmentflow.domain.email.Mailbox;
import java.util.Objects;

/**
 * What the fan-out of one carrier writes for each eligible member: an audience-priority EmailSend of this template
 * snapshot, from this sender, linked to the carrier and its subscription group.
 *
 * @param subject null to use the template's
 */
public record FanOutPlan(
        CarrierRef carrier,
        AudienceSpec audience,
        String templateId,
        String templateSnapshotId,
        Mailbox from,
        String subject) {
    public FanOutPlan {
        Objects.requireNonNull(carrier, "carrier");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(templateId, "templateId");
        Objects.requireNonNull(templateSnapshotId, "templateSnapshotId");
        Objects.requireNonNull(from, "from");
    }
}
