package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.Workspaces;
import io.segmentflow.domain.workspace.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Workspaces in memory, in the order they were created. */
public final class InMemoryWorkspaces implements Workspaces, TransactionalStore {
    private final List<Workspace> workspaces = new ArrayList<>();

    @Override
    public void add(Workspace workspace) {
        workspaces.add(workspace);
    }

    @Override
    public Optional<Workspace> first() {
        return workspaces.stream().findFirst();
    }

    public List<Workspace> all() {
        return List.copyOf(workspaces);
    }

    @Override
    public Runnable checkpoint() {
        List<Workspace> saved = List.copyOf(workspaces);
        return () -> {
            workspaces.clear();
            workspaces.addAll(saved);
        };
    }
}
