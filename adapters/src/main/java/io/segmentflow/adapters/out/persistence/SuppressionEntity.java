package io.segmentflow.adapters.out.persistence;

import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.suppression.Suppression;
import io.segmentflow.domain.suppression.SuppressionReason;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** Read through JPA; written by a native INSERT ... ON CONFLICT DO NOTHING (see JpaSuppressions). */
@Entity
@Table(name = "suppressions")
@IdClass(SuppressionEntity.Key.class)
class SuppressionEntity {
    @Id
    @Column(name = "workspace_id")
    String workspaceId;
    /** All in lower case: {@link Suppression#keyOf}. */
    @Id
    String address;
    /** The wire name. */
    String reason;

    String detail;

    @Column(name = "email_send_id")
    String emailSendId;

    @Column(name = "created_at")
    OffsetDateTime createdAt;

    Suppression toDomain() {
        return new Suppression(
                new WorkspaceId(workspaceId),
                new EmailAddress(address),
                SuppressionReason.fromWire(reason),
                detail,
                emailSendId,
                Times.instant(createdAt));
    }

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String workspaceId;
        public String address;

        public Key() {}

        Key(String workspaceId, String address) {
            this.workspaceId = workspaceId;
            this.address = address;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.workspaceId.equals(workspaceId) && k.address.equals(address);
        }

        @Override
        public int hashCode() {
            return Objects.hash(workspaceId, address);
        }
    }
}
