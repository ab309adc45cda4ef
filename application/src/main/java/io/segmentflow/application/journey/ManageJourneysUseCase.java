package io.segmentflow.application.journey;

import io.segmentflow.application.Page;
import io.segmentflow.domain.journey.Journey;
import io.segmentflow.domain.workspace.WorkspaceId;

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

    int MAX_LIMIT = 100;

    /**
     * Journeys in id order after {@code cursor} (a page's {@code nextCursor}; null: from the first), at most
     * {@code limit} (1..{@value #MAX_LIMIT}).
     */
    Page<Journey> list(WorkspaceId workspaceId, String cursor, int limit);
}
