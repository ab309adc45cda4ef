package io.segmentflow.domain.template;

import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Objects;

/**
 * A named email template of a workspace. Editing its content makes a new snapshot and leaves the old
 * ones alone, so sends accepted before the edit still render what they were accepted with.
 */
public final class Template {
    public static final int MAX_NAME_LENGTH = 200;

    private final String id;
    private final WorkspaceId workspaceId;
    private final Instant createdAt;
    private String name;
    private TemplateKind kind;
    private TemplateSnapshot current;
    private Instant updatedAt;

    private Template(
            String id,
            WorkspaceId workspaceId,
            String name,
            TemplateKind kind,
            TemplateSnapshot current,
            Instant createdAt,
            Instant updatedAt) {
        this.id = Objects.requireNonNull(id);
        this.workspaceId = Objects.requireNonNull(workspaceId);
        this.name = checkName(name);
        this.kind = Objects.requireNonNull(kind);
        this.current = Objects.requireNonNull(current);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.updatedAt = Objects.requireNonNull(updatedAt);
    }

    public static Template create(
            WorkspaceId workspaceId, String name, TemplateKind kind, TemplateContent content, Instant now) {
        String id = Identifier.next("tpl", now);
        TemplateSnapshot first = new TemplateSnapshot(Identifier.next("tsn", now), workspaceId, id, content, now);
        return new Template(id, workspaceId, name, kind, first, now, now);
    }

    public static Template restore(
            String id,
            WorkspaceId workspaceId,
            String name,
            TemplateKind kind,
            TemplateSnapshot current,
            Instant createdAt,
            Instant updatedAt) {
        return new Template(id, workspaceId, name, kind, current, createdAt, updatedAt);
    }

    /**
     * Renames, re-kinds and re-words the template. A new snapshot is made only when the content changed.
     *
     * @return true when a new snapshot was made
     */
    public boolean edit(String newName, TemplateKind newKind, TemplateContent newContent, Instant now) {
        this.name = checkName(newName);
        this.kind = Objects.requireNonNull(newKind);
        this.updatedAt = now;
        if (newContent.equals(current.content())) {
            return false;
        }
        current = new TemplateSnapshot(Identifier.next("tsn", now), workspaceId, id, newContent, now);
        return true;
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidValueException("name", "must not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidValueException("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        return name.strip();
    }

    public String id() {
        return id;
    }

    public WorkspaceId workspaceId() {
        return workspaceId;
    }

    public String name() {
        return name;
    }

    public TemplateKind kind() {
        return kind;
    }

    public TemplateSnapshot current() {
        return current;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
