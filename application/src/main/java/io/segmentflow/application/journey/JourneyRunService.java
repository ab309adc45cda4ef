package io.segmentflow.application.journey;

import io.segmentflow.application.port.out.DispatchSignal;
import io.segmentflow.application.port.out.EmailSends;
import io.segmentflow.application.port.out.JourneyRuns;
import io.segmentflow.application.port.out.Journeys;
import io.segmentflow.application.port.out.Profiles;
import io.segmentflow.application.port.out.StateDocuments;
import io.segmentflow.application.port.out.Templates;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.application.port.out.UserEvents;
import io.segmentflow.application.profile.ManageProfilesUseCase;
import io.segmentflow.domain.condition.FieldValues;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendDetails;
import io.segmentflow.domain.email.JourneyLink;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.SendPriority;
import io.segmentflow.domain.journey.JourneyGraph;
import io.segmentflow.domain.journey.JourneyRun;
import io.segmentflow.domain.journey.RunEffect;
import io.segmentflow.domain.journey.RunStatus;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Takes due runs on, many per transaction: the runs' new states, the EmailSends their steps queued and the
 * profile updates they made commit together, so a crash before the commit redoes the steps and one after it
 * never repeats them. A claimed run is locked for the transaction (SKIP LOCKED), which is short since nothing in
 * it waits on the network: the emails go to the outbox, which delivers them.
 */
public class JourneyRunService implements AdvanceJourneyRunsUseCase {
    /** Profile updates end an advance; a run may go through this many in one claim before it waits its turn. */
    private static final int MAX_ADVANCES_PER_CLAIM = 20;

    private final Journeys journeys;
    private final JourneyRuns runs;
    private final UserEvents events;
    private final Profiles profiles;
    private final ManageProfilesUseCase profileEdits;
    private final Templates templates;
    private final EmailSends sends;
    private final StateDocuments documents;
    private final Transactions transactions;
    private final DispatchSignal signal;
    private final Clock clock;
    private final Mailbox defaultFrom;
    private final int claimSize;

    public JourneyRunService(
            Journeys journeys,
            JourneyRuns runs,
            UserEvents events,
            Profiles profiles,
            ManageProfilesUseCase profileEdits,
            Templates templates,
            EmailSends sends,
            StateDocuments documents,
            Transactions transactions,
            DispatchSignal signal,
            Clock clock,
            Mailbox defaultFrom,
            int claimSize) {
        this.journeys = journeys;
        this.runs = runs;
        this.events = events;
        this.profiles = profiles;
        this.profileEdits = profileEdits;
        this.templates = templates;
        this.sends = sends;
        this.documents = documents;
        this.transactions = transactions;
        this.signal = signal;
        this.clock = clock;
        this.defaultFrom = defaultFrom;
        this.claimSize = claimSize;
    }

    /** A graph version never changes once stored, so each is read from the store once and kept. */
    private record Version(String journeyId, int version) {}

    /** Versions kept at most; past it the kept graphs are dropped and read again as claims need them. */
    private static final int MAX_KEPT_GRAPHS = 1_000;

    private final Map<Version, JourneyGraph> storedGraphs = new ConcurrentHashMap<>();

    /**
     * How long a read of the next due time answers for the store: an idle worker asks after every claim, and the
     * read (over the due-time index) cost as much as the claim itself. Due times this node sets are kept in it as
     * they commit; those another node sets (or this one while a read was under way) are seen at the next read, this
     * long later at most.
     */
    static final Duration NEXT_DUE_READ_LIFETIME = Duration.ofMillis(100);

    /** The next due time as last read from the store, with due times set here since; null before the first read. */
    private record NextDue(Optional<Instant> at, Instant readAt) {
        NextDue lowered(Instant due) {
            return at.isEmpty() || due.isBefore(at.get()) ? new NextDue(Optional.of(due), readAt) : this;
        }
    }

    private final AtomicReference<NextDue> nextDue = new AtomicReference<>();

