package io.segmentflow.adapters.out.persistence;

import io.segmentflow.domain.template.TemplateContent;
import io.segmentflow.domain.template.TemplateSnapshot;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

@Entity
@Table(name = "template_snapshots")
class TemplateSnapshotEntity {
    @Id
    String id;

    @Column(name = "workspace_id")
    String workspaceId;

    @Column(name = "template_id")
    String templateId;

    String subject;
    String html;

    @Column(name = "text_body")
    String textBody;

    @Column(name = "created_at")
    OffsetDateTime createdAt;

    static TemplateSnapshotEntity of(TemplateSnapshot s) {
        TemplateSnapshotEntity e = new TemplateSnapshotEntity();
        e.id = s.id();
        e.workspaceId = s.workspaceId().value();
        e.templateId = s.templateId();
        e.subject = s.content().subject();
        e.html = s.content().html();
        e.textBody = s.content().text();
        e.createdAt = Times.column(s.createdAt());
        return e;
    }

    TemplateSnapshot toDomain() {
        return new TemplateSnapshot(
                id,
                new WorkspaceId(workspaceId),
                templateId,
                new TemplateContent(subject, html, textBody),
                Times.instant(createdAt));
    }
}
