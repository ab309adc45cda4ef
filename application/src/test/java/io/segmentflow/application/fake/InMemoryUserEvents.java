package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.UserEvents;
import io.segmentflow.domain.event.UserEvent;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/** Tracked events in memory. */
public final class InMemoryUserEvents implements UserEvents, TransactionalStore {
    private final Map<String, UserEvent> events = new TreeMap<>();
    /** The events whose data a run not yet ended still needs; asked of the runs' store when erasing. */
    private Supplier<Set<String>> neededByRuns = Set::of;

    public void neededByRuns(Supplier<Set<String>> eventIds) {
        this.neededByRuns = eventIds;
    }

    @Override
    public void addAll(List<UserEvent> added) {
        added.forEach(event -> events.put(event.id(), event));
    }

    @Override
    public Optional<UserEvent> find(WorkspaceId workspaceId, String id) {
        return Optional.ofNullable(events.get(id)).filter(e -> e.workspaceId().equals(workspaceId));
    }

    @Override
    public List<UserEvent> search(WorkspaceId workspaceId, Search search, String beforeId, int limit) {
        return events.values().stream()
                .filter(e -> e.workspaceId().equals(workspaceId))
                .filter(e -> search.profileId() == null || search.profileId().equals(e.profileId()))
                .filter(e -> search.name() == null || search.name().equals(e.name()))
                .filter(e ->
                        search.referenceId() == null || search.referenceId().equals(e.referenceId()))
                .filter(e -> beforeId == null || e.id().compareTo(beforeId) < 0)
                .sorted(Comparator.comparing(UserEvent::id).reversed())
                .limit(limit)
                .toList();
    }

    @Override
    public Map<String, String> dataOf(WorkspaceId workspaceId, Collection<String> ids) {
        Map<String, String> data = new HashMap<>();
        ids.forEach(id -> find(workspaceId, id).flatMap(UserEvent::dataIfKept).ifPresent(d -> data.put(id, d)));
        return data;
    }

    @Override
    public int eraseDataReceivedBefore(Instant cutoff) {
        Set<String> needed = neededByRuns.get();
        int erased = 0;
        for (UserEvent e : List.copyOf(events.values())) {
            if (e.data() != null && e.receivedAt().isBefore(cutoff) && !needed.contains(e.id())) {
                events.put(e.id(), withoutData(e));
                erased++;
            }
        }
        return erased;
    }

    @Override
    public int eraseDataOf(WorkspaceId workspaceId, String profileId) {
        int erased = 0;
        for (UserEvent e : List.copyOf(events.values())) {
            if (e.workspaceId().equals(workspaceId) && e.profileId().equals(profileId) && e.data() != null) {
                events.put(e.id(), withoutData(e));
                erased++;
            }
        }
        return erased;
    }

    private static UserEvent withoutData(UserEvent e) {
        return new UserEvent(
                e.id(),
                e.workspaceId(),
                e.name(),
                e.profileId(),
                null,
                e.referenceId(),
                e.occurredAt(),
                e.receivedAt());
    }

    public List<UserEvent> all() {
        return List.copyOf(events.values());
    }

    @Override
    public Runnable checkpoint() {
        Map<String, UserEvent> saved = new TreeMap<>(events);
        return () -> {
            events.clear();
            events.putAll(saved);
        };
    }
}
