package io.segmentflow.application.port.out;

import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.journey.Journey;
import io.segmentflow.domain.journey.JourneyGraph;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;
import java.util.Optional;

/** Journeys and every version of their graphs, which runs started on them keep using. */
public interface Journeys {
    /** Stores a new Journey and its first version. */
    void add(Journey journey);

    /** Stores the Journey as it is now, and its current version's graph when that version is new. */
    void update(Journey journey);

    Optional<Journey> find(WorkspaceId workspaceId, String id);

    /** The Journey, locked until the transaction ends, so two edits or lifecycle moves do not cross. */
    Optional<Journey> findForUpdate(WorkspaceId workspaceId, String id);

    /** A page of the workspace's Journeys in id order, after {@code afterId} (null: from the first). */
    List<Journey> list(WorkspaceId workspaceId, String afterId, int limit);

    /** The active and paused Journeys whose trigger is this event. */
    List<Journey> listeningTo(WorkspaceId workspaceId, EventName event);

    /** The graph of one version of a Journey. */
    Optional<JourneyGraph> graph(String journeyId, int version);
}
