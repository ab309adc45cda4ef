package io.segmentflow.domain.newsletter;

import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Objects;

/**
 * Recurring editorial content of a workspace: a name, the subscription group its readers subscribe to, a sender and
 * a default template. It sends nothing itself; each of its {@link NewsletterIssue}s goes to its subscribers. An edit
 * applies to Issues not yet sending; an Issue that started keeps what it started with.
 */
public final class Newsletter {
    private final String id;
    private final WorkspaceId workspaceId;
    private final Instant createdAt;
    private NewsletterDefinition definition;
    private Instant updatedAt;

    private Newsletter(
            String id, WorkspaceId workspaceId, NewsletterDefinition definition, Instant createdAt, Instant updatedAt) {
        this.id = Objects.requireNonNull(id);
        this.workspaceId = Objects.requireNonNull(workspaceId);
        this.definition = Objects.requireNonNull(definition);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.updatedAt = Objects.requireNonNull(updatedAt);
    }

    public static Newsletter create(WorkspaceId workspaceId, NewsletterDefinition definition, Instant now) {
        return new Newsletter(Identifier.next("nws", now), workspaceId, definition, now, now);
    }

    public static Newsletter restore(
            String id, WorkspaceId workspaceId, NewsletterDefinition definition, Instant createdAt, Instant updatedAt) {
        return new Newsletter(id, workspaceId, definition, createdAt, updatedAt);
    }

    public void edit(NewsletterDefinition newDefinition, Instant now) {
        definition = Objects.requireNonNull(newDefinition);
        updatedAt = now;
    }

    public String id() {
        return id;
    }

    public WorkspaceId workspaceId() {
        return workspaceId;
    }

    public NewsletterDefinition definition() {
        return definition;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
