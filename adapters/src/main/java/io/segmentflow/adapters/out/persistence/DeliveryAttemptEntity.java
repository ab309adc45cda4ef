package io.segmentflow.adapters.out.persistence;

import io.segmentflow.domain.email.DeliveryAttempt;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

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
        return e;
    }

    DeliveryAttempt toDomain() {
        return new DeliveryAttempt(emailSendId, attempt, startedAt.toInstant(), finishedAt.toInstant(),
                DeliveryAttempt.Result.fromWire(result), reply);
    }
}
