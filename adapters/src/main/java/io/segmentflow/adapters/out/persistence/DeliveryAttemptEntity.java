package io.segmentflow.adapters.out.persistence;

import io.segmentflow.domain.email.DeliveryAttempt;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.RecipientKind;
import io.segmentflow.domain.email.RecipientReply;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

@Entity
@Table(name = "email_send_attempts")
@IdClass(DeliveryAttemptEntity.Key.class)
class DeliveryAttemptEntity {
    @Id
    @Column(name = "email_send_id")
    String emailSendId;

    @Id
    int attempt;

    @Column(name = "started_at")
    OffsetDateTime startedAt;

    @Column(name = "finished_at")
    OffsetDateTime finishedAt;

    String result;
    String reply;
    /** One line per recipient: kind, result, address, then the reply (see {@link #recipientsColumn}). */
    String recipients;

    /** The composite key: a send and its attempt number (a class, not a record: JPA sets its fields). */
    public static class Key implements Serializable {
        String emailSendId;
        int attempt;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.attempt == attempt && Objects.equals(key.emailSendId, emailSendId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(emailSendId, attempt);
        }
    }

    static DeliveryAttemptEntity of(DeliveryAttempt attempt) {
        DeliveryAttemptEntity e = new DeliveryAttemptEntity();
        e.emailSendId = attempt.sendId();
        e.attempt = attempt.number();
        e.startedAt = Times.column(attempt.startedAt());
        e.finishedAt = Times.column(attempt.finishedAt());
        e.result = attempt.result().wireName();
        e.reply = attempt.reply();
        e.recipients = recipientsColumn(attempt.recipients());
        return e;
    }

    DeliveryAttempt toDomain() {
        return new DeliveryAttempt(
                emailSendId,
                attempt,
                startedAt.toInstant(),
                finishedAt.toInstant(),
                DeliveryAttempt.Result.fromWire(result),
                reply,
                recipients(recipients));
    }

    /** The column's text for the recipients' replies (each reply is already on one line): null for none. */
    static String recipientsColumn(List<RecipientReply> replies) {
        return replies.isEmpty()
                ? null
                : replies.stream()
                        .map(r -> r.kind().wireName() + " " + r.result().wireName() + " "
                                + r.address().value() + (r.reply() == null ? "" : " " + r.reply()))
                        .collect(Collectors.joining("\n"));
    }

    private static List<RecipientReply> recipients(String column) {
        return column == null || column.isEmpty()
                ? List.of()
                : column.lines()
                        .map(line -> {
                            String[] fields = line.split(" ", 4);
                            return new RecipientReply(
                                    new EmailAddress(fields[2]),
                                    RecipientKind.fromWire(fields[0]),
                                    DeliveryAttempt.Result.fromWire(fields[1]),
                                    fields.length > 3 ? fields[3] : null);
                        })
                        .toList();
    }
}
