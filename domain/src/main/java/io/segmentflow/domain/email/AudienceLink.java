package io.segmentflow.domain.email;

import io.segmentflow.domain.audience.CarrierRef;
import java.util.Objects;

/**
 * The subscription group a send goes out under (its List-Unsubscribe link names it) and, for an audience send, the
 * Broadcast or NewsletterIssue that carries it.
 *
 * @param carrier null for a single send under a group (emails.send with a subscriptionGroupId)
 */
public record AudienceLink(String subscriptionGroupId, CarrierRef carrier) {
    public AudienceLink {
        Objects.requireNonNull(subscriptionGroupId, "subscriptionGroupId");
    }
}
