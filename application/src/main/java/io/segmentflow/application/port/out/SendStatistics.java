package io.segmentflow.application.port.out;

import io.segmentflow.application.statistics.Backlog;
import io.segmentflow.application.statistics.SendEvent;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.List;

/** The outbox counted for the dashboard: what happened to a workspace's sends minute by minute, and what waits. */
public interface SendStatistics {
    /** How many sends met {@code event} in the minute starting at {@code minute}. */
    record Count(Instant minute, SendEvent event, long sends) {}

    /** The workspace's counts per minute and event from {@code since} (a minute's start) on; minutes without any are left out. */
    List<Count> perMinute(WorkspaceId workspaceId, Instant since);

    Backlog backlog(WorkspaceId workspaceId);
}
