package io.segmentflow.application.port.out;

import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.journey.JourneyRun;
import io.segmentflow.domain.journey.PriorRuns;
import io.segmentflow.domain.journey.RunStats;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Journey runs: one Profile's way through one Journey version, with its timer. */
public interface JourneyRuns {
    void addAll(List<JourneyRun> runs);

    /** Stores the progress of runs read or claimed in the current transaction. */
    void updateAll(List<JourneyRun> runs);

    Optional<JourneyRun> find(WorkspaceId workspaceId, String id);

    /** A page of a Journey's runs, newest first, before {@code beforeId} (null: from the newest). */
    List<JourneyRun> listOf(WorkspaceId workspaceId, String journeyId, String beforeId, int limit);

    /**
     * What each of the Profiles has done in each of the Journeys before, in one look-up: by Profile id, then by
     * Journey id; a Profile or Journey with no run is left out.
     */
    Map<String, Map<String, PriorRuns>> priorRuns(
            WorkspaceId workspaceId, Collection<String> profileIds, Collection<String> journeyIds);

    /**
     * Claims up to {@code limit} runs due by {@code now}, soonest first, skipping runs another transaction holds;
     * they stay this transaction's until it ends. Must run inside a transaction.
     */
    List<JourneyRun> claimDue(Instant now, int limit);

    /**
     * The runs of any of the Profiles waiting for any of the events, in id order, locked until the transaction
     * ends, in one look-up.
     */
    List<JourneyRun> waitingForAny(
            WorkspaceId workspaceId, Collection<String> profileIds, Collection<EventName> events);

    /** The Profile's runs not yet ended, locked until the transaction ends. */
    List<JourneyRun> goingOf(WorkspaceId workspaceId, String profileId);

    RunStats stats(WorkspaceId workspaceId, String journeyId);

    /** The soonest time a run falls due, if any is waiting or queued. */
    Optional<Instant> nextDue();
}
