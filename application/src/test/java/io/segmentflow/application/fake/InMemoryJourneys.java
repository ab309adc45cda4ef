package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.Journeys;
import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.journey.Journey;
import io.segmentflow.domain.journey.JourneyGraph;
import io.segmentflow.domain.journey.JourneyStatus;
import io.segmentflow.domain.journey.JourneyTrigger;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Journeys in memory, with every version's graph; a read gives a copy, as a database row would. */
public final class InMemoryJourneys implements Journeys, TransactionalStore {
    private final Map<String, Journey> journeys = new TreeMap<>();
    private final Map<String, JourneyGraph> versions = new LinkedHashMap<>();

    @Override
    public void add(Journey journey) {
        journeys.put(journey.id(), copy(journey));
        versions.put(journey.id() + "@" + journey.version(), journey.graph());
    }

    @Override
    public void update(Journey journey) {
        journeys.put(journey.id(), copy(journey));
        versions.put(journey.id() + "@" + journey.version(), journey.graph());
    }

    @Override
    public Optional<Journey> find(WorkspaceId workspaceId, String id) {
        return Optional.ofNullable(journeys.get(id))
                .filter(j -> j.workspaceId().equals(workspaceId))
                .map(InMemoryJourneys::copy);
    }

    @Override
    public Optional<Journey> findForUpdate(WorkspaceId workspaceId, String id) {
        return find(workspaceId, id);
    }

    @Override
    public List<Journey> list(WorkspaceId workspaceId, String afterId, int limit) {
        return journeys.values().stream()
                .filter(j -> j.workspaceId().equals(workspaceId))
                .filter(j -> afterId == null || j.id().compareTo(afterId) > 0)
                .limit(limit)
                .map(InMemoryJourneys::copy)
                .toList();
    }

    @Override
    public List<Journey> listeningTo(WorkspaceId workspaceId, EventName event) {
        List<Journey> listening = new ArrayList<>();
        for (Journey journey : journeys.values()) {
            if (journey.workspaceId().equals(workspaceId)
                    && (journey.status() == JourneyStatus.ACTIVE || journey.status() == JourneyStatus.PAUSED)
                    && journey.trigger() instanceof JourneyTrigger.OnEvent onEvent
                    && onEvent.event().equals(event)) {
                listening.add(copy(journey));
            }
        }
        return listening;
    }

    @Override
    public Optional<JourneyGraph> graph(String journeyId, int version) {
        return Optional.ofNullable(versions.get(journeyId + "@" + version));
    }

    private static Journey copy(Journey j) {
        return Journey.restore(
                j.id(),
                j.workspaceId(),
                j.name(),
                j.trigger(),
                j.reEntry(),
                j.graph(),
                j.status(),
                j.version(),
                j.createdAt(),
                j.updatedAt());
    }

    @Override
    public Runnable checkpoint() {
        Map<String, Journey> savedJourneys = new TreeMap<>(journeys);
        Map<String, JourneyGraph> savedVersions = new LinkedHashMap<>(versions);
        return () -> {
            journeys.clear();
            journeys.putAll(savedJourneys);
            versions.clear();
            versions.putAll(savedVersions);
        };
    }
}
