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
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Collectors;

/**
 * Records business events and lets Journeys react. Events that arrive together are recorded in one transaction
 * ({@link GroupedAcceptance}), set-wise (a few statements for the whole group, not a few per event), each as it
 * would be alone in request order: the event, the Profile's merged properties, a run for every active Journey the
 * Profile enters, and the runs of the Profile that waited for this event, moved on. The answer is stored with the
 * idempotency key in the same transaction.
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

    /** Events waiting for a group, not yet in one. */
    int eventsWaiting() {
        return grouped.waiting();
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
        Instant runsDue = null;
        while (!open.isEmpty()) {
            List<Integer> trying = open;
            Map<Integer, Settled> settled = new HashMap<>();
            try {
                runsDue = transactions.inTransaction(() -> {
                    Instant due = settleTogether(group, trying, settled);
                    if (settled.values().stream().allMatch(s -> s.outcome() instanceof TrackOutcome.Tracked)) {
                        return due;
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
        if (runsDue != null) {
            signal.runsDueAt(runsDue);
        }
        return List.of(answers);
    }

    /**
     * Settles the requests at {@code indexes} of the group, workspace by workspace in one order (so two groups
     * cannot deadlock); returns when the soonest of the runs entered or resumed falls due, null without any.
     */
    private Instant settleTogether(List<Tracking> group, List<Integer> indexes, Map<Integer, Settled> settled) {
        Map<WorkspaceId, List<Integer>> byWorkspace = new TreeMap<>(Comparator.comparing(WorkspaceId::value));
        for (int index : indexes) {
            byWorkspace
                    .computeIfAbsent(group.get(index).command().workspaceId(), w -> new ArrayList<>())
                    .add(index);
        }
        Instant due = null;
        for (Map.Entry<WorkspaceId, List<Integer>> workspace : byWorkspace.entrySet()) {
            due = soonest(due, recordInWorkspace(workspace.getKey(), group, workspace.getValue(), settled));
        }
        return due;
    }

    /** One event of a group on its way to being recorded: its request, and what was made of it so far. */
    private static final class Recording {
        final int index;
        final Tracking request;
        final Profile profile;
        final UserEvent event;
        final FieldValues values;
        final List<String> matched = new ArrayList<>();
        final List<TrackedEvent.Enrolled> enrolled = new ArrayList<>();
        final List<TrackedEvent.Skipped> skipped = new ArrayList<>();
        /** When the soonest of the runs this event entered or resumed falls due; null without any. */
        Instant runsDue;

        Recording(int index, Tracking request, Profile profile, UserEvent event, FieldValues values) {
            this.index = index;
            this.request = request;
            this.profile = profile;
            this.event = event;
            this.values = values;
        }

        TrackEventCommand command() {
            return request.command();
        }
    }

    /**
     * Records the events of one workspace set-wise, each as it would be alone in request order: one upsert of the
     * Profiles, one insert of the events, one look-up of the Journeys per event name, the runs entered and resumed
     * in one round per event of a Profile, and one reservation of the keys. The keys are not looked up first: a
     * retry is rare, and its key, taken at the reservation, rolls the group back and gets the answer its first
     * request got, as a key taken meanwhile does. A request refused on its way is looked up, so a retry of one
     * recorded before gets its first answer even when it would be refused now.
     */
    private Instant recordInWorkspace(
            WorkspaceId workspace, List<Tracking> group, List<Integer> fresh, Map<Integer, Settled> settled) {
        Instant now = clock.instant();
        List<ManageProfilesUseCase.Upserted> upserted = profiles.upsertAll(
                workspace,
                fresh.stream()
                        .map(i -> new ManageProfilesUseCase.ProfileUpsert(
                                group.get(i).command().profile(),
                                group.get(i).command().properties()))
                        .toList());
        List<Recording> recording = new ArrayList<>();
        for (int k = 0; k < fresh.size(); k++) {
            int index = fresh.get(k);
            TrackEventCommand command = group.get(index).command();
            try {
                Profile profile = upserted.get(k).profileOrThrow();
                UserEvent event = UserEvent.record(
                        workspace,
                        command.event(),
                        profile.id(),
                        command.data(),
                        command.referenceId(),
                        command.occurredAt(),
                        now);
                FieldValues values = new FieldValues(documents.read(profile.properties()), readData(command.data()));
                recording.add(new Recording(index, group.get(index), profile, event, values));
            } catch (ApplicationException | InvalidValueException refused) {
                settled.put(index, new Settled(null, refused));
            }
        }
        replayRecordedBefore(workspace, group, fresh, settled);
        if (recording.isEmpty()) {
            return null;
        }
        events.addAll(recording.stream().map(r -> r.event).toList());
        Map<EventName, List<Journey>> listening = new HashMap<>();
        recording.forEach(
                r -> listening.computeIfAbsent(r.command().event(), name -> journeys.listeningTo(workspace, name)));
        // A round holds at most one event per Profile, and the rounds go in request order: the n-th event of a
        // Profile sees, in the rows its round reads, the runs the earlier ones started and moved on.
        List<List<Recording>> rounds = new ArrayList<>();
        Map<String, Integer> eventsOfProfile = new HashMap<>();
        for (Recording r : recording) {
            int round = eventsOfProfile.merge(r.profile.id(), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(r);
        }
        Map<String, Optional<JourneyGraph>> graphs = new HashMap<>();
        for (List<Recording> round : rounds) {
            enterAndResume(workspace, round, listening, graphs, now);
        }
        List<IdempotencyRecords.Reservation> reservations = new ArrayList<>(recording.size());
        Map<Integer, Settled> candidates = new HashMap<>();
        for (Recording r : recording) {
            TrackedEvent tracked = new TrackedEvent(r.event, r.matched, r.enrolled, r.skipped);
            FirstAnswer answer = r.request.answerTo().answer(tracked);
            candidates.put(r.index, new Settled(new TrackOutcome.Tracked(tracked, answer), null));
            reservations.add(new IdempotencyRecords.Reservation(
                    r.command().idempotencyKey(), r.command().fingerprint(), answer));
        }
        Set<IdempotencyKey> reserved = idempotency.reserveAll(workspace, reservations, now);
        Instant due = null;
        List<Recording> taken = new ArrayList<>();
        for (Recording r : recording) {
            if (reserved.contains(r.command().idempotencyKey())) {
                settled.put(r.index, candidates.get(r.index));
                due = soonest(due, r.runsDue);
            } else {
                taken.add(r);
            }
        }
        if (!taken.isEmpty()) {
            // Another request took these keys since the look-up: committed (replay it) or still in flight.
            Map<IdempotencyKey, IdempotencyRecords.StoredAnswer> winners = idempotency.findAll(
                    workspace,
                    taken.stream().map(r -> r.command().idempotencyKey()).toList());
            for (Recording r : taken) {
                IdempotencyRecords.StoredAnswer first = winners.get(r.command().idempotencyKey());
                settled.put(
                        r.index,
                        first != null
                                ? replay(r.command(), first)
                                : new Settled(
                                        null,
                                        new ConcurrentRequestException(
                                                r.command().idempotencyKey().value())));
            }
        }
        return due;
    }

    private static Instant soonest(Instant a, Instant b) {
        return a == null || (b != null && b.isBefore(a)) ? b : a;
    }

    /** Refused requests of {@code indexes} whose key has an answer already get that answer: they are retries. */
    private void replayRecordedBefore(
            WorkspaceId workspace, List<Tracking> group, List<Integer> indexes, Map<Integer, Settled> settled) {
        List<Integer> refused = indexes.stream()
                .filter(i -> settled.containsKey(i) && settled.get(i).refusal() != null)
                .toList();
        if (refused.isEmpty()) {
            return;
        }
        Map<IdempotencyKey, IdempotencyRecords.StoredAnswer> answered = idempotency.findAll(
                workspace,
                refused.stream()
                        .map(i -> group.get(i).command().idempotencyKey())
                        .toList());
        for (int index : refused) {
            TrackEventCommand command = group.get(index).command();
            IdempotencyRecords.StoredAnswer first = answered.get(command.idempotencyKey());
            if (first != null) {
                settled.put(index, replay(command, first));
            }
        }
    }

    /**
     * Enters the Profiles of one round (one event each) into the active Journeys listening that take them, and
     * moves on their runs that waited for the events: one look-up of prior runs (only for Journeys whose entry
     * depends on them), one of the waiting runs, one insert and one update of runs for the whole round.
     */
    private void enterAndResume(
            WorkspaceId workspace,
            List<Recording> round,
            Map<EventName, List<Journey>> listening,
            Map<String, Optional<JourneyGraph>> graphs,
            Instant now) {
        Set<String> asking = new LinkedHashSet<>();
        Set<String> askedFor = new LinkedHashSet<>();
        for (Recording r : round) {
            for (Journey journey : listening.get(r.command().event())) {
                if (journey.asksPriorRuns()) {
                    asking.add(journey.id());
                    askedFor.add(r.profile.id());
                }
            }
        }
        Map<String, Map<String, PriorRuns>> prior =
                asking.isEmpty() ? Map.of() : runs.priorRuns(workspace, askedFor, asking);
        Map<String, List<JourneyRun>> waiting = new HashMap<>();
        for (JourneyRun run : runs.waitingForAny(
                workspace,
                round.stream().map(r -> r.profile.id()).toList(),
                round.stream().map(r -> r.command().event()).collect(Collectors.toCollection(LinkedHashSet::new)))) {
            waiting.computeIfAbsent(run.profileId(), p -> new ArrayList<>()).add(run);
        }
        List<JourneyRun> started = new ArrayList<>();
        List<JourneyRun> resumed = new ArrayList<>();
        for (Recording r : round) {
            Map<String, PriorRuns> priorOfProfile = prior.getOrDefault(r.profile.id(), Map.of());
            for (Journey journey : listening.get(r.command().event())) {
                r.matched.add(journey.id());
                Optional<SkipReason> refusal =
                        journey.refusesEntry(priorOfProfile.getOrDefault(journey.id(), PriorRuns.NONE), r.values);
                if (refusal.isPresent()) {
                    r.skipped.add(new TrackedEvent.Skipped(journey.id(), refusal.get()));
                } else {
                    JourneyRun run = JourneyRun.start(journey, r.profile.id(), r.event.id(), now);
                    // A first step that waits is entered here, with the run: no worker need claim it for that.
                    run.advanceWithoutReading(journey.graph(), now);
                    started.add(run);
                    r.enrolled.add(new TrackedEvent.Enrolled(journey.id(), run.id()));
                    r.runsDue = soonest(r.runsDue, run.dueAt());
                }
            }
            EventName name = r.command().event();
            for (JourneyRun run : waiting.getOrDefault(r.profile.id(), List.of())) {
                if (!run.awaitedEvent().equals(Optional.of(name))) {
                    continue;
                }
                Optional<JourneyGraph> graph = graphs.computeIfAbsent(
                        run.journeyId() + "@" + run.journeyVersion(),
                        version -> journeys.graph(run.journeyId(), run.journeyVersion()));
                if (graph.isPresent() && run.eventArrived(name, graph.get(), r.values, now)) {
                    resumed.add(run);
                    r.runsDue = soonest(r.runsDue, run.dueAt());
                }
            }
        }
        if (!started.isEmpty()) {
            runs.addAll(started);
        }
        if (!resumed.isEmpty()) {
            runs.updateAll(resumed);
        }
    }

    private Map<String, Object> readData(String data) {
        try {
            return documents.read(data);
        } catch (InvalidValueException e) {
            throw new ValidationFailedException("data", e.getMessage());
        }
    }

    /** The first answer to a key, provided the request is the same as the one that got it. */
    private static Settled replay(TrackEventCommand command, IdempotencyRecords.StoredAnswer first) {
        if (!first.fingerprint().equals(command.fingerprint())) {
            return new Settled(
                    null,
                    new IdempotencyKeyReuseException(command.idempotencyKey().value()));
        }
        return new Settled(new TrackOutcome.Replayed(first.answer()), null);
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
