package io.segmentflow.application.template;

import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.TemplateInvalidException;
import io.segmentflow.application.port.out.TemplateRenderer;
import io.segmentflow.application.port.out.TemplateRenderer.RenderState;
import io.segmentflow.application.port.out.TemplateRenderer.RenderedEmail;
import io.segmentflow.application.port.out.Templates;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.domain.template.Template;
import io.segmentflow.domain.template.TemplateContent;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.util.List;

/** Keeps templates, refusing any whose expressions reach beyond template state. */
public class TemplateService implements ManageTemplatesUseCase {
    private static final int LIST_LIMIT = 500;

    private final Templates templates;
    private final TemplateRenderer renderer;
    private final Transactions transactions;
    private final Clock clock;

    public TemplateService(Templates templates, TemplateRenderer renderer, Transactions transactions, Clock clock) {
        this.templates = templates;
        this.renderer = renderer;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public Template create(WorkspaceId workspaceId, TemplateDraft draft) {
        requireSafe(draft.content());
        Template template = Template.create(workspaceId, draft.name(), draft.kind(), draft.content(), clock.instant());
        transactions.inTransaction(() -> {
            templates.add(template);
            return template;
        });
        return template;
    }

    @Override
    public Template get(WorkspaceId workspaceId, String id) {
        return templates.find(workspaceId, id).orElseThrow(() -> new NotFoundException("template", id));
    }

    @Override
    public List<Template> list(WorkspaceId workspaceId) {
        return templates.list(workspaceId, LIST_LIMIT);
    }

    @Override
    public Template replace(WorkspaceId workspaceId, String id, TemplateDraft draft) {
        requireSafe(draft.content());
        return transactions.inTransaction(() -> {
            Template template = get(workspaceId, id);
            template.edit(draft.name(), draft.kind(), draft.content(), clock.instant());
            templates.update(template);
            return template;
        });
    }

    @Override
    public void delete(WorkspaceId workspaceId, String id) {
        boolean deleted = transactions.inTransaction(() -> templates.delete(workspaceId, id, clock.instant()));
        if (!deleted) {
            throw new NotFoundException("template", id);
        }
    }

    @Override
    public TemplatePreview preview(WorkspaceId workspaceId, String id, PreviewState state) {
        RenderedEmail rendered = renderer.render(
                get(workspaceId, id).current().content(),
                new RenderState(state.data(), state.profile(), state.event()));
        return new TemplatePreview(rendered.subject(), rendered.html(), rendered.text(), rendered.warnings());
    }

    private void requireSafe(TemplateContent content) {
        List<FieldError> problems = renderer.check(content);
        if (!problems.isEmpty()) {
            throw new TemplateInvalidException(problems);
        }
    }
}
