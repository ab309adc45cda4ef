package io.segmentflow.domain.email;

import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.audience.Exclusion;
import io.segmentflow.domain.audience.SubscriptionGroup;
import io.segmentflow.domain.shared.HeaderText;
import io.segmentflow.domain.shared.IllegalTransitionException;
import io.segmentflow.domain.suppression.Suppression;
import io.segmentflow.domain.suppression.SuppressionReason;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One email to one recipient, accepted through emails.send (or later a batch, a Journey or a
 * Broadcast), and its way through delivery:
 * {@code queued -> processing -> sent}, or {@code failed} (permanent), or {@code skipped}
 * (suppressed or unsubscribed). A worker claims a due send under a lease; a lease that runs out
 * (the worker died) makes the send claimable again, so nothing accepted stays stuck.
 *
 * <p>The send is for its {@code to} recipient; cc and bcc recipients get copies. Every recipient is checked against
 * the suppression list before each attempt ({@link #withhold}): a listed copy is left out, a listed {@code to}
 * skips the send. What became of the send follows what became of its {@code to} recipient; each recipient's own
 * reply is kept with the attempt.
 *
 * <p>The send decides what an attempt's answer means ({@link #recordAttempt}) under a {@link RetryPolicy} and says
 * what followed: the attempt to keep and the hard bounces to suppress. Storing them is its caller's job. Sent,
 * deferred, failed and skipped are its own moves, made only through {@link #recordAttempt}, {@link #recordNotSent},
 * {@link #giveUpOnUnfinishedAttempts} and {@link #withhold}, so no caller can reach one without the decision.
 */
public final class EmailSend {
    /** Longest SMTP reply or failure text kept; replies are short, a hostile relay's need not be. */
    public static final int MAX_REPLY_LENGTH = 1000;

    private final EmailSendDetails details;
    private DeliveryProgress progress;
    /** The recipients the last attempt (or skip) left out, as decided when it was claimed. */
    private List<WithheldRecipient> withheld;
    /** Whether the last attempt's message was DKIM-signed; null before the first attempt. */
    private DkimSignature dkim;

    private EmailSend(
            EmailSendDetails details, DeliveryProgress progress, List<WithheldRecipient> withheld, DkimSignature dkim) {
        this.details = Objects.requireNonNull(details);
        this.progress = Objects.requireNonNull(progress);
        // Only a send that never goes out may lack a recipient: every other one is delivered to its address.
        if (details.to() == null && progress.status() != EmailSendStatus.SKIPPED) {
            throw new IllegalArgumentException("send " + details.id() + " has no recipient and is "
                    + progress.status().wireName());
        }
        this.withheld = List.copyOf(withheld);
        this.dkim = dkim;
    }

    /** A newly accepted send, due at once; it needs a recipient. */
    public static EmailSend accept(EmailSendDetails details) {
        return new EmailSend(details, DeliveryProgress.queued(details.createdAt()), List.of(), null);
    }

    /**
     * A send accepted already skipped: its recipient must not get it (an audience member who unsubscribed, say, or
     * whose Profile has no address, when {@code details} name no recipient), and it is kept so that what became of
     * each recipient can be counted. Nothing goes to SMTP.
     */
    public static EmailSend skipAtAcceptance(EmailSendDetails details, String reason) {
        return new EmailSend(
                details,
                new DeliveryProgress(EmailSendStatus.SKIPPED, 0, null, null, null, clip(reason), details.createdAt()),
                List.of(),
                null);
    }

    /** A send as it was stored. */
    public static EmailSend restore(EmailSendDetails details, DeliveryProgress progress) {
        return restore(details, progress, List.of());
    }

    /** A send as it was stored, with the recipients its last attempt left out. */
    public static EmailSend restore(
            EmailSendDetails details, DeliveryProgress progress, List<WithheldRecipient> withheld) {
        return new EmailSend(details, progress, withheld, null);
    }

    /** A send as it was stored, with the recipients its last attempt left out and how its message was signed. */
    public static EmailSend restore(
            EmailSendDetails details, DeliveryProgress progress, List<WithheldRecipient> withheld, DkimSignature dkim) {
        return new EmailSend(details, progress, withheld, dkim);
    }

    /** The Message-ID of a send: stable across retries, so a receiver can drop a duplicate delivery. */
    public static String messageIdFor(String sendId, EmailAddress from) {
        return "<" + sendId + "@" + from.domain() + ">";
    }

    public boolean isClaimable(Instant now) {
        return switch (progress.status()) {
            case QUEUED -> !progress.nextAttemptAt().isAfter(now);
            case PROCESSING ->
                progress.leaseUntil() != null && progress.leaseUntil().isBefore(now);
            default -> false;
        };
    }

    /** A worker takes the send for one delivery attempt, holding it until {@code leaseUntil}. */
    public void claim(Instant now, Instant leaseUntil) {
        if (!isClaimable(now)) {
            throw new IllegalTransitionException("send " + id() + " is " + status().wireName() + " and not due");
        }
        progress = new DeliveryProgress(
                EmailSendStatus.PROCESSING,
                progress.attempts() + 1,
                progress.nextAttemptAt(),
                leaseUntil,
                progress.lastReply(),
                null,
                now);
    }

    /** The relay accepted the message. */
    private void markSent(Instant now, String reply) {
        requireProcessing("mark as sent");
        progress = new DeliveryProgress(EmailSendStatus.SENT, progress.attempts(), null, null, clip(reply), null, now);
    }

    /** A transient failure (4xx, refused connection, time-out): try again at {@code nextAttemptAt}. */
    private void deferUntil(Instant now, Instant nextAttemptAt, String reply) {
        requireProcessing("defer");
        progress = new DeliveryProgress(
                EmailSendStatus.QUEUED, progress.attempts(), nextAttemptAt, null, clip(reply), null, now);
    }

    /** A permanent failure: the send will not be tried again. */
    private void fail(Instant now, String reason) {
        fail(now, reason, progress.lastReply());
    }

    /** A permanent failure after an attempt whose reply was {@code reply} (a 5xx, or the last 4xx before giving up). */
    private void fail(Instant now, String reason, String reply) {
        requireProcessing("fail");
        progress = new DeliveryProgress(
                EmailSendStatus.FAILED, progress.attempts(), null, null, clip(reply), clip(reason), now);
    }

    /**
     * The recipient must not receive it (suppressed, unsubscribed); nothing goes to SMTP. A claim that ends here
     * made no delivery attempt, so it is not counted as one.
     */
    private void skip(Instant now, String reason) {
        if (status() != EmailSendStatus.QUEUED && status() != EmailSendStatus.PROCESSING) {
            throw new IllegalTransitionException(
                    "send " + id() + " is " + status().wireName() + " and cannot be skipped");
        }
        int attempts = status() == EmailSendStatus.PROCESSING ? progress.attempts() - 1 : progress.attempts();
        progress = new DeliveryProgress(
                EmailSendStatus.SKIPPED, attempts, null, null, progress.lastReply(), clip(reason), now);
    }

    /**
     * Leaves out of the coming attempt every recipient the workspace's suppression list holds, whatever the case
     * of the address: a cc or bcc recipient is taken off the envelope and the Cc header and the others still get
     * the message; a suppressed {@code to} recipient skips the whole send, since the copies are of a message
     * meant for that person. Checked at each claim, not at acceptance, so an address listed in between is
     * honoured too.
     *
     * @param suppressed why the list holds each address it holds among the send's recipients, in any case
     * @return whether there is still something to deliver; false when the send was skipped
     */
    public boolean withhold(Map<EmailAddress, SuppressionReason> suppressed, Instant now) {
        Map<EmailAddress, SuppressionReason> byKey = new HashMap<>();
        suppressed.forEach((address, reason) -> byKey.putIfAbsent(Suppression.keyOf(address), reason));
        List<WithheldRecipient> left = new ArrayList<>();
        for (Recipient recipient : recipients()) {
            SuppressionReason reason = byKey.get(Suppression.keyOf(recipient.address()));
            if (reason != null) {
                left.add(new WithheldRecipient(recipient.address(), recipient.kind(), reason));
            }
        }
        withheld = List.copyOf(left);
        if (!left.isEmpty() && left.get(0).kind() == RecipientKind.TO) {
            skip(now, "suppressed: " + details.to().address().value() + " is on the workspace's suppression list");
            return false;
        }
        return true;
    }

    /**
     * A send under a subscription group goes only to a Profile the group admits ({@link SubscriptionGroup#exclusionOf}:
     * not unsubscribed, and subscribed when the group is opt-in); otherwise it is skipped with the reason. Checked at
     * each claim, as suppression is, so an unsubscribe between acceptance and delivery is honoured.
     *
     * @param group the group the send names, even if deleted since; null when it is gone altogether (then skipped)
     * @param consent the recipient Profile's consent to that group
     * @return whether there is still something to deliver; false when the send was skipped
     */
    public boolean withholdUnlessAdmitted(SubscriptionGroup group, ConsentStatus consent, Instant now) {
        AudienceLink audience = details.audience();
        if (audience == null) {
            return true;
        }
        if (group == null || !group.id().equals(audience.subscriptionGroupId())) {
            skip(now, "unknown_subscription_group: " + audience.subscriptionGroupId() + " no longer exists");
            return false;
        }
        Optional<Exclusion> exclusion = group.exclusionOf(true, false, consent);
        if (exclusion.isPresent()) {
            skip(
                    now,
                    exclusion.get().wireName() + ": the recipient is "
                            + (exclusion.get() == Exclusion.UNSUBSCRIBED ? "unsubscribed from" : "not subscribed to")
                            + " subscription group " + group.id());
            return false;
        }
        return true;
    }

    /** Why a send still queued when its recipient's Profile was erased never goes out. */
    public static final String PROFILE_ERASED = "profile_erased: the recipient's Profile was erased before delivery";

    /**
     * This send once its recipient's Profile is erased ({@link EmailSendDetails#forgettingProfile}). One still queued
     * is skipped: it would go out without the data it was written with, to a person who asked to be forgotten. One in
     * flight or finished keeps its status, with everything delivery recorded.
     */
    public EmailSend forgettingProfile(Instant now) {
        EmailSend forgotten = new EmailSend(details.forgettingProfile(), progress, withheld, dkim);
        if (status() == EmailSendStatus.QUEUED) {
            forgotten.skip(now, PROFILE_ERASED);
        }
        return forgotten;
    }

    /** The recipients left out of the last attempt (or the skip), to first. */
    public List<WithheldRecipient> withheld() {
        return withheld;
    }

    /** Who the next attempt delivers to: to, cc and bcc in that order, each address once, none withheld. */
    public List<Recipient> envelope() {
        Set<EmailAddress> left = new LinkedHashSet<>();
        withheld.forEach(w -> left.add(w.address()));
        return recipients().stream().filter(r -> !left.contains(r.address())).toList();
    }

    /** The cc recipients the next attempt names in its Cc header: none that is withheld. */
    public List<EmailAddress> ccToDeliver() {
        return envelopeOf(RecipientKind.CC);
    }

    /** The bcc recipients the next attempt delivers to (envelope only): none that is withheld nor already a cc. */
    public List<EmailAddress> bccToDeliver() {
        return envelopeOf(RecipientKind.BCC);
    }

    private List<EmailAddress> envelopeOf(RecipientKind kind) {
        return envelope().stream()
                .filter(r -> r.kind() == kind)
                .map(Recipient::address)
                .toList();
    }

    /**
     * Every recipient the send names, to first, then cc, then bcc, each address once (the first naming wins),
     * withheld or not: what the suppression list is asked about before each attempt.
     */
    public List<Recipient> recipients() {
        Set<EmailAddress> seen = new LinkedHashSet<>();
        List<Recipient> recipients = new ArrayList<>();
        if (details.to() == null) {
            return recipients;
        }
        if (seen.add(details.to().address())) {
            recipients.add(new Recipient(details.to().address(), RecipientKind.TO));
        }
        for (EmailAddress cc : details.cc()) {
            if (seen.add(cc)) {
                recipients.add(new Recipient(cc, RecipientKind.CC));
            }
        }
        for (EmailAddress bcc : details.bcc()) {
            if (seen.add(bcc)) {
                recipients.add(new Recipient(bcc, RecipientKind.BCC));
            }
        }
        return recipients;
    }

    /**
     * Each recipient's reply in an attempt, in envelope order: the relay's refusal of that recipient at RCPT TO
     * where there was one, else what the relay answered for the message as a whole.
     *
     * @param messageResult what became of the message: accepted for the recipients not refused, or not at all
     * @param refusals      the recipients the relay refused one by one
     */
    private List<RecipientReply> repliesOf(
            DeliveryAttempt.Result messageResult, String messageReply, List<RecipientRefusal> refusals) {
        Map<EmailAddress, RecipientRefusal> refused = new HashMap<>();
        refusals.forEach(r -> refused.putIfAbsent(r.address(), r));
        return envelope().stream()
                .map(recipient -> {
                    RecipientRefusal refusal = refused.get(recipient.address());
                    return refusal == null
                            ? new RecipientReply(recipient.address(), recipient.kind(), messageResult, messageReply)
                            : new RecipientReply(
                                    recipient.address(), recipient.kind(), refusal.result(), refusal.reply());
                })
                .toList();
    }

    /**
     * The reply that decides what became of the send: its {@code to} recipient's. A copy refused, even for good,
     * does not fail a send whose recipient got it; a send whose recipient was refused for good has failed even
     * when the copies went out, and one whose recipient was refused for now is tried again, copies and all (the
     * same Message-ID lets their mailboxes drop the repeat).
     */
    private static RecipientReply replyThatDecides(List<RecipientReply> replies) {
        return replies.stream()
                .filter(r -> r.kind() == RecipientKind.TO)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the replies name no to recipient"));
    }

    /**
     * Records what the relay answered to this claim's attempt and decides what follows, by what became of the
     * {@code to} recipient: taken, the send is sent; refused for good, it has failed (and
     * says so when the copies went out); refused for now, it is tried again when {@code policy} says, or, once its
     * lifetime or its attempts are used up, fails with the reason and the last reply. Every address the relay refused
     * as a mailbox is suppressed, a copy's too, whatever became of the send.
     *
     * @param jitter a fraction in [0, 1) drawn at random: how much of the wait's random part to take off
     *               ({@link RetryPolicy#waitAfter})
     * @return the attempt to keep and the suppressions its hard bounces call for
     */
    public AttemptOutcome recordAttempt(
            RelayAnswer answer, Instant startedAt, Instant now, RetryPolicy policy, double jitter) {
        requireProcessing("record an attempt of");
        List<RecipientReply> replies = repliesOf(answer.result(), answer.reply(), answer.refusals());
        RecipientReply decisive = replyThatDecides(replies);
        String reply = decisive.reply();
        switch (decisive.result()) {
            case ACCEPTED -> markSent(now, reply);
            case PERMANENT_FAILURE -> {
                boolean othersGotIt =
                        replies.stream().anyMatch(r -> r != decisive && r.result() == DeliveryAttempt.Result.ACCEPTED);
                fail(now, othersGotIt ? reply + " (delivered to the other recipients)" : reply, reply);
            }
            default ->
                policy.nextAttempt(details.createdAt(), now, attempts(), jitter)
                        .ifPresentOrElse(
                                next -> deferUntil(now, next, reply),
                                () -> fail(
                                        now,
                                        "gave up after " + attempts() + " attempts in "
                                                + Duration.between(details.createdAt(), now)
                                                        .toSeconds() + " s (delivery lifetime "
                                                + policy.lifetime().toSeconds() + " s); last reply: " + reply,
                                        reply));
        }
        List<Suppression> bounces = answer.bounced().stream()
                .map(address -> Suppression.hardBounce(workspaceId(), address, bounceReply(answer, address), id(), now))
                .toList();
        return new AttemptOutcome(
                new DeliveryAttempt(id(), attempts(), startedAt, now, decisive.result(), reply, replies), bounces);
    }

    /** The reply that refused the address: its own at RCPT TO, else the one to the message. */
    private static String bounceReply(RelayAnswer answer, EmailAddress address) {
        return answer.refusals().stream()
                .filter(r -> r.address().equals(address))
                .map(RecipientRefusal::reply)
                .findFirst()
                .orElse(answer.reply());
    }

    /**
     * The message of this claim's attempt could not be made (its template does not render with its data): it never
     * will be, so the send fails without reaching the relay.
     *
     * @return the attempt to keep, which reached nobody
     */
    public AttemptOutcome recordNotSent(Instant startedAt, Instant now, String reason) {
        fail(now, reason);
        return new AttemptOutcome(
                new DeliveryAttempt(id(), attempts(), startedAt, now, DeliveryAttempt.Result.NOT_SENT, reason),
                List.of());
    }

    /**
     * Gives up before an attempt when the send was claimed more often than {@code policy} allows: its earlier
     * attempts never finished (their workers died, or it kills them), so another could go the same way for ever.
     *
     * @return whether the send failed here
     */
    public boolean giveUpOnUnfinishedAttempts(Instant now, RetryPolicy policy) {
        requireProcessing("give up on");
        if (attempts() <= policy.maxAttempts()) {
            return false;
        }
        fail(now, "gave up after " + policy.maxAttempts() + " attempts that did not finish");
        return true;
    }

    private void requireProcessing(String what) {
        if (status() != EmailSendStatus.PROCESSING) {
            throw new IllegalTransitionException("cannot " + what + " send " + id() + ": it is " + status().wireName());
        }
    }

    /** Replies and reasons are kept on one line and at most {@link #MAX_REPLY_LENGTH} characters. */
    static String clip(String text) {
        if (text == null) {
            return null;
        }
        String oneLine = HeaderText.flatten(text);
        return oneLine.length() <= MAX_REPLY_LENGTH ? oneLine : oneLine.substring(0, MAX_REPLY_LENGTH);
    }

    /**
     * Notes how the message of this claim's attempt is signed, before it is handed to the relay: the attempt's record
     * keeps it with its result.
     */
    public void signedAs(DkimSignature signature) {
        requireProcessing("sign the message of");
        this.dkim = Objects.requireNonNull(signature);
    }

    /** Whether the last attempt's message was DKIM-signed, and by which domain; null before any attempt. */
    public DkimSignature dkim() {
        return dkim;
    }

    public EmailSendDetails details() {
        return details;
    }

    public DeliveryProgress progress() {
        return progress;
    }

    public String id() {
        return details.id();
    }

    public WorkspaceId workspaceId() {
        return details.workspaceId();
    }

    public EmailSendStatus status() {
        return progress.status();
    }

    public int attempts() {
        return progress.attempts();
    }
}
