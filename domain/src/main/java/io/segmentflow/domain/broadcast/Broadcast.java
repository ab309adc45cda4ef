package io.segmentflow.domain.broadcast;

import io.segmentflow.domain.audience.AudienceSpec;
import io.segmentflow.domain.audience.CarrierLifecycle;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.CarrierStatus;
import io.segmentflow.domain.audience.CarrierType;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Objects;

/**
 * One campaign to a computed audience. It is drafted and edited as a draft, then either scheduled for a time in the
 * future or handed to a person who confirms it in the dashboard: no API call sends it now. When its time comes, or
 * the person confirms, it moves to sending and a fan-out writes one EmailSend per eligible Profile; it is cancelled
 * only before that. See {@link CarrierLifecycle} for every move.
 */
public final class Broadcast {
    private final String id;
    private final WorkspaceId workspaceId;
    private final Instant createdAt;
    private BroadcastDefinition definition;
    private final CarrierLifecycle lifecycle;
    private Instant updatedAt;

    private Broadcast(
            String id,
            WorkspaceId workspaceId,
            BroadcastDefinition definition,
            CarrierLifecycle lifecycle,
            Instant createdAt,
            Instant updatedAt) {
        this.id = Objects.requireNonNull(id);
        this.workspaceId = Objects.requireNonNull(workspaceId);
        this.definition = Objects.requireNonNull(definition);
        this.lifecycle = Objects.requireNonNull(lifecycle);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.updatedAt = Objects.requireNonNull(updatedAt);
    }

    public static Broadcast draft(WorkspaceId workspaceId, BroadcastDefinition definition, Instant now) {
        String id = Identifier.next("brd", now);
        return new Broadcast(id, workspaceId, definition, CarrierLifecycle.draft(label(id)), now, now);
    }

    public static Broadcast restore(
            String id,
            WorkspaceId workspaceId,
            BroadcastDefinition definition,
            CarrierLifecycle lifecycle,
            Instant createdAt,
            Instant updatedAt) {
        return new Broadcast(id, workspaceId, definition, lifecycle, createdAt, updatedAt);
    }

    /** How a Broadcast is named in refusals. */
    public static String label(String id) {
        return "broadcast " + id;
    }

    /** Replaces the definition; only a draft is edited. */
    public void edit(BroadcastDefinition newDefinition, Instant now) {
        lifecycle.requireEditable();
        definition = Objects.requireNonNull(newDefinition);
        updatedAt = now;
    }

    /** A new draft with the same definition, whatever this one's status (a sent Broadcast can be sent again). */
    public Broadcast duplicate(BroadcastDefinition copied, Instant now) {
        return draft(workspaceId, copied, now);
    }

    public void schedule(Instant sendAt, Instant now) {
        lifecycle.schedule(sendAt, now);
        updatedAt = now;
    }

    public void awaitConfirmation(Instant now) {
        lifecycle.awaitConfirmation();
        updatedAt = now;
    }

    public void startScheduled(CarrierLifecycle.Pinned what, Instant now) {
        lifecycle.startScheduled(what, now);
        updatedAt = now;
    }

    public void startConfirmed(CarrierLifecycle.Pinned what, Instant now) {
        lifecycle.startConfirmed(what, now);
        updatedAt = now;
    }

    public void cancel(Instant now) {
        lifecycle.cancel(now);
        updatedAt = now;
    }

    public boolean fannedOut(long written, Instant now) {
        boolean moved = lifecycle.fannedOut(written, now);
        if (moved) {
            updatedAt = now;
        }
        return moved;
    }

    public boolean fail(String reason, Instant now) {
        boolean moved = lifecycle.fail(reason, now);
        if (moved) {
            updatedAt = now;
        }
        return moved;
    }

    public CarrierRef ref() {
        return new CarrierRef(workspaceId, CarrierType.BROADCAST, id);
    }

    public AudienceSpec audience() {
        return new AudienceSpec(definition.segmentId(), definition.subscriptionGroupId());
    }

    public String id() {
        return id;
    }

    public WorkspaceId workspaceId() {
        return workspaceId;
    }

    public BroadcastDefinition definition() {
        return definition;
    }

    public CarrierLifecycle lifecycle() {
        return lifecycle;
    }

    public CarrierStatus status() {
        return lifecycle.status();
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
