package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.SubscriptionGroups;
import io.segmentflow.domain.audience.SubscriptionGroup;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Subscription groups in memory, in id order; a deleted group stays, as a row does, for what names it. */
public final class InMemorySubscriptionGroups implements SubscriptionGroups, TransactionalStore {
    private final TreeMap<String, SubscriptionGroup> groups = new TreeMap<>();
    private final Set<String> deleted = new HashSet<>();

    @Override
    public void add(SubscriptionGroup group) {
        groups.put(group.id(), group);
    }

    @Override
    public void update(SubscriptionGroup group) {
        groups.put(group.id(), group);
    }

    @Override
    public Optional<SubscriptionGroup> find(WorkspaceId workspaceId, String id) {
        return Optional.ofNullable(groups.get(id))
                .filter(g -> g.workspaceId().equals(workspaceId) && !deleted.contains(id));
    }

    @Override
    public Optional<SubscriptionGroup> findIncludingDeleted(String id) {
        return Optional.ofNullable(groups.get(id));
    }

    @Override
    public Set<String> existing(WorkspaceId workspaceId, Collection<String> ids) {
        Set<String> found = new HashSet<>();
        ids.forEach(id -> find(workspaceId, id).ifPresent(g -> found.add(id)));
        return found;
    }

    @Override
    public List<SubscriptionGroup> list(WorkspaceId workspaceId, String afterId, int limit) {
        return groups.tailMap(afterId == null ? "" : afterId, false).values().stream()
                .filter(g -> g.workspaceId().equals(workspaceId) && !deleted.contains(g.id()))
                .limit(limit)
                .toList();
    }

    @Override
    public boolean remove(WorkspaceId workspaceId, String id, Instant now) {
        return find(workspaceId, id).isPresent() && deleted.add(id);
    }

    @Override
    public Runnable checkpoint() {
        Map<String, SubscriptionGroup> savedGroups = new TreeMap<>(groups);
        Set<String> savedDeleted = new HashSet<>(deleted);
        return () -> {
            groups.clear();
            groups.putAll(savedGroups);
            deleted.clear();
            deleted.addAll(savedDeleted);
        };
    }
}
