package io.segmentflow.adapters.out.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** Purged through JPA; written and read by plain JDBC (see JpaIdempotencyRecords). */
@Entity
@Table(name = "idempotency_records")
@IdClass(IdempotencyRecordEntity.Key.class)
class IdempotencyRecordEntity {
    @Id
    @Column(name = "workspace_id")
    String workspaceId;

    @Id
    @Column(name = "idempotency_key")
    String idempotencyKey;

    String fingerprint;

    @Column(name = "response_status")
    int responseStatus;

    @Column(name = "response_body")
    String responseBody;

    @Column(name = "created_at")
    OffsetDateTime createdAt;

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String workspaceId;
        public String idempotencyKey;

        public Key() {}

        Key(String workspaceId, String idempotencyKey) {
            this.workspaceId = workspaceId;
            this.idempotencyKey = idempotencyKey;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.workspaceId.equals(workspaceId) && k.idempotencyKey.equals(idempotencyKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(workspaceId, idempotencyKey);
        }
    }
}
