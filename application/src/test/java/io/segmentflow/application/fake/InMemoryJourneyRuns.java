package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.JourneyRuns;
import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.journey.JourneyRun;
import io.segmentflow.domain.journey.PriorRuns;
import io.segmentflow.domain.journey.RunStats;
import io.segmentflow.domain.journey.RunStatus;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** Journey runs in memory; reads give copies, so only what is stored is seen by the next transaction. */
public final class InMemoryJourneyRuns implements JourneyRuns, TransactionalStore {
    private int nextDueReads;

    private final Map<String, JourneyRun> runs = new TreeMap<>();

    @Override
    public void addAll(List<JourneyRun> added) {
        added.forEach(run -> runs.put(run.id(), copy(run)));
    }

    @Override
    public void updateAll(List<JourneyRun> updated) {
        for (JourneyRun run : updated) {
            if (!runs.containsKey(run.id())) {
                throw new IllegalStateException("no run " + run.id() + " to update");
            }
            runs.put(run.id(), copy(run));
        }
    }

    @Override
    public Optional<JourneyRun> find(WorkspaceId workspaceId, String id) {
        return Optional.ofNullable(runs.get(id))
                .filter(r -> r.workspaceId().equals(workspaceId))
                .map(InMemoryJourneyRuns::copy);
    }

    @Override
    public List<JourneyRun> listOf(WorkspaceId workspaceId, String journeyId, String beforeId, int limit) {
        return runs.values().stream()
                .filter(r ->
                        r.workspaceId().equals(workspaceId) && r.journeyId().equals(journeyId))
                .filter(r -> beforeId == null || r.id().compareTo(beforeId) < 0)
                .sorted(Comparator.comparing(JourneyRun::id).reversed())
                .limit(limit)
                .map(InMemoryJourneyRuns::copy)
                .toList();
    }

    @Override
    public Map<String, Map<String, PriorRuns>> priorRuns(
            WorkspaceId workspaceId, Collection<String> profileIds, Collection<String> journeyIds) {
        Map<String, Map<String, PriorRuns>> prior = new HashMap<>();
        for (JourneyRun run : runs.values()) {
            if (run.workspaceId().equals(workspaceId)
                    && profileIds.contains(run.profileId())
                    && journeyIds.contains(run.journeyId())) {
                Map<String, PriorRuns> ofProfile = prior.computeIfAbsent(run.profileId(), p -> new HashMap<>());
                PriorRuns known = ofProfile.getOrDefault(run.journeyId(), PriorRuns.NONE);
                ofProfile.put(
                        run.journeyId(),
                        new PriorRuns(true, known.going() || !run.status().isEnded()));
            }
        }
        return prior;
    }

    @Override
    public List<JourneyRun> claimDue(Instant now, int limit) {
        return runs.values().stream()
                .filter(r -> r.isDue(now))
                .sorted(Comparator.comparing(JourneyRun::dueAt))
                .limit(limit)
                .map(InMemoryJourneyRuns::copy)
                .toList();
    }

    @Override
    public List<JourneyRun> waitingForAny(
            WorkspaceId workspaceId, Collection<String> profileIds, Collection<EventName> events) {
        return runs.values().stream()
                .filter(r -> r.workspaceId().equals(workspaceId) && profileIds.contains(r.profileId()))
                .filter(r -> r.status() == RunStatus.WAITING
                        && r.awaitedEvent().map(events::contains).orElse(false))
                .map(InMemoryJourneyRuns::copy)
                .toList();
    }

    @Override
    public List<JourneyRun> goingOf(WorkspaceId workspaceId, String profileId) {
        return runs.values().stream()
                .filter(r ->
                        r.workspaceId().equals(workspaceId) && r.profileId().equals(profileId))
                .filter(r -> !r.status().isEnded())
                .map(InMemoryJourneyRuns::copy)
                .toList();
    }

    @Override
    public RunStats stats(WorkspaceId workspaceId, String journeyId) {
        Map<RunStatus, Long> byStatus = new EnumMap<>(RunStatus.class);
        Map<String, Long> byStep = new HashMap<>();
        for (JourneyRun run : runs.values()) {
            if (run.workspaceId().equals(workspaceId) && run.journeyId().equals(journeyId)) {
                byStatus.merge(run.status(), 1L, Long::sum);
                if (!run.status().isEnded() && run.currentStep() != null) {
                    byStep.merge(run.currentStep(), 1L, Long::sum);
                }
            }
        }
        return new RunStats(byStatus, byStep);
    }

    /** How often the next due time was read. */
    public int nextDueReads() {
        return nextDueReads;
    }

    @Override
    public Optional<Instant> nextDue() {
        nextDueReads++;
        return runs.values().stream()
                .filter(r -> !r.status().isEnded())
                .map(JourneyRun::dueAt)
                .filter(Objects::nonNull)
                .min(Comparator.naturalOrder());
    }

    public List<JourneyRun> all() {
        return runs.values().stream().map(InMemoryJourneyRuns::copy).toList();
    }

    private static JourneyRun copy(JourneyRun r) {
        return JourneyRun.restore(
                r.id(),
                r.workspaceId(),
                r.journeyId(),
                r.journeyVersion(),
                r.profileId(),
                r.eventId().orElse(null),
                r.status(),
                r.currentStep(),
                r.dueAt(),
                r.awaitedEvent().orElse(null),
                r.history(),
                r.createdAt(),
                r.updatedAt());
    }

    @Override
    public Runnable checkpoint() {
        Map<String, JourneyRun> saved = new TreeMap<>(runs);
        return () -> {
            runs.clear();
            runs.putAll(saved);
        };
    }
}
