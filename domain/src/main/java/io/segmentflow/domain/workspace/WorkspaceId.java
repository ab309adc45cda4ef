package io.segmentflow.domain.workspace;

import java.util.Objects;

/** Every aggregate belongs to exactly one workspace; nothing is ever read across workspaces. */
public record WorkspaceId(String value) {
    public WorkspaceId {
        Objects.requireNonNull(value, "workspace id");
        if (value.isBlank()) {
            throw new IllegalArgumentException("workspace id is blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
