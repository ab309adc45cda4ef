package io.segmentflow.application.event;

import io.segmentflow.application.Page;
import io.segmentflow.application.acceptance.GroupedAcceptance;
import io.segmentflow.application.error.ApplicationException;
import io.segmentflow.application.error.ConcurrentRequestException;
import io.segmentflow.application.error.IdempotencyKeyReuseException;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.application.port.out.DispatchSignal;
import io.segmentflow.application.port.out.IdempotencyRecords;
import io.segmentflow.application.port.out.JourneyRuns;
import io.segmentflow.application.port.out.Journeys;
import io.segmentflow.application.port.out.StateDocuments;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.application.port.out.UserEvents;
import io.segmentflow.application.profile.ManageProfilesUseCase;
import io.segmentflow.domain.condition.FieldValues;
import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.event.UserEvent;
import io.segmentflow.domain.idempotency.FirstAnswer;
import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.journey.Journey;
import io.segmentflow.domain.journey.JourneyGraph;
import io.segmentflow.domain.journey.JourneyRun;
import io.segmentflow.domain.journey.PriorRuns;
import io.segmentflow.domain.journey.SkipReason;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/**
 * Records business events and lets Journeys react. Events that arrive together are recorded in one transaction
 * ({@link GroupedAcceptance}), each as it would be alone: the event, the Profile's merged
 * properties, a run for every active Journey the Profile enters, and the runs of the Profile that waited for this
 * event, moved on. The answer is stored with the idempotency key in the same transaction.
 */
public class TrackEventService implements TrackEventUseCase, FindEventsQuery, AutoCloseable {
    private final UserEvents events;
    private final ManageProfilesUseCase profiles;
    private final Journeys journeys;
    private final JourneyRuns runs;
    private final IdempotencyRecords idempotency;
    private final StateDocuments documents;
    private final Transactions transactions;
    private final DispatchSignal signal;
    private final Clock clock;
    private final Duration dataRetention;
    private final GroupedAcceptance<Tracking, Settled> grouped;

    public TrackEventService(
            UserEvents events,
            ManageProfilesUseCase profiles,
            Journeys journeys,
            JourneyRuns runs,
            IdempotencyRecords idempotency,
            StateDocuments documents,
            Transactions transactions,
            DispatchSignal signal,
            Clock clock,
            Duration dataRetention,
            GroupedAcceptance.Limits grouping,
            ThreadFactory threads) {
        this.events = events;
        this.profiles = profiles;
        this.journeys = journeys;
        this.runs = runs;
        this.idempotency = idempotency;
        this.documents = documents;
        this.transactions = transactions;
        this.signal = signal;
        this.clock = clock;
        this.dataRetention = dataRetention;
        this.grouped = new GroupedAcceptance<>(
                "segmentflow-track",
                grouping,
                this::recordTogether,
                tracking -> new KeyInWorkspace(
                        tracking.command().workspaceId(), tracking.command().idempotencyKey()),
                threads);
    }

    /** Thrown inside the transaction to roll its work back when another request took the key meanwhile. */
    private static final class KeyTaken extends RuntimeException {
        private final TrackOutcome replay;

        KeyTaken(TrackOutcome replay) {
            super(null, null, false, false);
            this.replay = replay;
        }
    }

    /** The outcome, and whether runs were queued that a worker should take on now. */
    private record Recorded(TrackOutcome outcome, boolean runsQueued) {}

    /** One events.track waiting in line to be recorded with the others of its group. */
    private record Tracking(TrackEventCommand command, AnswerToTrackedEvent answerTo) {}

    /** What became of one request of a group: recorded, replayed, or refused with the reason. */
    private record Settled(TrackOutcome outcome, RuntimeException refusal) {
        TrackOutcome answerOrThrow() {
            if (refusal != null) {
                throw refusal;
            }
            return outcome;
        }
    }

    /** Two events under the same key of the same workspace never share a group: the later replays the earlier. */
    private record KeyInWorkspace(WorkspaceId workspaceId, IdempotencyKey key) {}

