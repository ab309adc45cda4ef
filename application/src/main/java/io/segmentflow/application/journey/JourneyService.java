package io.segmentflow.application.journey;

import io.segmentflow.application.Page;
import io.segmentflow.application.error.ConcurrentRequestException;
import io.segmentflow.application.error.EntryRefusedException;
import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.IdempotencyKeyReuseException;
import io.segmentflow.application.error.JourneyNotApiTriggeredException;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.application.port.out.DispatchSignal;
import io.segmentflow.application.port.out.IdempotencyRecords;
import io.segmentflow.application.port.out.JourneyRuns;
import io.segmentflow.application.port.out.Journeys;
import io.segmentflow.application.port.out.StateDocuments;
import io.segmentflow.application.port.out.Templates;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.application.port.out.UserEvents;
import io.segmentflow.application.profile.ManageProfilesUseCase;
import io.segmentflow.domain.condition.FieldValues;
import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.event.UserEvent;
import io.segmentflow.domain.journey.DefinitionProblem;
import io.segmentflow.domain.journey.Journey;
import io.segmentflow.domain.journey.JourneyGraph;
import io.segmentflow.domain.journey.JourneyRun;
import io.segmentflow.domain.journey.JourneyStep;
import io.segmentflow.domain.journey.JourneyTrigger;
import io.segmentflow.domain.journey.PriorRuns;
import io.segmentflow.domain.journey.RunStats;
import io.segmentflow.domain.journey.SkipReason;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.profile.ProfileProperties;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Journeys' definitions and lifecycle, journeys.trigger, and reading runs. */
public class JourneyService implements ManageJourneysUseCase, TriggerJourneyUseCase, JourneyRunsQuery {
    /** A trigger call is kept in the Profile's event history under this name, with its data. */
    public static final EventName TRIGGER_CALL = new EventName("journey.triggered");

    private final Journeys journeys;
    private final JourneyRuns runs;
    private final UserEvents events;
    private final ManageProfilesUseCase profiles;
    private final Templates templates;
    private final IdempotencyRecords idempotency;
    private final StateDocuments documents;
    private final Transactions transactions;
    private final DispatchSignal signal;
    private final Clock clock;

    public JourneyService(
            Journeys journeys,
            JourneyRuns runs,
            UserEvents events,
            ManageProfilesUseCase profiles,
            Templates templates,
            IdempotencyRecords idempotency,
            StateDocuments documents,
            Transactions transactions,
            DispatchSignal signal,
            Clock clock) {
        this.journeys = journeys;
        this.runs = runs;
        this.events = events;
        this.profiles = profiles;
        this.templates = templates;
        this.idempotency = idempotency;
        this.documents = documents;
        this.transactions = transactions;
        this.signal = signal;
        this.clock = clock;
    }

    @Override
    public Journey create(WorkspaceId workspaceId, JourneyDefinition definition) {
        return transactions.inTransaction(() -> {
            requireValid(workspaceId, definition.graph());
            Journey journey = Journey.draft(
                    workspaceId,
                    definition.name(),
                    definition.trigger(),
                    definition.reEntry(),
                    definition.graph(),
                    clock.instant());
            journeys.add(journey);
            return journey;
        });
    }

    @Override
    public Journey update(WorkspaceId workspaceId, String id, JourneyDefinition definition) {
        return transactions.inTransaction(() -> {
            Journey journey = lockedJourney(workspaceId, id);
            requireValid(workspaceId, definition.graph());
            journey.edit(
                    definition.name(), definition.trigger(), definition.reEntry(), definition.graph(), clock.instant());
            journeys.update(journey);
            return journey;
        });
    }

    @Override
    public Journey activate(WorkspaceId workspaceId, String id) {
        return transactions.inTransaction(() -> {
            Journey journey = lockedJourney(workspaceId, id);
            // A template deleted since the last save would fail every run at its email.
            requireValid(workspaceId, journey.graph());
            journey.activate(clock.instant());
            journeys.update(journey);
            return journey;
        });
    }

    @Override
    public Journey pause(WorkspaceId workspaceId, String id) {
        return transactions.inTransaction(() -> {
            Journey journey = lockedJourney(workspaceId, id);
            journey.pause(clock.instant());
            journeys.update(journey);
            return journey;
        });
    }

    @Override
    public Journey archive(WorkspaceId workspaceId, String id) {
        return transactions.inTransaction(() -> {
            Journey journey = lockedJourney(workspaceId, id);
            journey.archive(clock.instant());
            journeys.update(journey);
            return journey;
        });
    }

    @Override
    public Journey find(WorkspaceId workspaceId, String id) {
        return journeys.find(workspaceId, id).orElseThrow(() -> new NotFoundException("journey", id));
    }

    @Override
    public Page<Journey> list(WorkspaceId workspaceId, String cursor, int limit) {
        Page.checkLimit(limit, MAX_LIMIT);
        return Page.of(
                journeys.list(workspaceId, Page.idAfter(cursor), limit + 1),
                limit,
                journey -> Page.cursorAfter(journey.id()));
    }

    @Override
    public TriggerOutcome trigger(TriggerJourneyCommand command, AnswerToStartedRun answerTo) {
        TriggerOutcome outcome;
        try {
            outcome = transactions.inTransaction(() -> startRun(command, answerTo));
        } catch (KeyTaken taken) {
            outcome = taken.replay;
        }
        if (outcome instanceof TriggerOutcome.Started started && started.run().dueAt() != null) {
            signal.runsDueAt(started.run().dueAt());
        }
        return outcome;
    }

