package io.segmentflow.application.broadcast;

import io.segmentflow.domain.audience.CarrierLifecycle;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.CarrierStatus;
import io.segmentflow.domain.audience.CarrierType;
import io.segmentflow.domain.broadcast.Broadcast;
import io.segmentflow.domain.newsletter.Newsletter;
import io.segmentflow.domain.newsletter.NewsletterIssue;
import java.time.Instant;

/**
 * A Broadcast or a NewsletterIssue as the dashboard lists and shows it, whichever it is.
 *
 * @param newsletterName the Issue's Newsletter; null for a Broadcast
 * @param subject the subject it sets over its template's; null when it keeps the template's
 * @param sendAt when it is scheduled for; null when it is not
 * @param written the EmailSends its fan-out wrote, once it finished
 */
public record AudienceSend(
        CarrierRef ref,
        String name,
        String newsletterName,
        CarrierStatus status,
        String templateId,
        String subject,
        String segmentId,
        String subscriptionGroupId,
        Instant sendAt,
        Instant startedAt,
        Instant finishedAt,
        long written,
        String failureReason,
        Instant createdAt) {

    public static AudienceSend of(Broadcast broadcast) {
        var definition = broadcast.definition();
        return of(
                broadcast.ref(),
                definition.name(),
                null,
                broadcast.lifecycle(),
                definition.content().templateId(),
                definition.content().subject(),
                definition.segmentId(),
                definition.subscriptionGroupId(),
                broadcast.createdAt());
    }

    public static AudienceSend of(NewsletterIssue issue, Newsletter newsletter) {
        var definition = issue.definition();
        return of(
                issue.ref(),
                definition.name(),
                newsletter.definition().name(),
                issue.lifecycle(),
                definition.content().templateId(),
                definition.content().subject(),
                definition.segmentId(),
                newsletter.definition().subscriptionGroupId(),
                issue.createdAt());
    }

    private static AudienceSend of(
            CarrierRef ref,
            String name,
            String newsletterName,
            CarrierLifecycle lifecycle,
            String templateId,
            String subject,
            String segmentId,
            String groupId,
            Instant createdAt) {
        return new AudienceSend(
                ref,
                name,
                newsletterName,
                lifecycle.status(),
                templateId,
                subject,
                segmentId,
                groupId,
                lifecycle.sendAt(),
                lifecycle.startedAt(),
                lifecycle.finishedAt(),
                lifecycle.written(),
                lifecycle.failureReason(),
                createdAt);
    }

    public boolean isBroadcast() {
        return ref.type() == CarrierType.BROADCAST;
    }
}
