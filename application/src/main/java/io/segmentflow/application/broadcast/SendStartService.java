package io.segmentflow.application.broadcast;

import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.port.out.Broadcasts;
import io.segmentflow.application.port.out.CarrierConfirmations;
import io.segmentflow.application.port.out.FanOutJobs;
import io.segmentflow.application.port.out.NewsletterIssues;
import io.segmentflow.application.port.out.Newsletters;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.application.template.TemplatePreview;
import io.segmentflow.domain.audience.CarrierConfirmation;
import io.segmentflow.domain.audience.CarrierContent;
import io.segmentflow.domain.audience.CarrierLifecycle;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.CarrierType;
import io.segmentflow.domain.audience.SubscriptionGroup;
import io.segmentflow.domain.broadcast.Broadcast;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.newsletter.Newsletter;
import io.segmentflow.domain.newsletter.NewsletterIssue;
import io.segmentflow.domain.operator.Role;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Where audience sends start: the scheduler's pass over due carriers, and a person's confirmation. Either way the
 * carrier moves to sending with its template snapshot and sender pinned, and its fan-out job starts once that is
 * committed.
 */
public class SendStartService implements StartDueSendsUseCase, ConfirmAudienceSendUseCase {
    private static final Logger LOG = Logger.getLogger(SendStartService.class.getName());

    private final Broadcasts broadcasts;
    private final Newsletters newsletters;
    private final NewsletterIssues issues;
    private final CarrierConfirmations confirmations;
    private final FanOutJobs fanOutJobs;
    private final SendPreparation preparation;
    private final Transactions transactions;
    private final Clock clock;
    private final int claimSize;

    public SendStartService(
            Broadcasts broadcasts,
            Newsletters newsletters,
            NewsletterIssues issues,
            CarrierConfirmations confirmations,
            FanOutJobs fanOutJobs,
            SendPreparation preparation,
            int claimSize) {
        this.broadcasts = broadcasts;
        this.newsletters = newsletters;
        this.issues = issues;
        this.confirmations = confirmations;
        this.fanOutJobs = fanOutJobs;
        this.preparation = preparation;
        this.transactions = preparation.transactions();
        this.clock = preparation.clock();
        this.claimSize = claimSize;
    }

    @Override
    public int claimSize() {
        return claimSize;
    }

    @Override
    public int startDue() {
        int broadcastsClaimed = transactions.inTransaction(() -> {
            Instant now = clock.instant();
            var due = broadcasts.claimDue(now, claimSize);
            for (Broadcast broadcast : due) {
                Optional<CarrierLifecycle.Pinned> pinned = preparation.pin(
                        broadcast.workspaceId(),
                        broadcast.definition().content(),
                        broadcast.definition().from());
                if (pinned.isPresent()) {
                    broadcast.startScheduled(pinned.get(), now);
                    fanOutJobs.start(broadcast.ref());
                } else {
                    broadcast.fail(templateGone(broadcast.definition().content().templateId()), now);
                    LOG.warning(() -> Broadcast.label(broadcast.id()) + " failed at its time: its template is gone");
                }
                broadcasts.update(broadcast);
            }
            return due.size();
        });
        int issuesClaimed = transactions.inTransaction(() -> {
            Instant now = clock.instant();
            var due = issues.claimDue(now, claimSize);
            for (NewsletterIssue issue : due) {
                Optional<Newsletter> newsletter = newsletters.find(issue.workspaceId(), issue.newsletterId());
                Optional<CarrierLifecycle.Pinned> pinned = newsletter.flatMap(n -> preparation.pin(
                        issue.workspaceId(),
                        issue.definition().content(),
                        n.definition().from()));
                if (pinned.isPresent()) {
                    issue.startScheduled(pinned.get(), now);
                    fanOutJobs.start(issue.ref());
                } else {
                    issue.fail(templateGone(issue.definition().content().templateId()), now);
                    LOG.warning(() -> NewsletterIssue.label(issue.id()) + " failed at its time: its template is gone");
                }
                issues.update(issue);
            }
            return due.size();
        });
        return Math.max(broadcastsClaimed, issuesClaimed);
    }

    private static String templateGone(String templateId) {
        return "template " + templateId + " was deleted before the send started";
    }

