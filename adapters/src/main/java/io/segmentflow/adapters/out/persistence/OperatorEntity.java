package io.segmentflow.adapters.out.persistence;

import io.segmentflow.domain.operator.Operator;
import io.segmentflow.domain.operator.OperatorEmail;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

@Entity
@Table(name = "operators")
class OperatorEntity {
    @Id
    String id;

    String email;

    @Column(name = "password_hash")
    String passwordHash;

    @Column(name = "created_at")
    OffsetDateTime createdAt;

    static OperatorEntity of(Operator o) {
        OperatorEntity e = new OperatorEntity();
        e.id = o.id();
        e.email = o.email().value();
        e.passwordHash = o.passwordHash();
        e.createdAt = Times.column(o.createdAt());
        return e;
    }

    Operator toDomain() {
        return new Operator(id, new OperatorEmail(email), passwordHash, Times.instant(createdAt));
    }
}
