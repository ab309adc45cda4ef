package io.segmentflow.domain.email;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One finished delivery attempt of an EmailSend and what the relay answered, kept so that a user can see why
 * a send is late or failed (attempt 1: 451 greylisted, attempt 2: 250 ok).
 *
 * @param number     1 for the first attempt; equal to the send's attempt count when it was made
 * @param reply      the relay's reply on one line, or what went wrong before a reply (refused connection, render)
 * @param recipients each recipient's reply, to, cc and bcc in that order; empty when the message never reached the
 *                   relay
 */
public record DeliveryAttempt(
        String sendId,
        int number,
        Instant startedAt,
        Instant finishedAt,
        Result result,
        String reply,
        List<RecipientReply> recipients) {

    /** What became of the attempt, as the relay's reply class tells it. */
    public enum Result {
        /** The relay took the message (2xx after DATA). */
        ACCEPTED("accepted"),
        /** A 4xx reply, a refused or dropped connection, a time-out: worth another try. */
        TEMPORARY_FAILURE("temporary_failure"),
        /** A 5xx reply: the message as sent will never go through. */
        PERMANENT_FAILURE("permanent_failure"),
        /** The message never reached the relay (it could not be rendered). */
        NOT_SENT("not_sent");

        private final String wireName;

        Result(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Result fromWire(String value) {
            for (Result result : values()) {
                if (result.wireName.equals(value)) {
                    return result;
                }
            }
            throw new IllegalArgumentException("unknown attempt result " + value);
        }
    }

    public DeliveryAttempt {
        Objects.requireNonNull(sendId);
        Objects.requireNonNull(startedAt);
        Objects.requireNonNull(finishedAt);
        Objects.requireNonNull(result);
        if (number < 1) {
            throw new IllegalArgumentException("attempt numbers start at 1");
        }
        reply = EmailSend.clip(reply);
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    /** An attempt that reached no recipient (the message could not be rendered). */
    public DeliveryAttempt(
            String sendId, int number, Instant startedAt, Instant finishedAt, Result result, String reply) {
        this(sendId, number, startedAt, finishedAt, result, reply, List.of());
    }
}