    @Override
    public int advanceDue() {
        int[] queuedSends = {0};
        List<Instant> dueTimes = new ArrayList<>();
        int claimed = transactions.inTransaction(() -> {
            dueTimes.clear();
            Instant now = clock.instant();
            List<JourneyRun> due = runs.claimDue(now, claimSize);
            if (due.isEmpty()) {
                return 0;
            }
            Map<Version, Optional<JourneyGraph>> graphs = new HashMap<>();
            for (JourneyRun run : due) {
                graphs.computeIfAbsent(new Version(run.journeyId(), run.journeyVersion()), this::graphOf);
            }
            // Profiles, event data and templates are read only for the runs whose first step reads them: a run
            // that goes on to a wait (or ends) needs none.
            Set<JourneyRun> reading = new HashSet<>();
            for (JourneyRun run : due) {
                graphs.get(new Version(run.journeyId(), run.journeyVersion()))
                        .filter(run::readsStateOnAdvance)
                        .ifPresent(graph -> reading.add(run));
            }
            Map<String, Profile> people = new HashMap<>();
            Map<String, String> eventData = new HashMap<>();
            Map<WorkspaceId, Map<String, String>> snapshots = new HashMap<>();
            Map<WorkspaceId, List<JourneyRun>> byWorkspace = due.stream()
                    .filter(reading::contains)
                    .collect(Collectors.groupingBy(JourneyRun::workspaceId, LinkedHashMap::new, Collectors.toList()));
            byWorkspace.forEach((workspace, ofWorkspace) -> {
                people.putAll(profiles.findAll(
                        workspace,
                        ofWorkspace.stream().map(JourneyRun::profileId).collect(Collectors.toSet())));
                eventData.putAll(events.dataOf(
                        workspace,
                        ofWorkspace.stream()
                                .flatMap(run -> run.eventId().stream())
                                .collect(Collectors.toSet())));
                // Every template the claim's graphs may send, looked up once for all its runs.
                Set<String> templateIds = ofWorkspace.stream()
                        .map(run -> graphs.get(new Version(run.journeyId(), run.journeyVersion())))
                        .flatMap(Optional::stream)
                        .flatMap(graph -> graph.templateIds().stream())
                        .collect(Collectors.toCollection(LinkedHashSet::new));
                snapshots.put(
                        workspace,
                        templateIds.isEmpty() ? Map.of() : templates.currentSnapshotIds(workspace, templateIds));
            });
            List<EmailSend> queued = new ArrayList<>();
            for (JourneyRun run : due) {
                Optional<JourneyGraph> graph = graphs.get(new Version(run.journeyId(), run.journeyVersion()));
                if (graph.isEmpty()) {
                    run.fail(run.currentStep(), "the run's journey version is gone", now);
                    continue;
                }
                // One step that waits or ends; if the run is still due after it, the next claim reads its state.
                if (!reading.contains(run) && run.advanceWithoutReading(graph.get(), now)) {
                    continue;
                }
                advance(run, graph.get(), people, eventData, snapshots.get(run.workspaceId()), queued, now);
            }
            if (!queued.isEmpty()) {
                sends.addAll(queued);
            }
            runs.updateAll(due);
            queuedSends[0] = queued.size();
            due.stream().map(JourneyRun::dueAt).filter(Objects::nonNull).forEach(dueTimes::add);
            return due.size();
        });
        dueTimes.stream()
                .min(Instant::compareTo)
                .ifPresent(first -> nextDue.updateAndGet(known -> known == null ? null : known.lowered(first)));
        if (queuedSends[0] > 0) {
            signal.sendsQueued();
        }
        return claimed;
    }

    private Optional<JourneyGraph> graphOf(Version version) {
        JourneyGraph kept = storedGraphs.get(version);
        if (kept != null) {
            return Optional.of(kept);
        }
        Optional<JourneyGraph> graph = journeys.graph(version.journeyId(), version.version());
        graph.ifPresent(stored -> {
            if (storedGraphs.size() >= MAX_KEPT_GRAPHS) {
                storedGraphs.clear();
            }
            storedGraphs.put(version, stored);
        });
        return graph;
    }

    private void advance(
            JourneyRun run,
            JourneyGraph graph,
            Map<String, Profile> people,
            Map<String, String> eventData,
            Map<String, String> snapshots,
            List<EmailSend> queued,
            Instant now) {
        Profile profile = people.get(run.profileId());
        if (profile == null) {
            run.exit(now, "the profile was erased");
            return;
        }
        Map<String, Object> event =
                documents.read(run.eventId().map(eventData::get).orElse("{}"));
        for (int i = 0; i < MAX_ADVANCES_PER_CLAIM && run.isDue(now); i++) {
            Profile current = profile;
            JourneyRun.EmailCheck check = step -> current.email() == null
                    ? Optional.of("the profile has no email address")
                    : snapshots.containsKey(step.templateId())
                            ? Optional.empty()
                            : Optional.of("template " + step.templateId() + " was not found");
            FieldValues values = new FieldValues(documents.read(profile.properties()), event);
            for (RunEffect effect : run.advance(graph, values, check, now)) {
                if (effect instanceof RunEffect.SendEmail email) {
                    queued.add(emailOf(run, profile, email, snapshots.get(email.templateId()), now));
                } else if (effect instanceof RunEffect.UpdateProfile update) {
                    profile = profileEdits.update(
                            run.workspaceId(),
                            profile.id(),
                            new ManageProfilesUseCase.ProfileChange(null, null, update.properties()));
                    people.put(profile.id(), profile);
                }
            }
            if (run.status() != RunStatus.QUEUED) {
                return;
            }
        }
    }

    private EmailSend emailOf(
            JourneyRun run, Profile profile, RunEffect.SendEmail email, String snapshot, Instant now) {
        String id = Identifier.next("em", now);
        Mailbox from = email.from().orElse(defaultFrom);
        String subject = email.subject().orElse(null);
        return EmailSend.accept(new EmailSendDetails(
                id,
                run.workspaceId(),
                profile.id(),
                email.templateId(),
                snapshot,
                new Mailbox(profile.email(), null),
                profile.externalId(),
                from,
                null,
                subject,
                List.of(),
                List.of(),
                "{}",
                null,
                SendPriority.TRANSACTIONAL,
                EmailSend.messageIdFor(id, from.address()),
                null,
                now,
                new JourneyLink(run.id(), email.stepId(), run.eventId().orElse(null))));
    }

    @Override
    public int claimSize() {
        return claimSize;
    }

    /**
     * The earliest due time of the runs, read from the store at most every {@link #NEXT_DUE_READ_LIFETIME}; a time
     * known to have come is read again at once, since its runs may have been taken.
     */
    @Override
    public Optional<Instant> nextDue() {
        Instant now = clock.instant();
        NextDue known = nextDue.get();
        if (known != null
                && now.isBefore(known.readAt().plus(NEXT_DUE_READ_LIFETIME))
                && known.at().map(now::isBefore).orElse(true)) {
            return known.at();
        }
        Optional<Instant> read = runs.nextDue();
        nextDue.set(new NextDue(read, now));
        return read;
    }
}
