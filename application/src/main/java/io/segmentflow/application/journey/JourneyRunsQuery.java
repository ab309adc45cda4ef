package io.segmentflow.application.journey;

import io.segmentflow.domain.journey.JourneyRun;
import io.segmentflow.domain.journey.RunStats;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;

/** Reading runs: one with its steps, a Journey's runs, and counts. */
public interface JourneyRunsQuery {
    JourneyRun run(WorkspaceId workspaceId, String runId);

    List<JourneyRun> runsOf(WorkspaceId workspaceId, String journeyId, String beforeId, int limit);

    RunStats stats(WorkspaceId workspaceId, String journeyId);
}
