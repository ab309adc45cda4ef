package io.segmentflow.domain.journey;

import io.segmentflow.domain.condition.FieldValues;
import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.shared.IllegalTransitionException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One Profile's way through one version of a Journey. A run is due at a time (now when it starts or an awaited
 * event came, the end of a wait, a wait's timeout); {@link #advance} then goes through steps until the run waits
 * or ends, and returns what the steps asked for (emails, profile updates), which the caller commits together with
 * the run, so each step's effect happens once. A step that changes the Profile ends an advance, so the next one
 * reads the Profile as changed.
 */
public final class JourneyRun {
    /** The most visits a run keeps; a Journey that loops through waits for years forgets its oldest. */
    public static final int MAX_HISTORY = 500;

    private final String id;
    private final WorkspaceId workspaceId;
    private final String journeyId;
    private final int journeyVersion;
    private final String profileId;
    private final String eventId;
    private final Instant createdAt;
    private final List<StepVisit> history;
    private RunStatus status;
    private String currentStep;
    private Instant dueAt;
    private EventName awaitedEvent;
    private Instant updatedAt;

    private JourneyRun(
            String id,
            WorkspaceId workspaceId,
            String journeyId,
            int journeyVersion,
            String profileId,
            String eventId,
            RunStatus status,
            String currentStep,
            Instant dueAt,
            EventName awaitedEvent,
            List<StepVisit> history,
            Instant createdAt,
            Instant updatedAt) {
        this.id = Objects.requireNonNull(id);
        this.workspaceId = Objects.requireNonNull(workspaceId);
        this.journeyId = Objects.requireNonNull(journeyId);
        this.journeyVersion = journeyVersion;
        this.profileId = Objects.requireNonNull(profileId);
        this.eventId = eventId;
        this.status = Objects.requireNonNull(status);
        this.currentStep = currentStep;
        this.dueAt = dueAt;
        this.awaitedEvent = awaitedEvent;
        this.history = new ArrayList<>(history);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.updatedAt = Objects.requireNonNull(updatedAt);
    }

    /**
     * A Profile enters the Journey's current version: queued at its start step, due now.
     *
     * @param eventId the tracked event that made it enter, or the trigger call's record; null when none
     */
    public static JourneyRun start(Journey journey, String profileId, String eventId, Instant now) {
        return new JourneyRun(
                Identifier.next("run", now),
                journey.workspaceId(),
                journey.id(),
                journey.version(),
                profileId,
                eventId,
                RunStatus.QUEUED,
                journey.graph().start(),
                now,
                null,
                List.of(),
                now,
                now);
    }

    public static JourneyRun restore(
            String id,
            WorkspaceId workspaceId,
            String journeyId,
            int journeyVersion,
            String profileId,
            String eventId,
            RunStatus status,
            String currentStep,
            Instant dueAt,
            EventName awaitedEvent,
            List<StepVisit> history,
            Instant createdAt,
            Instant updatedAt) {
        return new JourneyRun(
                id,
                workspaceId,
                journeyId,
                journeyVersion,
                profileId,
                eventId,
                status,
                currentStep,
                dueAt,
                awaitedEvent,
                history,
                createdAt,
                updatedAt);
    }

    public boolean isDue(Instant now) {
        return (status == RunStatus.QUEUED || status == RunStatus.WAITING) && !dueAt.isAfter(now);
    }

    /** Whether an email step can be done now; the reason it cannot, else empty. */
    @FunctionalInterface
    public interface EmailCheck {
        EmailCheck ALWAYS = step -> Optional.empty();

        Optional<String> refusal(JourneyStep.SendEmail step);
    }

