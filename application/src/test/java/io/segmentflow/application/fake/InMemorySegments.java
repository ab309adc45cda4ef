package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.Segments;
import io.segmentflow.domain.audience.Segment;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** Segments in memory (immutable records, so no copies are needed). */
public final class InMemorySegments implements Segments, TransactionalStore {
    private final TreeMap<String, Segment> segments = new TreeMap<>();

    @Override
    public void add(Segment segment) {
        segments.put(segment.id(), segment);
    }

    @Override
    public void update(Segment segment) {
        segments.put(segment.id(), segment);
    }

    @Override
    public Optional<Segment> find(WorkspaceId workspaceId, String id) {
        return Optional.ofNullable(segments.get(id)).filter(s -> s.workspaceId().equals(workspaceId));
    }

    @Override
    public List<Segment> list(WorkspaceId workspaceId, String afterId, int limit) {
        return segments.values().stream()
                .filter(s -> s.workspaceId().equals(workspaceId))
                .filter(s -> afterId == null || s.id().compareTo(afterId) > 0)
                .limit(limit)
                .toList();
    }

    @Override
    public boolean remove(WorkspaceId workspaceId, String id, Instant now) {
        return find(workspaceId, id).isPresent() && segments.remove(id) != null;
    }

    @Override
    public Runnable checkpoint() {
        TreeMap<String, Segment> saved = new TreeMap<>(segments);
        return () -> {
            segments.clear();
            segments.putAll(saved);
        };
    }
}
