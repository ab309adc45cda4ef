package io.segmentflow.application.event;

import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.event.UserEvent;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;

/** Reading tracked events. */
public interface FindEventsQuery {
    UserEvent event(WorkspaceId workspaceId, String id);

    /** Newest first; a null filter matches every event. */
    List<UserEvent> search(
            WorkspaceId workspaceId, String profileId, EventName name, String referenceId, String beforeId, int limit);
}
