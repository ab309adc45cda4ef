package io.segmentflow.domain.audience;

import io.segmentflow.domain.email.AudienceLink;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendDetails;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.SendPriority;
import io.segmentflow.domain.email.Tracking;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The fan-out of one carrier: what each member of its audience gets, as its subscription group's rule decides
 * ({@link SubscriptionGroup#exclusionOf}). An eligible member gets a queued
 * audience-priority EmailSend of the plan's template snapshot, sender and subject, linked to the carrier and its
 * subscription group; a member who must not be mailed gets a skipped one that says why, so the carrier's results
 * count every member once. A member without an address gets a skipped send that names no recipient (reason
 * {@code no_address}), as preflight counts it ({@link AudienceCounts#noAddress}).
 */
public final class FanOut {
    private final FanOutPlan plan;
    private final SubscriptionGroup group;

    /** @param group the plan's subscription group, whose rule decides who is mailed */
    public FanOut(FanOutPlan plan, SubscriptionGroup group) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.group = Objects.requireNonNull(group, "group");
        if (!group.id().equals(plan.audience().subscriptionGroupId())) {
            throw new IllegalArgumentException(
                    "the plan is sent under group " + plan.audience().subscriptionGroupId() + ", not " + group.id());
        }
    }

    public FanOutPlan plan() {
        return plan;
    }

    /** Why {@code member} must not get the send, as the group's rule says; empty when it gets it. */
    public Optional<Exclusion> exclusionOf(AudienceMember member) {
        return group.exclusionOf(member);
    }

    /**
     * The reason a skipped send records: the exclusion's wire name first, so that results can count sends by reason,
     * then what it means.
     */
    public String reason(Exclusion exclusion) {
        return exclusion.wireName() + ": "
                + switch (exclusion) {
                    case NO_ADDRESS -> "the Profile has no email address";
                    case SUPPRESSED -> "the address is on the workspace's suppression list";
                    case UNSUBSCRIBED -> "the Profile unsubscribed from subscription group " + group.id();
                    case NEVER_SUBSCRIBED -> "the Profile never subscribed to subscription group " + group.id();
                };
    }

    /**
     * The EmailSend {@code member} gets, with id {@code sendId}: queued when eligible, skipped with the reason when
     * not (with no recipient when the member has no address).
     */
    public EmailSend sendTo(AudienceMember member, String sendId, Instant now) {
        Optional<Exclusion> refusal = exclusionOf(member);
        EmailSendDetails details = new EmailSendDetails(
                sendId,
                plan.carrier().workspaceId(),
                member.profileId(),
                plan.templateId(),
                plan.templateSnapshotId(),
                member.email() == null ? null : Mailbox.of(member.email()),
                null,
                plan.from(),
                null,
                plan.subject(),
                null,
                null,
                null,
                Tracking.NONE,
                SendPriority.AUDIENCE,
                EmailSend.messageIdFor(sendId, plan.from().address()),
                null,
                now,
                null,
                new AudienceLink(plan.audience().subscriptionGroupId(), plan.carrier()));
        return refusal.isEmpty()
                ? EmailSend.accept(details)
                : EmailSend.skipAtAcceptance(details, reason(refusal.get()));
    }
}
