package io.segmentflow.adapters.out.persistence;

import io.segmentflow.domain.template.Template;
import io.segmentflow.domain.template.TemplateKind;
import io.segmentflow.domain.template.TemplateSnapshot;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

@Entity
@Table(name = "templates")
class TemplateEntity {
    @Id
    String id;

    @Column(name = "workspace_id")
    String workspaceId;

    String name;
    String kind;

    @Column(name = "current_snapshot_id")
    String currentSnapshotId;

    @Column(name = "created_at")
    OffsetDateTime createdAt;

    @Column(name = "updated_at")
    OffsetDateTime updatedAt;

    @Column(name = "deleted_at")
    OffsetDateTime deletedAt;

    static TemplateEntity of(Template t) {
        TemplateEntity e = new TemplateEntity();
        e.id = t.id();
        e.workspaceId = t.workspaceId().value();
        e.createdAt = Times.column(t.createdAt());
        e.copy(t);
        return e;
    }

    void copy(Template t) {
        name = t.name();
        kind = t.kind().wireName();
        currentSnapshotId = t.current().id();
        updatedAt = Times.column(t.updatedAt());
    }

    Template toDomain(TemplateSnapshot current) {
        return Template.restore(
                id,
                new WorkspaceId(workspaceId),
                name,
                TemplateKind.fromWire(kind),
                current,
                Times.instant(createdAt),
                Times.instant(updatedAt));
    }
}
