package io.segmentflow.domain.audience;

import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.shared.IllegalTransitionException;
import io.segmentflow.domain.shared.InvalidValueException;
import java.time.Instant;
import java.util.Objects;

/**
 * The state machine a Broadcast and a NewsletterIssue share, and what their fan-out was pinned to. A draft is the
 * only state that can be edited; it is scheduled for a time in the future or handed to a person to confirm; when its
 * time comes (or the person confirms) it moves to sending with the template snapshot and the sender fixed, so that
 * a restarted fan-out writes the very same emails; it can be cancelled only before that.
 */
public final class CarrierLifecycle {
    public static final int MAX_FAILURE_LENGTH = 1000;

    /** The carrier's name in refusals: {@code broadcast brd_...}. */
    private final String carrier;

    private CarrierStatus status;
    private Instant sendAt;
    private Pinned pinned;
    private Instant startedAt;
    private Instant finishedAt;
    private long written;
    private String failureReason;

    /**
     * What a fan-out sends, fixed when it starts.
     *
     * @param templateSnapshotId the snapshot of the carrier's template at that moment
     * @param from the sender: the carrier's own, or the default of that moment
     */
    public record Pinned(String templateSnapshotId, Mailbox from) {
        public Pinned {
            Objects.requireNonNull(templateSnapshotId, "templateSnapshotId");
            Objects.requireNonNull(from, "from");
        }
    }

    private CarrierLifecycle(
            String carrier,
            CarrierStatus status,
            Instant sendAt,
            Pinned pinned,
            Instant startedAt,
            Instant finishedAt,
            long written,
            String failureReason) {
        this.carrier = Objects.requireNonNull(carrier);
        this.status = Objects.requireNonNull(status);
        this.sendAt = sendAt;
        this.pinned = pinned;
        this.startedAt = startedAt;
        this.finishedAt = finishedAt;
        this.written = written;
        this.failureReason = failureReason;
    }

    public static CarrierLifecycle draft(String carrier) {
        return new CarrierLifecycle(carrier, CarrierStatus.DRAFT, null, null, null, null, 0, null);
    }

    public static CarrierLifecycle restore(
            String carrier,
            CarrierStatus status,
            Instant sendAt,
            Pinned pinned,
            Instant startedAt,
            Instant finishedAt,
            long written,
            String failureReason) {
        return new CarrierLifecycle(carrier, status, sendAt, pinned, startedAt, finishedAt, written, failureReason);
    }

    /** A carrier is edited only as a draft: what is scheduled or awaiting confirmation is what was reviewed. */
    public void requireEditable() {
        if (status != CarrierStatus.DRAFT) {
            throw refused("edited");
        }
    }

    /**
     * Schedules the send for {@code at}, which must be in the future; a scheduled carrier can be moved to another
     * time.
     */
    public void schedule(Instant at, Instant now) {
        Objects.requireNonNull(at, "at");
        if (status != CarrierStatus.DRAFT && status != CarrierStatus.SCHEDULED) {
            throw refused("scheduled");
        }
        if (!at.isAfter(now)) {
            throw new InvalidValueException("sendAt", "must be in the future");
        }
        status = CarrierStatus.SCHEDULED;
        sendAt = at;
    }

    /** A person is handed a link to confirm the send now; asking again (a link expired) keeps it waiting. */
    public void awaitConfirmation() {
        if (status != CarrierStatus.DRAFT && status != CarrierStatus.AWAITING_CONFIRMATION) {
            throw refused("handed over for confirmation");
        }
        status = CarrierStatus.AWAITING_CONFIRMATION;
    }

    /** Whether its scheduled time has come. */
    public boolean isDue(Instant now) {
        return status == CarrierStatus.SCHEDULED && !sendAt.isAfter(now);
    }

    /** Its scheduled time has come: the fan-out starts with what is pinned now. */
    public void startScheduled(Pinned what, Instant now) {
        if (!isDue(now)) {
            throw status == CarrierStatus.SCHEDULED
                    ? new IllegalTransitionException(carrier + " is scheduled for " + sendAt + ", not due yet")
                    : refused("started as scheduled");
        }
        start(what, now);
    }

    /** A person confirmed: the fan-out starts now with what is pinned now. */
    public void startConfirmed(Pinned what, Instant now) {
        if (status != CarrierStatus.AWAITING_CONFIRMATION) {
            throw refused("confirmed");
        }
        start(what, now);
    }

    private void start(Pinned what, Instant now) {
        pinned = Objects.requireNonNull(what);
        status = CarrierStatus.SENDING;
        startedAt = now;
    }

    /** Cancels a send whose fan-out has not started; nothing of it is sent. */
    public void cancel(Instant now) {
        if (!status.beforeFanOut()) {
            throw refused("cancelled");
        }
        status = CarrierStatus.CANCELLED;
        finishedAt = now;
    }

    /**
     * Every EmailSend of the fan-out is written. A fan-out restarted after it ended may report its end again: that
     * changes nothing.
     *
     * @return whether the carrier moved (false for a repeated report)
     */
    public boolean fannedOut(long count, Instant now) {
        if (status == CarrierStatus.SENT) {
            return false;
        }
        if (status != CarrierStatus.SENDING) {
            throw refused("marked sent");
        }
        status = CarrierStatus.SENT;
        written = count;
        finishedAt = now;
        return true;
    }

    /**
     * The send cannot go on (its fan-out gave up, or its template was deleted before it started). A failed carrier
     * reported failed again keeps its first reason.
     *
     * @return whether the carrier moved
     */
    public boolean fail(String reason, Instant now) {
        if (status == CarrierStatus.FAILED) {
            return false;
        }
        if (status != CarrierStatus.SENDING
                && status != CarrierStatus.SCHEDULED
                && status != CarrierStatus.AWAITING_CONFIRMATION) {
            throw refused("marked failed");
        }
        status = CarrierStatus.FAILED;
        failureReason = clip(reason == null || reason.isBlank() ? "the fan-out failed" : reason);
        finishedAt = now;
        return true;
    }

    private IllegalTransitionException refused(String move) {
        return new IllegalTransitionException(carrier + " is " + status.wireName() + " and cannot be " + move);
    }

    private static String clip(String text) {
        return text.length() <= MAX_FAILURE_LENGTH ? text : text.substring(0, MAX_FAILURE_LENGTH);
    }

    public CarrierStatus status() {
        return status;
    }

    /** When it is (or was) scheduled for; null when it never was. */
    public Instant sendAt() {
        return sendAt;
    }

    /** What its fan-out sends; null until it starts. */
    public Pinned pinned() {
        return pinned;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    /** EmailSends its fan-out wrote, once sent. */
    public long written() {
        return written;
    }

    public String failureReason() {
        return failureReason;
    }
}
