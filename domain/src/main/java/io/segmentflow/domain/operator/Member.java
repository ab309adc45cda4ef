package io.segmentflow.domain.operator;

import io.segmentflow.domain.workspace.WorkspaceId;

/** An operator's role in one workspace. */
public record Member(Operator operator, WorkspaceId workspace, Role role) {}