    /**
     * Whether advancing the run now reads its Profile, its event's data or a template: only when the first step it
     * takes sends, updates the Profile or branches. A run that goes on to a wait, or ends, reads none of them.
     */
    public boolean readsStateOnAdvance(JourneyGraph graph) {
        String first = currentStep;
        if (status == RunStatus.WAITING) {
            JourneyStep waited = stepOf(graph, currentStep);
            first = waited instanceof JourneyStep.Wait wait
                    ? wait.next()
                    : waited instanceof JourneyStep.WaitUntil waitUntil ? waitUntil.timeoutNext() : null;
        }
        JourneyStep step = first == null ? null : stepOf(graph, first);
        return step instanceof JourneyStep.SendEmail
                || step instanceof JourneyStep.UpdateProfile
                || step instanceof JourneyStep.Branch;
    }

    /**
     * Takes a due run on at once when that reads nothing: through a first step that waits or ends, without its
     * Profile, event data or templates (see {@link #readsStateOnAdvance}). A run whose first step reads them is left
     * due, for an advance that reads them.
     *
     * @return whether the run went on
     */
    public boolean advanceWithoutReading(JourneyGraph graph, Instant now) {
        if (!isDue(now) || readsStateOnAdvance(graph)) {
            return false;
        }
        advance(
                graph,
                FieldValues.NONE,
                step -> Optional.of("the run's state was not read for step " + step.id()),
                now);
        return true;
    }

    /**
     * Goes on from the current step: a wait that is over, or a wait for an event that timed out, moves along its
     * path; then steps are done until the run waits, ends, or changed its Profile.
     *
     * @param graph the graph of the run's own Journey version
     * @param values the Profile's properties and the triggering event's data, as they are now
     * @param emails whether an email step can be done (its template exists, the Profile has an address): one that
     *     cannot fails the run there
     * @return what the steps asked for, in order
     */
    public List<RunEffect> advance(JourneyGraph graph, FieldValues values, EmailCheck emails, Instant now) {
        if (!isDue(now)) {
            throw new IllegalTransitionException("run " + id + " is " + status.wireName() + " and not due");
        }
        List<RunEffect> effects = new ArrayList<>();
        updatedAt = now;
        if (status == RunStatus.WAITING) {
            JourneyStep waited = stepOf(graph, currentStep);
            if (waited instanceof JourneyStep.Wait wait) {
                visit(wait.id(), StepOutcome.WAITED, now, null);
                currentStep = wait.next();
            } else if (waited instanceof JourneyStep.WaitUntil waitUntil) {
                visit(
                        waitUntil.id(),
                        StepOutcome.TIMED_OUT,
                        now,
                        waitUntil.event().value());
                currentStep = waitUntil.timeoutNext();
            } else if (waited != null) {
                return failAt(waited.id(), "a run waits only at a wait step", now, effects);
            }
            awaitedEvent = null;
        }
        status = RunStatus.RUNNING;
        // A checked graph has no loop without a wait, so a run passes each step at most once per advance.
        for (int passed = 0; passed <= graph.steps().size(); passed++) {
            if (currentStep == null) {
                return end(RunStatus.COMPLETED, now, effects);
            }
            JourneyStep step = stepOf(graph, currentStep);
            if (step == null) {
                return failAt(currentStep, "the step is not in the run's journey version", now, effects);
            }
            if (step instanceof JourneyStep.SendEmail email) {
                Optional<String> refusal = emails.refusal(email);
                if (refusal.isPresent()) {
                    return failAt(email.id(), refusal.get(), now, effects);
                }
                effects.add(new RunEffect.SendEmail(email.id(), email.templateId(), email.from(), email.subject()));
                visit(email.id(), StepOutcome.EMAIL_QUEUED, now, null);
                currentStep = email.next();
            } else if (step instanceof JourneyStep.UpdateProfile update) {
                effects.add(new RunEffect.UpdateProfile(update.id(), update.properties()));
                visit(update.id(), StepOutcome.PROFILE_UPDATED, now, null);
                currentStep = update.next();
                if (currentStep == null) {
                    return end(RunStatus.COMPLETED, now, effects);
                }
                status = RunStatus.QUEUED;
                dueAt = now;
                return effects;
            } else if (step instanceof JourneyStep.Wait wait) {
                status = RunStatus.WAITING;
                dueAt = now.plus(wait.duration());
                return effects;
            } else if (step instanceof JourneyStep.WaitUntil waitUntil) {
                status = RunStatus.WAITING;
                dueAt = now.plus(waitUntil.timeout());
                awaitedEvent = waitUntil.event();
                return effects;
            } else if (step instanceof JourneyStep.Branch branch) {
                boolean holds = branch.condition().holdsFor(values);
                visit(branch.id(), holds ? StepOutcome.BRANCHED_TRUE : StepOutcome.BRANCHED_FALSE, now, null);
                currentStep = holds ? branch.whenTrue() : branch.whenFalse();
            } else {
                visit(step.id(), StepOutcome.EXITED, now, null);
                return end(RunStatus.COMPLETED, now, effects);
            }
        }
        return failAt(currentStep, "the run went round a loop without a wait", now, effects);
    }

