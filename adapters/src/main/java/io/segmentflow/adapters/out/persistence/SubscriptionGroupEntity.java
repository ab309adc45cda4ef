package io.segmentflow.adapters.out.persistence;

import io.segmentflow.domain.audience.SubscriptionGroup;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

@Entity
@Table(name = "subscription_groups")
class SubscriptionGroupEntity {
    @Id
    String id;

    @Column(name = "workspace_id")
    String workspaceId;

    String name;
    String description;

    @Column(name = "opt_in")
    boolean optIn;

    @Column(name = "created_at")
    OffsetDateTime createdAt;

    @Column(name = "updated_at")
    OffsetDateTime updatedAt;

    @Column(name = "deleted_at")
    OffsetDateTime deletedAt;

    static SubscriptionGroupEntity of(SubscriptionGroup group) {
        SubscriptionGroupEntity e = new SubscriptionGroupEntity();
        e.id = group.id();
        e.workspaceId = group.workspaceId().value();
        e.createdAt = Times.column(group.createdAt());
        e.copy(group);
        return e;
    }

    void copy(SubscriptionGroup group) {
        name = group.name();
        description = group.description();
        optIn = group.optIn();
        updatedAt = Times.column(group.updatedAt());
    }

    SubscriptionGroup toDomain() {
        return new SubscriptionGroup(
                id,
                new WorkspaceId(workspaceId),
                name,
                description,
                optIn,
                Times.instant(createdAt),
                Times.instant(updatedAt));
    }
}