    private TriggerOutcome startRun(TriggerJourneyCommand command, AnswerToStartedRun answerTo) {
        WorkspaceId workspace = command.workspaceId();
        Optional<IdempotencyRecords.StoredAnswer> first = idempotency.find(workspace, command.idempotencyKey());
        if (first.isPresent()) {
            return replay(command, first.get());
        }
        Journey journey = find(workspace, command.journeyId());
        if (!(journey.trigger() instanceof JourneyTrigger.OnApiCall)) {
            throw new JourneyNotApiTriggeredException(
                    journey.id(),
                    ((JourneyTrigger.OnEvent) journey.trigger()).event().value());
        }
        Instant now = clock.instant();
        Profile profile = profiles.upsert(workspace, command.profile(), null);
        PriorRuns prior = runs.priorRuns(workspace, List.of(profile.id()), List.of(journey.id()))
                .getOrDefault(profile.id(), Map.of())
                .getOrDefault(journey.id(), PriorRuns.NONE);
        FieldValues values = new FieldValues(documents.read(profile.properties()), documents.read(command.data()));
        Optional<SkipReason> refusal = journey.refusesEntry(prior, values);
        if (refusal.isPresent()) {
            throw new EntryRefusedException(journey.id(), refusal.get());
        }
        UserEvent call = UserEvent.record(workspace, TRIGGER_CALL, profile.id(), command.data(), null, null, now);
        events.addAll(List.of(call));
        JourneyRun run = JourneyRun.start(journey, profile.id(), call.id(), now);
        // A first step that waits is entered here, with the run: no worker need claim it for that.
        run.advanceWithoutReading(journey.graph(), now);
        runs.addAll(List.of(run));
        var answer = answerTo.answer(run);
        if (!idempotency.reserve(workspace, command.idempotencyKey(), command.fingerprint(), answer, now)) {
            // Another request took the key meanwhile: this one's work rolls back.
            throw idempotency
                    .find(workspace, command.idempotencyKey())
                    .<RuntimeException>map(taken -> new KeyTaken(replay(command, taken)))
                    .orElseGet(() -> new ConcurrentRequestException(
                            command.idempotencyKey().value()));
        }
        return new TriggerOutcome.Started(run, answer);
    }

    /** A key taken by a committed request while this one worked: roll this one back, then replay that one. */
    private static final class KeyTaken extends RuntimeException {
        private final TriggerOutcome replay;

        KeyTaken(TriggerOutcome replay) {
            super(null, null, false, false);
            this.replay = replay;
        }
    }

    private static TriggerOutcome replay(TriggerJourneyCommand command, IdempotencyRecords.StoredAnswer first) {
        if (!first.fingerprint().equals(command.fingerprint())) {
            throw new IdempotencyKeyReuseException(command.idempotencyKey().value());
        }
        return new TriggerOutcome.Replayed(first.answer());
    }

    @Override
    public JourneyRun run(WorkspaceId workspaceId, String runId) {
        return runs.find(workspaceId, runId).orElseThrow(() -> new NotFoundException("run", runId));
    }

    @Override
    public Page<JourneyRun> runsOf(WorkspaceId workspaceId, String journeyId, String cursor, int limit) {
        Page.checkLimit(limit, MAX_LIMIT);
        find(workspaceId, journeyId);
        return Page.of(
                runs.listOf(workspaceId, journeyId, Page.idAfter(cursor), limit + 1),
                limit,
                run -> Page.cursorAfter(run.id()));
    }

    @Override
    public RunStats stats(WorkspaceId workspaceId, String journeyId) {
        find(workspaceId, journeyId);
        return runs.stats(workspaceId, journeyId);
    }

    private Journey lockedJourney(WorkspaceId workspaceId, String id) {
        return journeys.findForUpdate(workspaceId, id).orElseThrow(() -> new NotFoundException("journey", id));
    }

    /**
     * Refuses a graph with any problem, each named by its step, all in one answer: the graph's own (a step leading
     * nowhere, a loop without a wait...), emails naming templates the workspace does not have, profile updates that
     * break the rules of Profile properties.
     */
    private void requireValid(WorkspaceId workspaceId, JourneyGraph graph) {
        Set<String> known =
                templates.currentSnapshotIds(workspaceId, graph.templateIds()).keySet();
        List<FieldError> errors = new ArrayList<>();
        graph.problems().forEach(problem -> errors.add(fieldError(problem)));
        List<JourneyStep> steps = graph.steps();
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof JourneyStep.SendEmail email && !known.contains(email.templateId())) {
                errors.add(new FieldError(
                        "steps[" + i + "].templateId",
                        "step '" + email.id() + "': template " + email.templateId() + " was not found"));
            }
            if (steps.get(i) instanceof JourneyStep.UpdateProfile update) {
                // Checked now, by the rules of a PATCH of the Profile, so that no run fails on it later.
                String field = "steps[" + i + "].properties";
                try {
                    ProfileProperties.problems(documents.read(update.properties()), field)
                            .forEach(problem -> errors.add(new FieldError(problem.field(), problem.getMessage())));
                } catch (InvalidValueException e) {
                    errors.add(new FieldError(field, e.getMessage()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
    }

    private static FieldError fieldError(DefinitionProblem problem) {
        return problem.stepId() == null
                ? new FieldError("start", problem.message())
                : new FieldError("steps." + problem.stepId(), "step '" + problem.stepId() + "' " + problem.message());
    }
}
