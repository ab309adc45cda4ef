package io.segmentflow.domain.newsletter;

import io.segmentflow.domain.audience.AudienceSpec;
import io.segmentflow.domain.audience.CarrierLifecycle;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.CarrierStatus;
import io.segmentflow.domain.audience.CarrierType;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Objects;

/**
 * One issue of a Newsletter, sent to the Newsletter's subscribers (narrowed by a segment when it names one). It goes
 * the way a Broadcast goes: drafted, scheduled or confirmed by a person, fanned out, and cancelled only before that
 * (see {@link CarrierLifecycle}).
 */
public final class NewsletterIssue {
    private final String id;
    private final WorkspaceId workspaceId;
    private final String newsletterId;
    private final Instant createdAt;
    private IssueDefinition definition;
    private final CarrierLifecycle lifecycle;
    private Instant updatedAt;

    private NewsletterIssue(
            String id,
            WorkspaceId workspaceId,
            String newsletterId,
            IssueDefinition definition,
            CarrierLifecycle lifecycle,
            Instant createdAt,
            Instant updatedAt) {
        this.id = Objects.requireNonNull(id);
        this.workspaceId = Objects.requireNonNull(workspaceId);
        this.newsletterId = Objects.requireNonNull(newsletterId);
        this.definition = Objects.requireNonNull(definition);
        this.lifecycle = Objects.requireNonNull(lifecycle);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.updatedAt = Objects.requireNonNull(updatedAt);
    }

    /** A new draft Issue of the Newsletter, in the Newsletter's workspace. */
    public static NewsletterIssue draft(Newsletter newsletter, IssueDefinition definition, Instant now) {
        String id = Identifier.next("nwi", now);
        return new NewsletterIssue(
                id, newsletter.workspaceId(), newsletter.id(), definition, CarrierLifecycle.draft(label(id)), now, now);
    }

    public static NewsletterIssue restore(
            String id,
            WorkspaceId workspaceId,
            String newsletterId,
            IssueDefinition definition,
            CarrierLifecycle lifecycle,
            Instant createdAt,
            Instant updatedAt) {
        return new NewsletterIssue(id, workspaceId, newsletterId, definition, lifecycle, createdAt, updatedAt);
    }

    /** How an Issue is named in refusals. */
    public static String label(String id) {
        return "newsletter issue " + id;
    }

    public void edit(IssueDefinition newDefinition, Instant now) {
        lifecycle.requireEditable();
        definition = Objects.requireNonNull(newDefinition);
        updatedAt = now;
    }

    public void schedule(Instant sendAt, Instant now) {
        lifecycle.schedule(sendAt, now);
        updatedAt = now;
    }

    public void awaitConfirmation(Instant now) {
        lifecycle.awaitConfirmation();
        updatedAt = now;
    }

    public void startScheduled(CarrierLifecycle.Pinned what, Instant now) {
        lifecycle.startScheduled(what, now);
        updatedAt = now;
    }

    public void startConfirmed(CarrierLifecycle.Pinned what, Instant now) {
        lifecycle.startConfirmed(what, now);
        updatedAt = now;
    }

    public void cancel(Instant now) {
        lifecycle.cancel(now);
        updatedAt = now;
    }

    public boolean fannedOut(long written, Instant now) {
        boolean moved = lifecycle.fannedOut(written, now);
        if (moved) {
            updatedAt = now;
        }
        return moved;
    }

    public boolean fail(String reason, Instant now) {
        boolean moved = lifecycle.fail(reason, now);
        if (moved) {
            updatedAt = now;
        }
        return moved;
    }

    public CarrierRef ref() {
        return new CarrierRef(workspaceId, CarrierType.NEWSLETTER_ISSUE, id);
    }

    /** Its audience: the Newsletter's subscribers, narrowed by the Issue's segment when it has one. */
    public AudienceSpec audience(Newsletter newsletter) {
        if (!newsletter.id().equals(newsletterId)) {
            throw new IllegalArgumentException(label(id) + " is not an issue of newsletter " + newsletter.id());
        }
        return new AudienceSpec(definition.segmentId(), newsletter.definition().subscriptionGroupId());
    }

    public String id() {
        return id;
    }

    public WorkspaceId workspaceId() {
        return workspaceId;
    }

    public String newsletterId() {
        return newsletterId;
    }

    public IssueDefinition definition() {
        return definition;
    }

    public CarrierLifecycle lifecycle() {
        return lifecycle;
    }

    public CarrierStatus status() {
        return lifecycle.status();
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
