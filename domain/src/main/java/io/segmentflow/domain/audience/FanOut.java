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
 * The fan-out of one carrier: what each member of its audience gets. An eligible member gets a queued
 * audience-priority EmailSend of the plan's template snapshot, sender and subject, linked to the carrier and its
 * subscription group; a member who must not be mailed gets a skipped one that says why, so the carrier's results
 * count every member once. A member without an address gets nothing, since a send needs a recipient; preflight
 * counts those ({@link AudienceCounts#noAddress}).
 */
public final class FanOut {
    private final FanOutPlan plan;
    private final boolean subscriptionRequired;

    /**
     * @param subscriptionRequired whether the subscription group mails only Profiles that subscribed (opt-in), so
     *     that one that never said either way is skipped; otherwise only an unsubscribe keeps a Profile out
     */
    public FanOut(FanOutPlan plan, boolean subscriptionRequired) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.subscriptionRequired = subscriptionRequired;
    }

    public FanOutPlan plan() {
        return plan;
    }

    /** Why {@code member} must not get the send, the first reason that holds; empty when it gets it. */
    public Optional<Ineligibility> ineligibility(AudienceMember member) {
        if (member.email() == null) {
            return Optional.of(Ineligibility.NO_ADDRESS);
        }
        if (member.suppressed()) {
            return Optional.of(Ineligibility.SUPPRESSED);
        }
        if (member.consent() == ConsentStatus.UNSUBSCRIBED) {
            return Optional.of(Ineligibility.UNSUBSCRIBED);
        }
        if (member.consent() == ConsentStatus.NEVER && subscriptionRequired) {
            return Optional.of(Ineligibility.NEVER_SUBSCRIBED);
        }
        return Optional.empty();
    }

    /**
     * The EmailSend {@code member} gets, with id {@code sendId}: queued when eligible, skipped with the reason when
     * not; empty for a member without an address.
     */
    public Optional<EmailSend> sendTo(AudienceMember member, String sendId, Instant now) {
        Optional<Ineligibility> refusal = ineligibility(member);
        if (refusal.filter(r -> r == Ineligibility.NO_ADDRESS).isPresent()) {
            return Optional.empty();
        }
        EmailSendDetails details = new EmailSendDetails(
                sendId,
                plan.carrier().workspaceId(),
                member.profileId(),
                plan.templateId(),
                plan.templateSnapshotId(),
                Mailbox.of(member.email()),
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
        return Optional.of(
                refusal.isEmpty()
                        ? EmailSend.accept(details)
                        : EmailSend.skipAtAcceptance(details, refusal.get().reason()));
    }
}
