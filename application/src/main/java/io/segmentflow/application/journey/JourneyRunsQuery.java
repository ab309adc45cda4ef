package io.segmentflow.application.journey;

import io.segmentflow.application.Page;
import io.segmentflow.domain.journey.JourneyRun;
import io.segmentflow.domain.journey.RunStats;
import io.segmentflow.domain.workspace.WorkspaceId;

/** Reading runs: one with its steps, a Journey's runs, and counts. */
public interface JourneyRunsQuery {
    JourneyRun run(WorkspaceId workspaceId, String runId);

    /** A Journey's runs, newest first, after {@code cursor} (a page's {@code nextCursor}; null: from the newest). */
    Page<JourneyRun> runsOf(WorkspaceId workspaceId, String journeyId, String cursor, int limit);

    RunStats stats(WorkspaceId workspaceId, String journeyId);
}
