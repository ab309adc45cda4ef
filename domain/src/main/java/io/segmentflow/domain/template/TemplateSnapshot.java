package io.segmentflow.domain.template;

import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;

/** One immutable version of a template's content. An EmailSend keeps the snapshot it was accepted with. */
public record TemplateSnapshot(
        String id, WorkspaceId workspaceId, String templateId, TemplateContent content, Instant createdAt) {}
