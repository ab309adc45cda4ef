package io.segmentflow.adapters.out.persistence;

import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

@Entity
@Table(name = "profiles")
class ProfileEntity {
    @Id
    String id;

    @Column(name = "workspace_id")
    String workspaceId;

    String email;

    @Column(name = "external_id")
    String externalId;

    String properties;

    @Column(name = "created_at")
    OffsetDateTime createdAt;

    @Column(name = "updated_at")
    OffsetDateTime updatedAt;

    Profile toDomain() {
        return new Profile(
                id,
                new WorkspaceId(workspaceId),
                new EmailAddress(email),
                externalId,
                properties,
                Times.instant(createdAt));
    }
}