    /**
     * Thrown inside a group's transaction when some of its requests were not recorded, to roll back what was done on
     * their way before the others go again without them.
     */
    private static final class NotAllRecorded extends RuntimeException {
        private final Map<Integer, Settled> settled;

        NotAllRecorded(Map<Integer, Settled> settled) {
            super(null, null, false, false);
            this.settled = settled;
        }
    }

    @Override
    public TrackOutcome track(TrackEventCommand command, AnswerToTrackedEvent answerTo) {
        return grouped.accept(new Tracking(command, answerTo)).answerOrThrow();
    }

    /** Stops taking events; those waiting are recorded first (or refused, past the grace period). */
    @Override
    public void close() {
        grouped.close();
    }

    /**
     * Records a group of events in one transaction, each as it would be alone. The transaction commits only when it
     * recorded every event of the group: one refused or replayed rolls it back, is answered so, and the others go
     * again without it, so that nothing is stored for a request that was not recorded.
     */
    private List<Settled> recordTogether(List<Tracking> group) {
        Settled[] answers = new Settled[group.size()];
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            open.add(i);
        }
        boolean runsQueued = false;
        while (!open.isEmpty()) {
            List<Integer> trying = open;
            Map<Integer, Settled> settled = new HashMap<>();
            try {
                runsQueued |= transactions.inTransaction(() -> {
                    boolean queued = false;
                    for (int index : trying) {
                        Tracking request = group.get(index);
                        try {
                            Recorded recorded = record(request.command(), request.answerTo());
                            settled.put(index, new Settled(recorded.outcome(), null));
                            queued |= recorded.runsQueued();
                        } catch (KeyTaken taken) {
                            settled.put(index, new Settled(taken.replay, null));
                        } catch (ApplicationException | InvalidValueException refused) {
                            settled.put(index, new Settled(null, refused));
                        }
                    }
                    if (settled.values().stream().allMatch(s -> s.outcome() instanceof TrackOutcome.Tracked)) {
                        return queued;
                    }
                    throw new NotAllRecorded(settled);
                });
                settled.forEach((index, answer) -> answers[index] = answer);
                open = List.of();
            } catch (NotAllRecorded rolledBack) {
                List<Integer> again = new ArrayList<>();
                rolledBack.settled.forEach((index, answer) -> {
                    if (answer.outcome() instanceof TrackOutcome.Tracked) {
                        again.add(index);
                    } else {
                        answers[index] = answer;
                    }
                });
                again.sort(null);
                open = again;
            }
        }
        if (runsQueued) {
            signal.runsQueued();
        }
        return List.of(answers);
    }

    private Recorded record(TrackEventCommand command, AnswerToTrackedEvent answerTo) {
        WorkspaceId workspace = command.workspaceId();
        Optional<IdempotencyRecords.StoredAnswer> first = idempotency.find(workspace, command.idempotencyKey());
        if (first.isPresent()) {
            return new Recorded(replay(command, first.get()), false);
        }
        Instant now = clock.instant();
        Profile profile = profiles.upsert(workspace, command.profile(), command.properties());
        String properties = profile.properties();
        UserEvent event = UserEvent.record(
                workspace,
                command.event(),
                profile.id(),
                command.data(),
                command.referenceId(),
                command.occurredAt(),
                now);
        events.add(event);
        FieldValues values = new FieldValues(documents.read(properties), readData(command.data()));

        List<Journey> listening = journeys.listeningTo(workspace, command.event());
        // Only Journeys whose entry depends on the Profile's earlier runs are asked about: one query fewer per
        // event where every Journey listening is entered always.
        List<String> askingPriorRuns = listening.stream()
                .filter(Journey::asksPriorRuns)
                .map(Journey::id)
                .toList();
        Map<String, PriorRuns> prior =
                askingPriorRuns.isEmpty() ? Map.of() : runs.priorRuns(workspace, profile.id(), askingPriorRuns);
        List<String> matched = new ArrayList<>();
        List<TrackedEvent.Enrolled> enrolled = new ArrayList<>();
        List<TrackedEvent.Skipped> skipped = new ArrayList<>();
        List<JourneyRun> started = new ArrayList<>();
        for (Journey journey : listening) {
            matched.add(journey.id());
            Optional<SkipReason> refusal =
                    journey.refusesEntry(prior.getOrDefault(journey.id(), PriorRuns.NONE), values);
            if (refusal.isPresent()) {
                skipped.add(new TrackedEvent.Skipped(journey.id(), refusal.get()));
            } else {
                JourneyRun run = JourneyRun.start(journey, profile.id(), event.id(), now);
                started.add(run);
                enrolled.add(new TrackedEvent.Enrolled(journey.id(), run.id()));
            }
        }
        List<JourneyRun> resumed = resumeWaiting(workspace, profile.id(), command.event(), values, now);
        if (!started.isEmpty()) {
            runs.addAll(started);
        }
        if (!resumed.isEmpty()) {
            runs.updateAll(resumed);
        }
        TrackedEvent tracked = new TrackedEvent(event, matched, enrolled, skipped);
        FirstAnswer answer = answerTo.answer(tracked);
        if (!idempotency.reserve(workspace, command.idempotencyKey(), command.fingerprint(), answer, now)) {
            throw idempotency
                    .find(workspace, command.idempotencyKey())
                    .<RuntimeException>map(taken -> new KeyTaken(replay(command, taken)))
                    .orElseGet(() -> new ConcurrentRequestException(
                            command.idempotencyKey().value()));
        }
        return new Recorded(new TrackOutcome.Tracked(tracked, answer), !started.isEmpty() || !resumed.isEmpty());
    }

    /** The Profile's runs that waited for this event and whose wait's filter holds, due now. */
    private List<JourneyRun> resumeWaiting(
            WorkspaceId workspace, String profileId, EventName name, FieldValues values, Instant now) {
        List<JourneyRun> resumed = new ArrayList<>();
        for (JourneyRun run : runs.waitingFor(workspace, profileId, name)) {
            Optional<JourneyGraph> graph = journeys.graph(run.journeyId(), run.journeyVersion());
            if (graph.isPresent() && run.eventArrived(name, graph.get(), values, now)) {
                resumed.add(run);
            }
        }
        return resumed;
    }

    private Map<String, Object> readData(String data) {
        try {
            return documents.read(data);
        } catch (InvalidValueException e) {
            throw new ValidationFailedException("data", e.getMessage());
        }
    }

    private static TrackOutcome replay(TrackEventCommand command, IdempotencyRecords.StoredAnswer first) {
        if (!first.fingerprint().equals(command.fingerprint())) {
            throw new IdempotencyKeyReuseException(command.idempotencyKey().value());
        }
        return new TrackOutcome.Replayed(first.answer());
    }

    @Override
    public UserEvent event(WorkspaceId workspaceId, String id) {
        return events.find(workspaceId, id).orElseThrow(() -> new NotFoundException("event", id));
    }

    @Override
    public Page<UserEvent> search(
            WorkspaceId workspaceId, String profileId, EventName name, String referenceId, String cursor, int limit) {
        Page.checkLimit(limit, MAX_LIMIT);
        return Page.of(
                events.search(
                        workspaceId,
                        new UserEvents.Search(profileId, name, referenceId),
                        Page.idAfter(cursor),
                        limit + 1),
                limit,
                event -> Page.cursorAfter(event.id()));
    }

    /** The most events a page holds. */
    public static final int MAX_LIMIT = 100;

    /**
     * Erases the data of events older than the retention period, except what runs not yet ended still need.
     *
     * @return how many events lost their data
     */
    public int eraseExpiredData() {
        return transactions.inTransaction(
                () -> events.eraseDataReceivedBefore(clock.instant().minus(dataRetention)));
    }
}
