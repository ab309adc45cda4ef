package io.segmentflow.domain.email;

import io.segmentflow.domain.shared.HeaderText;
import io.segmentflow.domain.shared.IllegalTransitionException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Objects;

/**
 * One email to one recipient, accepted through emails.send (or later a batch, a Journey or a
 * Broadcast), and its way through delivery:
 * {@code queued -> processing -> sent}, or {@code failed} (permanent), or {@code skipped}
 * (suppressed or unsubscribed). A worker claims a due send under a lease; a lease that runs out
 * (the worker died) makes the send claimable again, so nothing accepted stays stuck.
 */
public final class EmailSend {
    /** Longest SMTP reply or failure text kept; replies are short, a hostile relay's need not be. */
    public static final int MAX_REPLY_LENGTH = 1000;

    private final EmailSendDetails details;
    private DeliveryProgress progress;
    /** The attempt count as stored by the current claim: a result is recorded only against that claim. */
    private int claimedAttempts;

    private EmailSend(EmailSendDetails details, DeliveryProgress progress) {
        this.details = Objects.requireNonNull(details);
        this.progress = Objects.requireNonNull(progress);
        this.claimedAttempts = progress.attempts();
    }

    /** A newly accepted send, due at once. */
    public static EmailSend accept(EmailSendDetails details) {
        return new EmailSend(details, DeliveryProgress.queued(details.createdAt()));
    }

    /** A send as it was stored. */
    public static EmailSend restore(EmailSendDetails details, DeliveryProgress progress) {
        return new EmailSend(details, progress);
    }

    /** The Message-ID of a send: stable across retries, so a receiver can drop a duplicate delivery. */
    public static String messageIdFor(String sendId, EmailAddress from) {
        return "<" + sendId + "@" + from.domain() + ">";
    }

    public boolean isClaimable(Instant now) {
        return switch (progress.status()) {
            case QUEUED -> !progress.nextAttemptAt().isAfter(now);
            case PROCESSING -> progress.leaseUntil() != null && progress.leaseUntil().isBefore(now);
            default -> false;
        };
    }

    /** A worker takes the send for one delivery attempt, holding it until {@code leaseUntil}. */
    public void claim(Instant now, Instant leaseUntil) {
        if (!isClaimable(now)) {
            throw new IllegalTransitionException("send " + id() + " is " + status().wireName() + " and not due");
        }
        progress = new DeliveryProgress(EmailSendStatus.PROCESSING, progress.attempts() + 1,
                progress.nextAttemptAt(), leaseUntil, progress.lastReply(), null, now);
        claimedAttempts = progress.attempts();
    }

    /**
     * The attempt count the current claim stored, which its result is recorded against: another worker's later
     * claim has a higher one. It differs from {@link #attempts()} only when the claim ended in a skip.
     */
    public int claimedAttempts() {
        return claimedAttempts;
    }

    /** The relay accepted the message. */
    public void markSent(Instant now, String reply) {
        requireProcessing("mark as sent");
        progress = new DeliveryProgress(EmailSendStatus.SENT, progress.attempts(), null, null,
                clip(reply), null, now);
    }

    /** A transient failure (4xx, refused connection, time-out): try again at {@code nextAttemptAt}. */
    public void deferUntil(Instant now, Instant nextAttemptAt, String reply) {
        requireProcessing("defer");
        progress = new DeliveryProgress(EmailSendStatus.QUEUED, progress.attempts(), nextAttemptAt, null,
                clip(reply), null, now);
    }

    /** A permanent failure: the send will not be tried again. */
    public void fail(Instant now, String reason) {
        fail(now, reason, progress.lastReply());
    }

    /** A permanent failure after an attempt whose reply was {@code reply} (a 5xx, or the last 4xx before giving up). */
    public void fail(Instant now, String reason, String reply) {
        requireProcessing("fail");
        progress = new DeliveryProgress(EmailSendStatus.FAILED, progress.attempts(), null, null,
                clip(reply), clip(reason), now);
    }

    /**
     * The recipient must not receive it (suppressed, unsubscribed); nothing goes to SMTP. A claim that ends here
     * made no delivery attempt, so it is not counted as one.
     */
    public void skip(Instant now, String reason) {
        if (status() != EmailSendStatus.QUEUED && status() != EmailSendStatus.PROCESSING) {
            throw new IllegalTransitionException("send " + id() + " is " + status().wireName() + " and cannot be skipped");
        }
        int attempts = status() == EmailSendStatus.PROCESSING ? progress.attempts() - 1 : progress.attempts();
        progress = new DeliveryProgress(EmailSendStatus.SKIPPED, attempts, null, null,
                progress.lastReply(), clip(reason), now);
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
