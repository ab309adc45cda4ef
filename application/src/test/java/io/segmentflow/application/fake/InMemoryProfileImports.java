package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.ProfileImports;
import io.segmentflow.domain.profileimport.ImportRowError;
import io.segmentflow.domain.profileimport.ProfileImport;
import io.segmentflow.domain.profileimport.StagedRow;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Profile imports in memory, with their staged blocks (kept as the blocks they were staged in) and refused rows. */
public final class InMemoryProfileImports implements ProfileImports, TransactionalStore {
    private final Map<String, ProfileImport> imports = new LinkedHashMap<>();
    private final Map<String, List<List<StagedRow>>> blocks = new LinkedHashMap<>();
    private final Map<String, TreeMap<Long, ImportRowError>> errors = new LinkedHashMap<>();

    @Override
    public void add(ProfileImport profileImport) {
        imports.put(profileImport.id(), profileImport);
    }

    @Override
    public void update(ProfileImport profileImport) {
        if (imports.replace(profileImport.id(), profileImport) == null) {
            throw new IllegalStateException("no import " + profileImport.id());
        }
    }

    @Override
    public Optional<ProfileImport> find(WorkspaceId workspaceId, String id) {
        return Optional.ofNullable(imports.get(id)).filter(i -> i.workspaceId().equals(workspaceId));
    }

    @Override
    public Optional<ProfileImport> lock(WorkspaceId workspaceId, String id) {
        return find(workspaceId, id);
    }

    @Override
    public void stage(String importId, List<StagedRow> rows) {
        blocks.computeIfAbsent(importId, id -> new ArrayList<>()).add(List.copyOf(rows));
    }

    @Override
    public List<StagedRow> staged(String importId, long fromIndex, int limit) {
        List<StagedRow> rows = new ArrayList<>();
        for (List<StagedRow> block : blocks.getOrDefault(importId, List.of())) {
            if (rows.size() >= limit) {
                break;
            }
            block.stream().filter(r -> r.index() >= fromIndex).forEach(rows::add);
        }
        return rows;
    }

    @Override
    public void dropStaged(String importId) {
        blocks.remove(importId);
    }

    @Override
    public void remove(String importId) {
        blocks.remove(importId);
        errors.remove(importId);
        imports.remove(importId);
    }

    @Override
    public void addErrors(String importId, List<ImportRowError> added) {
        TreeMap<Long, ImportRowError> kept = errors.computeIfAbsent(importId, id -> new TreeMap<>());
        added.forEach(e -> kept.putIfAbsent(e.line(), e));
    }

    @Override
    public List<ImportRowError> errors(String importId, long afterLine, int limit) {
        return errors.getOrDefault(importId, new TreeMap<>()).tailMap(afterLine, false).values().stream()
                .limit(limit)
                .toList();
    }

    /** The blocks staged for an import, as staged. */
    public List<List<StagedRow>> blocks(String importId) {
        return blocks.getOrDefault(importId, List.of());
    }

    public List<ProfileImport> all() {
        return List.copyOf(imports.values());
    }

    @Override
    public Runnable checkpoint() {
        Map<String, ProfileImport> savedImports = new LinkedHashMap<>(imports);
        Map<String, List<List<StagedRow>>> savedBlocks = new LinkedHashMap<>();
        blocks.forEach((id, list) -> savedBlocks.put(id, new ArrayList<>(list)));
        Map<String, TreeMap<Long, ImportRowError>> savedErrors = new LinkedHashMap<>();
        errors.forEach((id, map) -> savedErrors.put(id, new TreeMap<>(map)));
        return () -> {
            imports.clear();
            imports.putAll(savedImports);
            blocks.clear();
            blocks.putAll(savedBlocks);
            errors.clear();
            errors.putAll(savedErrors);
        };
    }
}
