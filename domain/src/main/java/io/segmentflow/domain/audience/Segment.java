package io.segmentflow.domain.audience;

import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.condition.Namespace;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Objects;

/**
 * A named part of a workspace's Profiles: those whose properties meet a condition ({@code profile.*} fields only: a
 * segment is asked of Profiles, not of events). Membership is computed when asked, never stored.
 */
public record Segment(
        String id, WorkspaceId workspaceId, String name, Condition condition, Instant createdAt, Instant updatedAt) {
    public static final int MAX_NAME_LENGTH = 200;

    public Segment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        name = checkName(name);
        condition = checkCondition(condition);
    }

    public static Segment create(WorkspaceId workspaceId, String name, Condition condition, Instant now) {
        return new Segment(Identifier.next("seg", now), workspaceId, name, condition, now, now);
    }

    public Segment edited(String newName, Condition newCondition, Instant now) {
        return new Segment(id, workspaceId, newName, newCondition, createdAt, now);
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidValueException("name", "must not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidValueException("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        return name;
    }

    private static Condition checkCondition(Condition condition) {
        if (condition == null) {
            throw new InvalidValueException("condition", "is required");
        }
        Condition.withinLimits(condition);
        if (readsEvents(condition)) {
            throw new InvalidValueException("condition", "a segment reads profile.* fields only");
        }
        return condition;
    }

    private static boolean readsEvents(Condition condition) {
        if (condition instanceof Condition.AllOf all) {
            return all.conditions().stream().anyMatch(Segment::readsEvents);
        }
        if (condition instanceof Condition.AnyOf any) {
            return any.conditions().stream().anyMatch(Segment::readsEvents);
        }
        if (condition instanceof Condition.Not not) {
            return readsEvents(not.condition());
        }
        return ((Condition.Comparison) condition).field().namespace() != Namespace.PROFILE;
    }
}
