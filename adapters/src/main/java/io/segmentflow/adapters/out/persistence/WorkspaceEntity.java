package io.segmentflow.adapters.out.persistence;

import io.segmentflow.domain.workspace.Workspace;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

@Entity
@Table(name = "workspaces")
class WorkspaceEntity {
    @Id
    String id;

    String name;

    @Column(name = "created_at")
    OffsetDateTime createdAt;

    static WorkspaceEntity of(Workspace w) {
        WorkspaceEntity e = new WorkspaceEntity();
        e.id = w.id().value();
        e.name = w.name();
        e.createdAt = Times.column(w.createdAt());
        return e;
    }

    Workspace toDomain() {
        return new Workspace(new WorkspaceId(id), name, Times.instant(createdAt));
    }
}
