package io.segmentflow.application.email;

import io.segmentflow.application.error.StoreUnavailableException;
import io.segmentflow.application.error.TemplateRenderFailedException;
import io.segmentflow.application.port.out.Consents;
import io.segmentflow.application.port.out.DispatchSignal;
import io.segmentflow.application.port.out.EmailSends;
import io.segmentflow.application.port.out.EmailSends.Claimed;
import io.segmentflow.application.port.out.MailRelay;
import io.segmentflow.application.port.out.MailRelay.OutgoingEmail;
import io.segmentflow.application.port.out.Profiles;
import io.segmentflow.application.port.out.SubscriptionGroups;
import io.segmentflow.application.port.out.Suppressions;
import io.segmentflow.application.port.out.TemplateRenderer;
import io.segmentflow.application.port.out.TemplateRenderer.RenderState;
import io.segmentflow.application.port.out.TemplateRenderer.RenderedEmail;
import io.segmentflow.application.port.out.Templates;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.application.port.out.UnsubscribeLinks;
import io.segmentflow.application.port.out.UserEvents;
import io.segmentflow.application.sender.SigningKeys;
import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.audience.SubscriptionGroup;
import io.segmentflow.domain.email.AttemptOutcome;
import io.segmentflow.domain.email.AudienceLink;
import io.segmentflow.domain.email.DeliveryAttempt;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendDetails;
import io.segmentflow.domain.email.EmailSendStatus;
import io.segmentflow.domain.email.Recipient;
import io.segmentflow.domain.email.RelayAnswer;
import io.segmentflow.domain.email.RetryPolicy;
import io.segmentflow.domain.sender.SenderDomain;
import io.segmentflow.domain.shared.HeaderText;
import io.segmentflow.domain.suppression.Suppression;
import io.segmentflow.domain.suppression.SuppressionReason;
import io.segmentflow.domain.template.TemplateContent;
import io.segmentflow.domain.template.TemplateSnapshot;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Delivers the outbox: claims due sends under a lease (short transaction), renders and delivers each
 * outside any transaction, then records each result (short transaction). While claims come back full, a claim's
 * results are recorded in the transaction that makes the next claim.
 *
 * <p>A result the database cannot take because it is unreachable is held in memory and recorded when it returns,
 * before this node claims anything more: dropped, it would bring its message back for a second delivery when
 * the lease ran out. A result recorded late still counts while its send is claimed by the same claim (the
 * record checks the attempt count, not the clock), and no worker of this node can claim the send again before
 * the result is recorded. The bound: another node may claim it once the database is back if the outage outlasted
 * the lease left after the attempt (at least half the lease, see {@link #leaseHoldsForAnAttempt}), and deliver it
 * again; at most the results held, which are at most the workers' claims ({@code claimBatchSize} each).
 */
public class EmailDispatchService implements DispatchEmailsUseCase {
    private static final Logger LOG = Logger.getLogger(EmailDispatchService.class.getName());

    private final EmailSends sends;
    private final Templates templates;
    private final Profiles profiles;
    private final UserEvents events;
    private final TemplateRenderer renderer;
    private final MailRelay relay;
    private final Suppressions suppressions;
    private final SubscriptionGroups groups;
    private final Consents consents;
    private final UnsubscribeLinks unsubscribeLinks;
    private final SigningKeys signingKeys;
    private final Transactions transactions;
    private final DispatchSignal signal;
    private final Clock clock;
    private final DeliverySettings settings;
    private final RetryPolicy retryPolicy;

    public EmailDispatchService(
            EmailSends sends,
            Templates templates,
            Profiles profiles,
            UserEvents events,
            TemplateRenderer renderer,
            MailRelay relay,
            Suppressions suppressions,
            SubscriptionGroups groups,
            Consents consents,
            UnsubscribeLinks unsubscribeLinks,
            SigningKeys signingKeys,
            Transactions transactions,
            DispatchSignal signal,
            Clock clock,
            DeliverySettings settings) {
        this.sends = sends;
        this.templates = templates;
        this.profiles = profiles;
        this.events = events;
        this.renderer = renderer;
        this.relay = relay;
        this.suppressions = suppressions;
        this.groups = groups;
        this.consents = consents;
        this.unsubscribeLinks = unsubscribeLinks;
        this.signingKeys = signingKeys;
        this.transactions = transactions;
        this.signal = signal;
        this.clock = clock;
        this.settings = settings;
        this.retryPolicy = settings.retryPolicy();
    }

    /**
     * How long one pass goes on claiming while claims come back full. The results of a full claim are recorded in
     * the transaction that claims the next one, which halves the transactions of a backlog's delivery; the pass then
     * ends, so that its worker soon looks again whether it is asked to stop, and wakes another worker.
     */
    private static final Duration LONGEST_PASS = Duration.ofSeconds(1);

    @Override
    public DispatchPass dispatchDue() {
        recordHeldResults();
        Instant passStart = clock.instant();
        int claimedInPass = 0;
        Unrecorded previous = null;
        while (true) {
            Claim claim = claimAfterRecording(previous);
            List<Claimed> claimed = claim.sends();
            claimedInPass += claimed.size();
            Results results = deliver(claim);
            boolean full = claimed.size() == settings.claimBatchSize();
            boolean more = full && clock.instant().isBefore(passStart.plus(LONGEST_PASS));
            if (!more || results.sends.isEmpty()) {
                record(results);
                return new DispatchPass(claimedInPass, !full);
            }
            previous = results.take();
        }
    }

    /**
     * Claims due sends in one transaction with the recording of the previous claim's results, if any: a worker
     * records and claims in one round trip to the database. The results are held, and nothing is claimed, when it is
     * unreachable.
     */
    private Claim claimAfterRecording(Unrecorded previous) {
        Instant now = clock.instant();
        Set<String> lost = Set.of();
        Claim claim;
        try {
            Recorded recorded = transactions.inTransaction(() -> {
                Set<String> lostLeases = previous == null ? Set.of() : storeInTransaction(previous);
                List<Claimed> due = sends.claimDue(now, now.plus(settings.lease()), settings.claimBatchSize());
                List<EmailSend> dueSends = due.stream().map(Claimed::send).toList();
                return new Recorded(
                        lostLeases,
                        new Claim(
                                due,
                                suppressedAmong(dueSends),
                                profilePropertiesOf(dueSends),
                                eventDataOf(dueSends),
                                groupsOf(dueSends),
                                consentsOf(dueSends),
                                signingKeys.verifiedOf(dueSends.stream()
                                        .map(EmailSend::workspaceId)
                                        .collect(Collectors.toSet()))));
            });
            lost = recorded.lostLeases();
            claim = recorded.claim();
        } catch (StoreUnavailableException e) {
            if (previous != null) {
                hold(previous);
            }
            throw e;
        }
        if (previous != null) {
            afterStored(previous, lost);
        }
        return claim;
    }

    private record Recorded(Set<String> lostLeases, Claim claim) {}

    /** One attempt for each claimed send that is still to go out; the results, not yet all recorded. */
    private Results deliver(Claim claim) {
        Results results = new Results();
        boolean storeDown = false;
        for (Claimed claimedSend : claim.sends()) {
            EmailSend send = claimedSend.send();
            if (!send.withhold(claim.suppressed().getOrDefault(send.workspaceId(), Map.of()), clock.instant())
                    || !admitted(send, claim)) {
                results.add(claimedSend, null);
                continue;
            }
            if (!leaseHoldsForAnAttempt(send)) {
                // Slow attempts earlier in the batch used up the lease: another worker may hold this
                // send by now, and delivering it here too would send it twice. Its lease runs out and
                // it is claimed afresh.
                continue;
            }
            if (send.giveUpOnUnfinishedAttempts(clock.instant(), retryPolicy)) {
                results.add(claimedSend, null);
            } else {
                results.add(claimedSend, attempt(send, claim));
            }
            // With the database unreachable the claim is still delivered; its results wait for the end of it.
            if (!storeDown && results.waitingLongerThan(RECORD_AT_LEAST_EVERY)) {
                storeDown = !record(results);
            }
        }
        return results;
    }

    /**
     * @param sends             each as claimed, with the attempt count its result is recorded against
     * @param suppressed        by workspace, the addresses among the claimed sends' recipients that it suppresses,
     *                          and why
     * @param profileProperties the recipients' profile properties by profile id, read with the claim so that
     *                          rendering needs no query of its own per message
     * @param eventData         the data of the events that started the Journey emails' runs, by event id
     * @param senderDomains     the verified sender domains of the claimed sends' workspaces, whose keys sign
     */
    private record Claim(
            List<Claimed> sends,
            Map<WorkspaceId, Map<EmailAddress, SuppressionReason>> suppressed,
            Map<String, String> profileProperties,
            Map<String, String> eventData,
            Map<String, SubscriptionGroup> groups,
            Map<GroupConsent, ConsentStatus> consents,
            Map<WorkspaceId, List<SenderDomain>> senderDomains) {}

    /** A Profile's consent to a group, as the claim read it. */
    private record GroupConsent(String subscriptionGroupId, String profileId) {}

    /** A send under a subscription group goes out only to a Profile the group admits. */
    private boolean admitted(EmailSend send, Claim claim) {
        AudienceLink audience = send.details().audience();
        if (audience == null) {
            return true;
        }
        ConsentStatus consent = claim.consents()
                .getOrDefault(
                        new GroupConsent(
                                audience.subscriptionGroupId(), send.details().profileId()),
                        SubscriptionGroup.noRecord());
        return send.withholdUnlessAdmitted(
                claim.groups().get(audience.subscriptionGroupId()), consent, clock.instant());
    }

    /** The groups the claimed sends go out under, deleted ones too (their sends are still judged by them). */
    private Map<String, SubscriptionGroup> groupsOf(List<EmailSend> claimed) {
        Map<String, SubscriptionGroup> found = new HashMap<>();
        claimed.stream()
                .map(send -> send.details().audience())
                .filter(Objects::nonNull)
                .map(AudienceLink::subscriptionGroupId)
                .distinct()
                .forEach(id -> groups.findIncludingDeleted(id).ifPresent(group -> found.put(id, group)));
        return found;
    }

    /** The recipients' consents to the groups their sends go out under: one query per workspace and group. */
    private Map<GroupConsent, ConsentStatus> consentsOf(List<EmailSend> claimed) {
        Map<GroupConsent, ConsentStatus> found = new HashMap<>();
        claimed.stream()
                .filter(send ->
                        send.details().audience() != null && send.details().profileId() != null)
                .collect(Collectors.groupingBy(
                        send -> Map.entry(
                                send.workspaceId(), send.details().audience().subscriptionGroupId()),
                        Collectors.mapping(send -> send.details().profileId(), Collectors.toSet())))
                .forEach((group, profileIds) -> consents.statusesOf(group.getKey(), group.getValue(), profileIds)
                        .forEach((profileId, status) ->
                                found.put(new GroupConsent(group.getValue(), profileId), status)));
        return found;
    }

    private Map<String, String> eventDataOf(List<EmailSend> claimed) {
        Map<String, String> data = new HashMap<>();
        claimed.stream()
                .filter(send -> send.details().journey() != null
                        && send.details().journey().eventId() != null)
                .collect(Collectors.groupingBy(
                        EmailSend::workspaceId,
                        Collectors.mapping(send -> send.details().journey().eventId(), Collectors.toSet())))
                .forEach((workspace, ids) -> data.putAll(events.dataOf(workspace, ids)));
        return data;
    }

    private Map<String, String> profilePropertiesOf(List<EmailSend> claimed) {
        Map<String, String> properties = new HashMap<>();
        claimed.stream()
                .filter(send -> send.details().profileId() != null)
                .collect(Collectors.groupingBy(
                        EmailSend::workspaceId,
                        Collectors.mapping(send -> send.details().profileId(), Collectors.toSet())))
                .forEach((workspace, ids) -> properties.putAll(profiles.propertiesOf(workspace, ids)));
        return properties;
    }

    /**
     * Which of the claimed sends' recipients (to, cc and bcc) their workspace suppresses, and why: one query per
     * workspace in the claim.
     */
    private Map<WorkspaceId, Map<EmailAddress, SuppressionReason>> suppressedAmong(List<EmailSend> claimed) {
        Map<WorkspaceId, Map<EmailAddress, SuppressionReason>> listed = new HashMap<>();
        claimed.stream()
                .collect(Collectors.groupingBy(
                        EmailSend::workspaceId,
                        Collectors.flatMapping(
                                send -> send.recipients().stream().map(Recipient::address), Collectors.toSet())))
                .forEach((workspace, addresses) ->
                        listed.put(workspace, suppressions.suppressedAmong(workspace, addresses)));
        return listed;
    }

    /**
     * Results are stored together, one transaction for many sends, but none waits long: the sooner a result
     * is stored, the smaller the window in which a crash would make a delivered message go out again.
     */
    private static final Duration RECORD_AT_LEAST_EVERY = Duration.ofMillis(100);

    /** The results of a claim not yet stored. */
    private final class Results {
        final List<Claimed> sends = new ArrayList<>();
        final List<DeliveryAttempt> attempts = new ArrayList<>();
        final List<Suppression> bounces = new ArrayList<>();
        Instant firstAt;

        /** @param outcome what the claim's attempt left to store; null when it made none */
        void add(Claimed send, AttemptOutcome outcome) {
            if (sends.isEmpty()) {
                firstAt = clock.instant();
            }
            sends.add(send);
            if (outcome != null) {
                attempts.add(outcome.attempt());
                bounces.addAll(outcome.bounces());
            }
        }

        boolean waitingLongerThan(Duration duration) {
            return !sends.isEmpty() && clock.instant().isAfter(firstAt.plus(duration));
        }

        Unrecorded take() {
            Unrecorded taken = new Unrecorded(List.copyOf(sends), List.copyOf(attempts), List.copyOf(bounces));
            sends.clear();
            attempts.clear();
            bounces.clear();
            return taken;
        }
    }

    /** Records the results waiting, or holds them when the database is unreachable; whether they were recorded. */
    private boolean record(Results results) {
        if (results.sends.isEmpty()) {
            return true;
        }
        Unrecorded taken = results.take();
        try {
            store(taken);
            return true;
        } catch (StoreUnavailableException e) {
            hold(taken);
            return false;
        }
    }

    /** Results of a claim, taken out of the claim's loop. */
    private record Unrecorded(List<Claimed> sends, List<DeliveryAttempt> attempts, List<Suppression> bounces) {}

    /**
     * Results this node made while the database was unreachable, oldest first. Bounded by the claims in flight:
     * nothing more is claimed while any is held, so each worker adds at most the rest of one claim.
     */
    private final Deque<Unrecorded> held = new ArrayDeque<>();

    private volatile boolean holding;

    private void hold(Unrecorded results) {
        int count;
        synchronized (held) {
            held.addLast(results);
            holding = true;
            count = held.stream().mapToInt(r -> r.sends().size()).sum();
        }
        LOG.warning(() -> "the database is unreachable: " + count + " delivery results held until it answers");
    }

    /**
     * Records the results held, oldest first, before anything more is claimed. A result leaves the queue only once
     * committed, so a worker that comes to claim meanwhile waits here rather than claim a send whose result is
     * being recorded. Throws {@link StoreUnavailableException} while the database is still unreachable.
     */
    private void recordHeldResults() {
        if (!holding) {
            return;
        }
        synchronized (held) {
            while (!held.isEmpty()) {
                Unrecorded oldest = held.peekFirst();
                try {
                    store(oldest);
                } catch (StoreUnavailableException e) {
                    throw new StoreUnavailableException(
                            held.stream().mapToInt(r -> r.sends().size()).sum()
                                    + " delivery results wait for the database: " + e.getMessage(),
                            e);
                } catch (RuntimeException e) {
                    // Not an outage: kept, they would block delivery for good; their sends come back after the lease.
                    LOG.log(
                            Level.SEVERE,
                            "could not record held delivery results; their sends come back when the" + " lease ends",
                            e);
                }
                held.removeFirst();
            }
            holding = false;
        }
        LOG.info("the database answers again: the delivery results held are recorded");
    }

    @Override
    public List<String> recordHeldResultsAtStop() {
        try {
            recordHeldResults();
            return List.of();
        } catch (StoreUnavailableException e) {
            synchronized (held) {
                List<String> dropped = held.stream()
                        .flatMap(r -> r.sends().stream())
                        .map(c -> c.send().id())
                        .toList();
                held.clear();
                holding = false;
                LOG.severe(() -> "delivery stops with " + dropped.size() + " results the database could not take;"
                        + " these sends come back when their lease ends and are delivered again: " + dropped);
                return dropped;
            }
        }
    }

    private void store(Unrecorded results) {
        afterStored(results, transactions.inTransaction(() -> storeInTransaction(results)));
    }

    /** Stores the results in the transaction under way; the ids of the sends whose lease was lost. */
    private Set<String> storeInTransaction(Unrecorded results) {
        Set<String> lostLeases = sends.recordProgress(results.sends(), results.attempts());
        // In one order for every worker, so two recording bounces of the same addresses cannot deadlock.
        results.bounces().stream()
                .filter(bounce -> !lostLeases.contains(bounce.emailSendId()))
                .sorted(Comparator.comparing((Suppression b) -> b.workspaceId().value())
                        .thenComparing(b -> b.address().value()))
                .forEach(suppressions::add);
        return lostLeases;
    }

    /** What follows the commit of results: a word on leases lost, and a wake-up for the earliest retry. */
    private void afterStored(Unrecorded results, Set<String> lost) {
        if (!lost.isEmpty()) {
            LOG.warning(() -> "sends " + lost + ": lease lost before their result was recorded");
        }
        results.sends().stream()
                .map(Claimed::send)
                .filter(send -> send.status() == EmailSendStatus.QUEUED && !lost.contains(send.id()))
                .map(send -> send.progress().nextAttemptAt())
                .min(Instant::compareTo)
                .ifPresent(signal::retryDueAt);
    }

    /**
     * Half the lease must be left: an attempt (SMTP time-outs of 10 s to connect and 30 s a reply) and the
     * recording of the results still waiting must both end while the claim holds.
     */
    private boolean leaseHoldsForAnAttempt(EmailSend send) {
        return clock.instant()
                .plus(settings.lease().dividedBy(2))
                .isBefore(send.progress().leaseUntil());
    }

    /** One delivery attempt: the relay is called here, the send decides what its answer means. */
    private AttemptOutcome attempt(EmailSend send, Claim claim) {
        Instant startedAt = clock.instant();
        SigningKeys.Signing signing = signingKeys.signingFor(
                send.details().from().address(), claim.senderDomains().getOrDefault(send.workspaceId(), List.of()));
        send.signedAs(signing.signature());
        MailRelay.Outcome outcome;
        try {
            outcome = relay.deliver(compose(send, claim, signing.key()));
        } catch (TemplateRenderFailedException e) {
            return send.recordNotSent(startedAt, clock.instant(), "template_render_failed: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "send " + send.id() + ": delivery attempt failed unexpectedly", e);
            outcome = new MailRelay.TransientFailure(
                    "internal error: " + e.getClass().getSimpleName());
        }
        return send.recordAttempt(
                answerOf(outcome),
                startedAt,
                clock.instant(),
                retryPolicy,
                ThreadLocalRandom.current().nextDouble());
    }

    /** The relay's outcome in the send's terms. */
    private static RelayAnswer answerOf(MailRelay.Outcome outcome) {
        DeliveryAttempt.Result result = outcome instanceof MailRelay.Accepted
                ? DeliveryAttempt.Result.ACCEPTED
                : outcome instanceof MailRelay.PermanentFailure
                        ? DeliveryAttempt.Result.PERMANENT_FAILURE
                        : DeliveryAttempt.Result.TEMPORARY_FAILURE;
        return new RelayAnswer(result, outcome.reply(), outcome.refusals(), outcome.bounced());
    }

    private OutgoingEmail compose(EmailSend send, Claim claim, MailRelay.DkimKey signing) {
        EmailSendDetails d = send.details();
        TemplateSnapshot snapshot = snapshot(send);
        String properties =
                d.profileId() == null ? "{}" : claim.profileProperties().getOrDefault(d.profileId(), "{}");
        // An event whose data was erased renders as if it had none.
        String event = d.journey() == null || d.journey().eventId() == null
                ? "{}"
                : claim.eventData().getOrDefault(d.journey().eventId(), "{}");
        RenderedEmail rendered = renderer.render(snapshot.content(), new RenderState(d.data(), properties, event));
        String subject = d.subject() != null ? d.subject() : singleLine(rendered.subject());
        // Every email under a subscription group carries its recipient's one-click unsubscribe link (RFC 8058).
        String unsubscribe = d.audience() == null || d.profileId() == null
                ? null
                : unsubscribeLinks.linkFor(d.profileId(), d.audience().subscriptionGroupId());
        return new OutgoingEmail(
                d.messageId(),
                d.from(),
                d.to(),
                send.ccToDeliver(),
                send.bccToDeliver(),
                d.replyTo(),
                subject,
                rendered.html(),
                rendered.text(),
                unsubscribe,
                signing);
    }

    private TemplateSnapshot snapshot(EmailSend send) {
        String id = send.details().templateSnapshotId();
        return templates
                .snapshot(send.workspaceId(), id)
                .orElseThrow(() -> new TemplateRenderFailedException("template snapshot " + id + " is missing"));
    }

    /** A rendered subject is one header line of at most 998 characters, whatever the data held. */
    static String singleLine(String subject) {
        String line = HeaderText.flatten(subject);
        return line.length() <= TemplateContent.MAX_SUBJECT_LENGTH
                ? line
                : line.substring(0, TemplateContent.MAX_SUBJECT_LENGTH);
    }
}
