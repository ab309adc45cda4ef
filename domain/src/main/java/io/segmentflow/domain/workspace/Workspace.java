package io.segmentflow.domain.workspace;

import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.shared.InvalidValueException;
import java.time.Instant;

/** A tenant: the team whose keys, templates, profiles and sends live together and apart from all others. */
public record Workspace(WorkspaceId id, String name, Instant createdAt) {
    public static final int MAX_NAME_LENGTH = 200;

    public static Workspace create(String name, Instant now) {
        if (name == null || name.isBlank()) {
            throw new InvalidValueException("name", "must not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidValueException("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        return new Workspace(new WorkspaceId(Identifier.next("ws", now)), name.strip(), now);
    }
}
