package io.segmentflow.application.port.out;

import io.segmentflow.domain.workspace.Workspace;
import java.util.Optional;

/** Workspaces (tenants). */
public interface Workspaces {
    void add(Workspace workspace);

    /** The workspace created first: the operator's own, which the bootstrap key belongs to. */
    Optional<Workspace> first();
}
