package io.segmentflow.application.port.out;

import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.event.UserEvent;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tracked business events. */
public interface UserEvents {
    /** Records new events, in one batch. */
    void addAll(List<UserEvent> events);

    Optional<UserEvent> find(WorkspaceId workspaceId, String id);

    /** What to look for; a null field matches everything. */
    record Search(String profileId, EventName name, String referenceId) {}

    /** A page of the workspace's events matching the search, newest first, before {@code beforeId}. */
    List<UserEvent> search(WorkspaceId workspaceId, Search search, String beforeId, int limit);

    /** The data (a JSON object text) of those events that still have it, by id, in one query. */
    Map<String, String> dataOf(WorkspaceId workspaceId, Collection<String> ids);

    /**
     * Erases the data of events received before {@code cutoff}, except of events whose runs have not ended; returns
     * how many.
     */
    int eraseDataReceivedBefore(Instant cutoff);

    /** Erases the data of every event of a Profile. */
    int eraseDataOf(WorkspaceId workspaceId, String profileId);
}
