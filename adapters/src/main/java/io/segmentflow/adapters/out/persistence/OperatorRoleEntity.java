package io.segmentflow.adapters.out.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** One operator's role in one workspace: {@code role} holds the role's wire name. */
@Entity
@Table(name = "operator_roles")
@IdClass(OperatorRoleEntity.Key.class)
class OperatorRoleEntity {
    @Id
    @Column(name = "operator_id")
    String operatorId;

    @Id
    @Column(name = "workspace_id")
    String workspaceId;

    String role;

    @Column(name = "granted_at")
    OffsetDateTime grantedAt;

    /** The primary key: operator and workspace (a class with fields of the same names, as JPA asks). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        String operatorId;
        String workspaceId;

        public Key() {}

        Key(String operatorId, String workspaceId) {
            this.operatorId = operatorId;
            this.workspaceId = workspaceId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key
                    && Objects.equals(operatorId, key.operatorId)
                    && Objects.equals(workspaceId, key.workspaceId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(operatorId, workspaceId);
        }
    }
}
