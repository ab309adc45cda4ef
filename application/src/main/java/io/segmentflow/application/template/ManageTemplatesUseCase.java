package io.segmentflow.application.template;

import io.segmentflow.domain.template.Template;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;

/** Templates of a workspace: create, read, replace, delete, and preview a render without sending. */
public interface ManageTemplatesUseCase {
    /** @throws io.segmentflow.application.error.TemplateInvalidException when it uses forbidden expressions */
    Template create(WorkspaceId workspaceId, TemplateDraft draft);

    Template get(WorkspaceId workspaceId, String id);

    List<Template> list(WorkspaceId workspaceId);

    /** Replaces the template; changed content becomes a new snapshot. */
    Template replace(WorkspaceId workspaceId, String id, TemplateDraft draft);

    void delete(WorkspaceId workspaceId, String id);

    /**
     * Renders the template's current content as a send would, and sends nothing.
     *
     * @throws io.segmentflow.application.error.TemplateRenderFailedException when it cannot render with this state
     */
    TemplatePreview preview(WorkspaceId workspaceId, String id, PreviewState state);
}