    @Override
    public ConfirmationReview review(WorkspaceId workspaceId, String token) {
        CarrierConfirmation confirmation = usable(workspaceId, token);
        CarrierRef carrier = confirmation.carrier();
        AudienceSend send;
        Preflight preflight;
        if (carrier.type() == CarrierType.BROADCAST) {
            Broadcast broadcast = broadcasts
                    .find(workspaceId, carrier.id())
                    .orElseThrow(() -> new NotFoundException("broadcast", carrier.id()));
            send = AudienceSend.of(broadcast);
            preflight = preparation.preflight(
                    workspaceId,
                    broadcast.audience(),
                    broadcast.definition().from(),
                    broadcast.definition().content());
        } else {
            NewsletterIssue issue = issues.find(workspaceId, carrier.id())
                    .orElseThrow(() -> new NotFoundException("newsletter issue", carrier.id()));
            Newsletter newsletter = newsletters
                    .find(workspaceId, issue.newsletterId())
                    .orElseThrow(() -> new NotFoundException("newsletter", issue.newsletterId()));
            send = AudienceSend.of(issue, newsletter);
            preflight = preparation.preflight(
                    workspaceId,
                    issue.audience(newsletter),
                    newsletter.definition().from(),
                    issue.definition().content());
        }
        Optional<SubscriptionGroup> group = preparation.group(workspaceId, send.subscriptionGroupId());
        return new ConfirmationReview(
                send,
                confirmation.expiresAt(),
                preflight,
                group.map(SubscriptionGroup::name).orElse(null),
                group.map(SubscriptionGroup::optIn).orElse(true));
    }

    @Override
    public TemplatePreview email(WorkspaceId workspaceId, String token) {
        CarrierRef carrier = usable(workspaceId, token).carrier();
        CarrierContent content = carrier.type() == CarrierType.BROADCAST
                ? broadcasts
                        .find(workspaceId, carrier.id())
                        .orElseThrow(() -> new NotFoundException("broadcast", carrier.id()))
                        .definition()
                        .content()
                : issues.find(workspaceId, carrier.id())
                        .orElseThrow(() -> new NotFoundException("newsletter issue", carrier.id()))
                        .definition()
                        .content();
        return preparation.email(workspaceId, content);
    }

    /** The workspace's confirmation of a token, while it can still confirm. */
    private CarrierConfirmation usable(WorkspaceId workspaceId, String token) {
        // Refused after the transaction: a refusal is an answer, not a failure of the transaction.
        CarrierConfirmation confirmation = transactions
                .inTransaction(() -> Optional.of(CarrierConfirmation.looksLikeToken(token))
                        .filter(Boolean::booleanValue)
                        .flatMap(looksLikeOne -> confirmations.findForUpdate(CarrierConfirmation.hashOf(token))))
                .filter(found -> found.carrier().workspaceId().equals(workspaceId))
                .orElseThrow(() -> new NotFoundException("confirmation", "link"));
        confirmation.requireUsable(clock.instant());
        return confirmation;
    }

    @Override
    public CarrierRef confirm(WorkspaceId workspaceId, Role role, String token) {
        role.requireChangesWorkspace();
        return transactions.inTransaction(() -> {
            Instant now = clock.instant();
            CarrierConfirmation confirmation = lockedConfirmation(workspaceId, token);
            confirmation.redeem(now);
            CarrierRef carrier = confirmation.carrier();
            if (carrier.type() == CarrierType.BROADCAST) {
                Broadcast broadcast = broadcasts
                        .findForUpdate(carrier.workspaceId(), carrier.id())
                        .orElseThrow(() -> new NotFoundException("broadcast", carrier.id()));
                broadcast.startConfirmed(
                        pinned(
                                carrier,
                                broadcast.definition().content(),
                                broadcast.definition().from()),
                        now);
                broadcasts.update(broadcast);
            } else {
                NewsletterIssue issue = issues.findForUpdate(carrier.workspaceId(), carrier.id())
                        .orElseThrow(() -> new NotFoundException("newsletter issue", carrier.id()));
                Newsletter newsletter = newsletters
                        .find(carrier.workspaceId(), issue.newsletterId())
                        .orElseThrow(() -> new NotFoundException("newsletter", issue.newsletterId()));
                issue.startConfirmed(
                        pinned(
                                carrier,
                                issue.definition().content(),
                                newsletter.definition().from()),
                        now);
                issues.update(issue);
            }
            confirmations.update(confirmation);
            fanOutJobs.start(carrier);
            return carrier;
        });
    }

    /**
     * What a confirmed send goes out with. Its sender is checked again here, not only at the handover: the domain may
     * have been deleted since, and the person's confirmation must not send unsigned mail to an audience.
     */
    private CarrierLifecycle.Pinned pinned(CarrierRef carrier, CarrierContent content, Mailbox from) {
        preparation.requireSenderReady(carrier.workspaceId(), from);
        return preparation
                .pin(carrier.workspaceId(), content, from)
                .orElseThrow(() -> new NotFoundException("template", content.templateId()));
    }

    /**
     * The confirmation of a token; a token that is malformed, unknown or of another workspace's send is not found, and
     * is never echoed.
     */
    private CarrierConfirmation lockedConfirmation(WorkspaceId workspaceId, String token) {
        if (!CarrierConfirmation.looksLikeToken(token)) {
            throw new NotFoundException("confirmation", "link");
        }
        return confirmations
                .findForUpdate(CarrierConfirmation.hashOf(token))
                .filter(confirmation -> confirmation.carrier().workspaceId().equals(workspaceId))
                .orElseThrow(() -> new NotFoundException("confirmation", "link"));
    }
}
