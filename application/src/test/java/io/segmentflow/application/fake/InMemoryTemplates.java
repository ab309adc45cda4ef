package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.Templates;
import io.segmentflow.domain.template.Template;
import io.segmentflow.domain.template.TemplateSnapshot;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Templates and their snapshots in memory; like a database, it hands out copies of what it keeps. */
public final class InMemoryTemplates implements Templates, TransactionalStore {
    private final Map<String, Template> templates = new LinkedHashMap<>();
    private final Map<String, TemplateSnapshot> snapshots = new HashMap<>();
    private int snapshotLookups;
    private int snapshotReads;

    @Override
    public void add(Template template) {
        if (templates.containsKey(template.id())) {
            throw new IllegalStateException("duplicate template id " + template.id());
        }
        templates.put(template.id(), copy(template));
        snapshots.put(template.current().id(), template.current());
    }

    @Override
    public void update(Template template) {
        if (!templates.containsKey(template.id())) {
            throw new IllegalStateException("no template " + template.id() + " to update");
        }
        templates.put(template.id(), copy(template));
        snapshots.putIfAbsent(template.current().id(), template.current());
    }

    @Override
    public Optional<Template> find(WorkspaceId workspaceId, String id) {
        return Optional.ofNullable(templates.get(id))
                .filter(t -> t.workspaceId().equals(workspaceId))
                .map(InMemoryTemplates::copy);
    }

    @Override
    public Optional<String> currentSnapshotId(WorkspaceId workspaceId, String id) {
        snapshotLookups++;
        return find(workspaceId, id).map(t -> t.current().id());
    }

    @Override
    public Map<String, String> currentSnapshotIds(WorkspaceId workspaceId, Collection<String> ids) {
        snapshotLookups++;
        Map<String, String> found = new LinkedHashMap<>();
        ids.forEach(id ->
                find(workspaceId, id).ifPresent(t -> found.put(id, t.current().id())));
        return found;
    }

    @Override
    public List<Template> list(WorkspaceId workspaceId, int limit) {
        return templates.values().stream()
                .filter(t -> t.workspaceId().equals(workspaceId))
                .sorted(Comparator.comparing(Template::id))
                .limit(limit)
                .map(InMemoryTemplates::copy)
                .toList();
    }

    @Override
    public boolean delete(WorkspaceId workspaceId, String id, Instant now) {
        Template template = templates.get(id);
        if (template == null || !template.workspaceId().equals(workspaceId)) {
            return false;
        }
        templates.remove(id);
        return true;
    }

    @Override
    public Optional<TemplateSnapshot> snapshot(WorkspaceId workspaceId, String snapshotId) {
        snapshotReads++;
        return Optional.ofNullable(snapshots.get(snapshotId))
                .filter(s -> s.workspaceId().equals(workspaceId));
    }

    /** Loses a snapshot, to see how a send that needs it fares. */
    public void forgetSnapshot(String snapshotId) {
        snapshots.remove(snapshotId);
    }

    /** How many times a snapshot was read. */
    public int snapshotReads() {
        return snapshotReads;
    }

    /** How many times current snapshot ids were looked up (one look-up may cover many templates). */
    public int snapshotLookups() {
        return snapshotLookups;
    }

    public int size() {
        return templates.size();
    }

    public int snapshotCount() {
        return snapshots.size();
    }

    @Override
    public Runnable checkpoint() {
        Map<String, Template> savedTemplates = new LinkedHashMap<>();
        templates.forEach((id, t) -> savedTemplates.put(id, copy(t)));
        Map<String, TemplateSnapshot> savedSnapshots = new HashMap<>(snapshots);
        return () -> {
            templates.clear();
            templates.putAll(savedTemplates);
            snapshots.clear();
            snapshots.putAll(savedSnapshots);
        };
    }

    private static Template copy(Template t) {
        return Template.restore(t.id(), t.workspaceId(), t.name(), t.kind(), t.current(), t.createdAt(), t.updatedAt());
    }
}
