package io.segmentflow.domain.journey;

import io.segmentflow.domain.condition.FieldValues;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.shared.IllegalTransitionException;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An automation of a workspace: a trigger, a re-entry policy and a graph of steps. Its lifecycle is
 * {@code draft -> active <-> paused}, and {@code -> archived} from any of them; only an active Journey enrolls
 * Profiles. A definition with a problem is refused whole, each problem named by its step. Editing a Journey
 * that has been activated makes a new version: runs started on an earlier one finish on it.
 */
public final class Journey {
    public static final int MAX_NAME_LENGTH = 200;

    private final String id;
    private final WorkspaceId workspaceId;
    private final Instant createdAt;
    private String name;
    private JourneyTrigger trigger;
    private ReEntry reEntry;
    private JourneyGraph graph;
    private JourneyStatus status;
    private int version;
    private Instant updatedAt;

    private Journey(
            String id,
            WorkspaceId workspaceId,
            String name,
            JourneyTrigger trigger,
            ReEntry reEntry,
            JourneyGraph graph,
            JourneyStatus status,
            int version,
            Instant createdAt,
            Instant updatedAt) {
        this.id = Objects.requireNonNull(id);
        this.workspaceId = Objects.requireNonNull(workspaceId);
        this.name = checkName(name);
        this.trigger = Objects.requireNonNull(trigger);
        this.reEntry = Objects.requireNonNull(reEntry);
        this.graph = Objects.requireNonNull(graph);
        this.status = Objects.requireNonNull(status);
        this.version = version;
        this.createdAt = Objects.requireNonNull(createdAt);
        this.updatedAt = Objects.requireNonNull(updatedAt);
    }

    /** A new draft, version 1; refused when its graph has a problem. */
    public static Journey draft(
            WorkspaceId workspaceId,
            String name,
            JourneyTrigger trigger,
            ReEntry reEntry,
            JourneyGraph graph,
            Instant now) {
        requireNoProblems(graph);
        return new Journey(
                Identifier.next("jny", now),
                workspaceId,
                name,
                trigger,
                reEntry,
                graph,
                JourneyStatus.DRAFT,
                1,
                now,
                now);
    }

    public static Journey restore(
            String id,
            WorkspaceId workspaceId,
            String name,
            JourneyTrigger trigger,
            ReEntry reEntry,
            JourneyGraph graph,
            JourneyStatus status,
            int version,
            Instant createdAt,
            Instant updatedAt) {
        return new Journey(id, workspaceId, name, trigger, reEntry, graph, status, version, createdAt, updatedAt);
    }

    /**
     * Replaces the definition. A draft is changed in place; an active or paused Journey gets a new version, so
     * runs already going keep the graph they started on.
     *
     * @return true when a new version was made
     */
    public boolean edit(
            String newName, JourneyTrigger newTrigger, ReEntry newReEntry, JourneyGraph newGraph, Instant now) {
        if (status == JourneyStatus.ARCHIVED) {
            throw new IllegalTransitionException("journey " + id + " is archived and cannot be edited");
        }
        requireNoProblems(newGraph);
        this.name = checkName(newName);
        this.trigger = Objects.requireNonNull(newTrigger);
        this.reEntry = Objects.requireNonNull(newReEntry);
        this.graph = newGraph;
        this.updatedAt = now;
        if (status == JourneyStatus.DRAFT) {
            return false;
        }
        version++;
        return true;
    }

    public void activate(Instant now) {
        if (status != JourneyStatus.DRAFT && status != JourneyStatus.PAUSED) {
            throw new IllegalTransitionException(
                    "journey " + id + " is " + status.wireName() + " and cannot be activated");
        }
        status = JourneyStatus.ACTIVE;
        updatedAt = now;
    }

    public void pause(Instant now) {
        if (status != JourneyStatus.ACTIVE) {
            throw new IllegalTransitionException(
                    "journey " + id + " is " + status.wireName() + " and cannot be paused");
        }
        status = JourneyStatus.PAUSED;
        updatedAt = now;
    }

    public void archive(Instant now) {
        if (status == JourneyStatus.ARCHIVED) {
            throw new IllegalTransitionException("journey " + id + " is already archived");
        }
        status = JourneyStatus.ARCHIVED;
        updatedAt = now;
    }

    /** Whether journeys.trigger may start it: only a Journey with an API trigger. */
    public boolean startsOnApiCall() {
        return trigger instanceof JourneyTrigger.OnApiCall;
    }

    /** Whether {@link #refusesEntry} asks about the Profile's earlier runs: an active Journey not entered always. */
    public boolean asksPriorRuns() {
        return status == JourneyStatus.ACTIVE && reEntry != ReEntry.ALWAYS;
    }

    /**
     * Whether a Profile enters now, given its earlier runs and the event's and Profile's fields: empty when it
     * does, else why not. A paused Journey enrolls no one; the re-entry policy is asked before the filter.
     */
    public Optional<SkipReason> refusesEntry(PriorRuns prior, FieldValues values) {
        if (status != JourneyStatus.ACTIVE) {
            return Optional.of(SkipReason.JOURNEY_PAUSED);
        }
        if (prior.going() && reEntry != ReEntry.ALWAYS) {
            return Optional.of(SkipReason.ALREADY_IN_RUN);
        }
        if (prior.any() && reEntry == ReEntry.NEVER) {
            return Optional.of(SkipReason.ALREADY_ENTERED);
        }
        if (trigger instanceof JourneyTrigger.OnEvent onEvent
                && onEvent.filter().isPresent()
                && !onEvent.filter().get().holdsFor(values)) {
            return Optional.of(SkipReason.FILTER_FALSE);
        }
        return Optional.empty();
    }

    private static void requireNoProblems(JourneyGraph graph) {
        List<DefinitionProblem> problems = graph.problems();
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException(problems);
        }
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

    public String id() {
        return id;
    }

    public WorkspaceId workspaceId() {
        return workspaceId;
    }

    public String name() {
        return name;
    }

    public JourneyTrigger trigger() {
        return trigger;
    }

    public ReEntry reEntry() {
        return reEntry;
    }

    public JourneyGraph graph() {
        return graph;
    }

    public JourneyStatus status() {
        return status;
    }

    public int version() {
        return version;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
