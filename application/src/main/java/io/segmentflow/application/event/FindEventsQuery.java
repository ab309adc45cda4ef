package io.segmentflow.application.event;

import io.segmentflow.application.Page;
import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.event.UserEvent;
import io.segmentflow.domain.workspace.WorkspaceId;

/** Reading tracked events. */
public interface FindEventsQuery {
    UserEvent event(WorkspaceId workspaceId, String id);

    /**
     * Newest first, after {@code cursor} (a page's {@code nextCursor}; null: from the newest); a null filter matches
     * every event.
     */
    Page<UserEvent> search(
            WorkspaceId workspaceId, String profileId, EventName name, String referenceId, String cursor, int limit);
}
