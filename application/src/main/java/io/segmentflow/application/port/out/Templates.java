package io.segmentflow.application.port.out;

import io.segmentflow.domain.template.Template;
import io.segmentflow.domain.template.TemplateSnapshot;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Templates and their snapshots; a deleted template is gone from here, its snapshots are not. */
public interface Templates {
    void add(Template template);

    /** Saves name, kind and, when it is new, the current snapshot. */
    void update(Template template);

    Optional<Template> find(WorkspaceId workspaceId, String id);

    /** The id of the template's current snapshot: all a send needs to know at acceptance. */
    Optional<String> currentSnapshotId(WorkspaceId workspaceId, String id);

    /** The current snapshot ids of those of the templates that exist in the workspace, by template id. */
    Map<String, String> currentSnapshotIds(WorkspaceId workspaceId, Collection<String> ids);

    List<Template> list(WorkspaceId workspaceId, int limit);

    boolean delete(WorkspaceId workspaceId, String id, Instant now);

    Optional<TemplateSnapshot> snapshot(WorkspaceId workspaceId, String snapshotId);
}
