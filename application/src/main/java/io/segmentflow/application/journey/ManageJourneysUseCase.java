package io.segmentflow.application.journey;

import io.segmentflow.domain.journey.Journey;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;

/** Writing Journeys and moving them through their lifecycle. */
public interface ManageJourneysUseCase {
    /** A new draft; refused with every problem of its definition, each named by step. */
    Journey create(WorkspaceId workspaceId, JourneyDefinition definition);

    /** Replaces the definition: in place for a draft, as a new version once activated. */
    Journey update(WorkspaceId workspaceId, String id, JourneyDefinition definition);

    Journey activate(WorkspaceId workspaceId, String id);

    Journey pause(WorkspaceId workspaceId, String id);

    Journey archive(WorkspaceId workspaceId, String id);

    Journey find(WorkspaceId workspaceId, String id);

    List<Journey> list(WorkspaceId workspaceId, String afterId, int limit);
}
