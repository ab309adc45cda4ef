package io.segmentflow.application.email;

import io.segmentflow.domain.shared.HeaderText;
import io.segmentflow.application.error.TemplateRenderFailedException;
import io.segmentflow.application.port.out.EmailSends;
import io.segmentflow.application.port.out.MailRelay;
import io.segmentflow.application.port.out.MailRelay.OutgoingEmail;
import io.segmentflow.application.port.out.Profiles;
import io.segmentflow.application.port.out.TemplateRenderer;
import io.segmentflow.application.port.out.TemplateRenderer.RenderState;
import io.segmentflow.application.port.out.TemplateRenderer.RenderedEmail;
import io.segmentflow.application.port.out.Templates;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendDetails;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.template.TemplateContent;
import io.segmentflow.domain.template.TemplateSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers the outbox: claims due sends under a lease (short transaction), renders and delivers each
 * outside any transaction, then records each result (short transaction).
 */
public class EmailDispatchService implements DispatchEmailsUseCase {
    private static final Logger LOG = Logger.getLogger(EmailDispatchService.class.getName());
    private static final int SNAPSHOT_CACHE_SIZE = 1000;

    private final EmailSends sends;
    private final Templates templates;
    private final Profiles profiles;
    private final TemplateRenderer renderer;
    private final MailRelay relay;
    private final Transactions transactions;
    private final Clock clock;
    private final DeliverySettings settings;
    // Snapshots never change, so they can be kept; the map is dropped whole when it grows too large.
    private final Map<String, TemplateSnapshot> snapshots = new ConcurrentHashMap<>();

    public EmailDispatchService(EmailSends sends, Templates templates, Profiles profiles, TemplateRenderer renderer,
                                MailRelay relay, Transactions transactions, Clock clock, DeliverySettings settings) {
        this.sends = sends;
        this.templates = templates;
        this.profiles = profiles;
        this.renderer = renderer;
        this.relay = relay;
        this.transactions = transactions;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public int dispatchDue() {
        Instant now = clock.instant();
        List<EmailSend> claimed = transactions.inTransaction(
                () -> sends.claimDue(now, now.plus(settings.lease()), settings.claimBatchSize()));
        for (EmailSend send : claimed) {
            if (!leaseHoldsForAnAttempt(send)) {
                // Slow attempts earlier in the batch used up the lease: another worker may hold this
                // send by now, and delivering it here too would send it twice. Its lease runs out and
                // it is claimed afresh.
                continue;
            }
            if (send.attempts() > settings.maxAttempts()) {
                // Its earlier attempts never finished (their workers died, or it kills them): stop here.
                send.fail(clock.instant(), "gave up after " + settings.maxAttempts()
                        + " attempts that did not finish");
            } else {
                attempt(send);
            }
            boolean stillOurs = transactions.inTransaction(() -> sends.recordProgress(send));
            if (!stillOurs) {
                LOG.warning(() -> "send " + send.id() + ": lease lost before its result was recorded");
            }
        }
        return claimed.size();
    }

    private boolean leaseHoldsForAnAttempt(EmailSend send) {
        return clock.instant().plus(settings.lease().dividedBy(4)).isBefore(send.progress().leaseUntil());
    }

    private void attempt(EmailSend send) {
        MailRelay.Outcome outcome;
        try {
            outcome = relay.deliver(compose(send));
        } catch (TemplateRenderFailedException e) {
            send.fail(clock.instant(), "template_render_failed: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "send " + send.id() + ": delivery attempt failed unexpectedly", e);
            outcome = new MailRelay.TransientFailure("internal error: " + e.getClass().getSimpleName());
        }
        Instant now = clock.instant();
        if (outcome instanceof MailRelay.Accepted) {
            send.markSent(now, outcome.reply());
        } else if (outcome instanceof MailRelay.PermanentFailure) {
            send.fail(now, outcome.reply());
        } else if (send.attempts() >= settings.maxAttempts()) {
            send.fail(now, "gave up after " + send.attempts() + " attempts; last reply: " + outcome.reply());
        } else {
            double jitter = ThreadLocalRandom.current().nextDouble();
            send.deferUntil(now, now.plus(settings.retryDelay(send.attempts(), jitter)), outcome.reply());
        }
    }

    private OutgoingEmail compose(EmailSend send) {
        EmailSendDetails d = send.details();
        TemplateSnapshot snapshot = snapshot(send);
        String profileProperties = d.profileId() == null ? "{}"
                : profiles.find(d.workspaceId(), d.profileId()).map(Profile::properties).orElse("{}");
        RenderedEmail rendered = renderer.render(snapshot.content(), new RenderState(d.data(), profileProperties, "{}"));
        String subject = d.subject() != null ? d.subject() : singleLine(rendered.subject());
        return new OutgoingEmail(d.messageId(), d.from(), d.to(), d.cc(), d.bcc(), d.replyTo(), subject,
                rendered.html(), rendered.text());
    }

    private TemplateSnapshot snapshot(EmailSend send) {
        String id = send.details().templateSnapshotId();
        TemplateSnapshot cached = snapshots.get(id);
        if (cached != null) {
            return cached;
        }
        TemplateSnapshot loaded = templates.snapshot(send.workspaceId(), id)
                .orElseThrow(() -> new TemplateRenderFailedException("template snapshot " + id + " is missing"));
        if (snapshots.size() >= SNAPSHOT_CACHE_SIZE) {
            snapshots.clear();
        }
        snapshots.put(id, loaded);
        return loaded;
    }

    /** A rendered subject is one header line of at most 998 characters, whatever the data held. */
    static String singleLine(String subject) {
        String line = HeaderText.flatten(subject);
        return line.length() <= TemplateContent.MAX_SUBJECT_LENGTH ? line
                : line.substring(0, TemplateContent.MAX_SUBJECT_LENGTH);
    }
}
