package io.segmentflow.application.template;

import io.segmentflow.application.port.out.Templates;
import io.segmentflow.domain.template.Template;
import io.segmentflow.domain.template.TemplateSnapshot;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Templates whose snapshots are kept in memory once read: a snapshot never changes, and delivery renders the same
 * one for every recipient of a template, so the store is asked once per snapshot rather than once per message.
 * Everything else, which does change, is asked of the store each time.
 */
public final class CachedTemplates implements Templates {
    /** Snapshots kept; the whole cache is dropped when it grows past this, so it needs no bookkeeping per entry. */
    public static final int SNAPSHOTS_KEPT = 1000;

    private final Templates store;
    // By workspace and id, so one workspace can never read another's snapshot through the cache.
    private final Map<SnapshotKey, TemplateSnapshot> snapshots = new ConcurrentHashMap<>();

    private record SnapshotKey(WorkspaceId workspaceId, String snapshotId) {}

    public CachedTemplates(Templates store) {
        this.store = store;
    }

    @Override
    public Optional<TemplateSnapshot> snapshot(WorkspaceId workspaceId, String snapshotId) {
        SnapshotKey key = new SnapshotKey(workspaceId, snapshotId);
        TemplateSnapshot cached = snapshots.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        // A missing snapshot is not kept: asking again costs little, and it is an error every time.
        Optional<TemplateSnapshot> loaded = store.snapshot(workspaceId, snapshotId);
        loaded.ifPresent(snapshot -> {
            if (snapshots.size() >= SNAPSHOTS_KEPT) {
                snapshots.clear();
            }
            snapshots.put(key, snapshot);
        });
        return loaded;
    }

    @Override
    public void add(Template template) {
        store.add(template);
    }

    @Override
    public void update(Template template) {
        store.update(template);
    }

    @Override
    public Optional<Template> find(WorkspaceId workspaceId, String id) {
        return store.find(workspaceId, id);
    }

    @Override
    public Optional<String> currentSnapshotId(WorkspaceId workspaceId, String id) {
        return store.currentSnapshotId(workspaceId, id);
    }

    @Override
    public Map<String, String> currentSnapshotIds(WorkspaceId workspaceId, Collection<String> ids) {
        return store.currentSnapshotIds(workspaceId, ids);
    }

    @Override
    public List<Template> list(WorkspaceId workspaceId, int limit) {
        return store.list(workspaceId, limit);
    }

    @Override
    public boolean delete(WorkspaceId workspaceId, String id, Instant now) {
        return store.delete(workspaceId, id, now);
    }
}