    /**
     * An event was tracked for the run's Profile: a run waiting for it (and whose wait's filter holds) is due at
     * once along the wait's path.
     *
     * @return true when the run was waiting for it
     */
    public boolean eventArrived(EventName event, JourneyGraph graph, FieldValues values, Instant now) {
        if (status != RunStatus.WAITING || !event.equals(awaitedEvent)) {
            return false;
        }
        if (!(stepOf(graph, currentStep) instanceof JourneyStep.WaitUntil waitUntil)
                || (waitUntil.filter().isPresent() && !waitUntil.filter().get().holdsFor(values))) {
            return false;
        }
        visit(waitUntil.id(), StepOutcome.EVENT_ARRIVED, now, event.value());
        currentStep = waitUntil.next();
        awaitedEvent = null;
        status = RunStatus.QUEUED;
        dueAt = now;
        updatedAt = now;
        return true;
    }

    /** Takes the run out from outside (its Profile erased, its Journey archived); an ended run stays as it is. */
    public boolean exit(Instant now, String reason) {
        if (status.isEnded()) {
            return false;
        }
        end(RunStatus.EXITED, now, List.of());
        visit(currentStep, StepOutcome.EXITED, now, reason);
        return true;
    }

    /** A step's effect could not be done (its template is gone, say): the run ends as failed. */
    public void fail(String stepId, String reason, Instant now) {
        if (status.isEnded()) {
            throw new IllegalTransitionException("run " + id + " has already ended");
        }
        failAt(stepId, reason, now, List.of());
    }

    private List<RunEffect> failAt(String stepId, String reason, Instant now, List<RunEffect> effects) {
        visit(stepId, StepOutcome.FAILED, now, reason);
        return end(RunStatus.FAILED, now, effects);
    }

    private List<RunEffect> end(RunStatus end, Instant now, List<RunEffect> effects) {
        status = end;
        dueAt = null;
        awaitedEvent = null;
        updatedAt = now;
        return effects;
    }

    private void visit(String stepId, StepOutcome outcome, Instant at, String detail) {
        if (history.size() == MAX_HISTORY) {
            history.remove(0);
        }
        history.add(new StepVisit(stepId, outcome, at, detail));
    }

    private static JourneyStep stepOf(JourneyGraph graph, String stepId) {
        return stepId == null ? null : graph.step(stepId).orElse(null);
    }

    public String id() {
        return id;
    }

    public WorkspaceId workspaceId() {
        return workspaceId;
    }

    public String journeyId() {
        return journeyId;
    }

    public int journeyVersion() {
        return journeyVersion;
    }

    public String profileId() {
        return profileId;
    }

    public Optional<String> eventId() {
        return Optional.ofNullable(eventId);
    }

    public RunStatus status() {
        return status;
    }

    /** The step the run is at (waiting at, or ended at); null when it completed at the end of a path. */
    public String currentStep() {
        return currentStep;
    }

    /** When the run goes on next; null once it has ended. */
    public Instant dueAt() {
        return dueAt;
    }

    public Optional<EventName> awaitedEvent() {
        return Optional.ofNullable(awaitedEvent);
    }

    public List<StepVisit> history() {
        return List.copyOf(history);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
