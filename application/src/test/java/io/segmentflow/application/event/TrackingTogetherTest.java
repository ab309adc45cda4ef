package io.segmentflow.application.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.application.acceptance.GroupedAcceptance;
import io.segmentflow.application.error.ConcurrentRequestException;
import io.segmentflow.application.error.IdempotencyKeyReuseException;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.application.fake.DaemonThreads;
import io.segmentflow.application.fake.FakeTransactions;
import io.segmentflow.application.fake.InMemoryEmailSends;
import io.segmentflow.application.fake.InMemoryIdempotencyRecords;
import io.segmentflow.application.fake.InMemoryJourneyRuns;
import io.segmentflow.application.fake.InMemoryJourneys;
import io.segmentflow.application.fake.InMemoryProfiles;
import io.segmentflow.application.fake.InMemoryTemplates;
import io.segmentflow.application.fake.InMemoryUserEvents;
import io.segmentflow.application.fake.ManualClock;
import io.segmentflow.application.fake.PlainStateDocuments;
import io.segmentflow.application.fake.RecordingDispatchSignal;
import io.segmentflow.application.journey.JourneyDefinition;
import io.segmentflow.application.journey.JourneyRunService;
import io.segmentflow.application.journey.JourneyService;
import io.segmentflow.application.port.out.IdempotencyRecords;
import io.segmentflow.application.port.out.JourneyRuns;
import io.segmentflow.application.port.out.Journeys;
import io.segmentflow.application.port.out.Profiles;
import io.segmentflow.application.port.out.Templates;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.application.port.out.UserEvents;
import io.segmentflow.application.profile.ProfileService;
import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.condition.FieldPath;
import io.segmentflow.domain.condition.Literal;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.idempotency.FirstAnswer;
import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.journey.Journey;
import io.segmentflow.domain.journey.JourneyGraph;
import io.segmentflow.domain.journey.JourneyRun;
import io.segmentflow.domain.journey.JourneyStep;
import io.segmentflow.domain.journey.JourneyTrigger;
import io.segmentflow.domain.journey.ReEntry;
import io.segmentflow.domain.journey.RunStatus;
import io.segmentflow.domain.journey.SkipReason;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.profile.ProfileIdentity;
import io.segmentflow.domain.template.Template;
import io.segmentflow.domain.template.TemplateContent;
import io.segmentflow.domain.template.TemplateKind;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * events.track requests that wait together are recorded as one group, set-wise: a few store calls for the whole
 * group, and each event answered as it would have been alone, in request order. The first request's transaction
 * is held open, so the requests that come meanwhile wait together and form the next group.
 */
class TrackingTogetherTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");
    private static final EventName ORDER_CREATED = new EventName("order.created");
    private static final EventName ORDER_PAID = new EventName("order.paid");

    private final ManualClock clock = new ManualClock(NOW);
    private final InMemoryJourneys journeys = new InMemoryJourneys();
    private final InMemoryJourneyRuns runs = new InMemoryJourneyRuns();
    private final InMemoryUserEvents events = new InMemoryUserEvents();
    private final InMemoryProfiles profiles = new InMemoryProfiles();
    private final InMemoryTemplates templates = new InMemoryTemplates();
    private final InMemoryEmailSends sends = new InMemoryEmailSends();
    private final InMemoryIdempotencyRecords idempotency = new InMemoryIdempotencyRecords();
    private final FakeTransactions transactions =
            new FakeTransactions(journeys, runs, events, profiles, templates, sends, idempotency);
    private final RecordingDispatchSignal signal = new RecordingDispatchSignal(
            transactions::isActive, () -> sends.all().size());
    private final PlainStateDocuments documents = new PlainStateDocuments();

    /** The store calls of the tracking service's current transaction, and those of each transaction it ran. */
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    private final List<List<String>> callsPerTransaction = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstHeld = new CountDownLatch(1);
    private final CountDownLatch releaseFirst = new CountDownLatch(1);

    private final ProfileService plainProfiles =
            new ProfileService(profiles, sends, runs, events, documents, transactions, clock);
    private final TrackEventService tracking = new TrackEventService(
            counted(UserEvents.class, events),
            new ProfileService(counted(Profiles.class, profiles), sends, runs, events, documents, transactions, clock),
            counted(Journeys.class, journeys),
            counted(JourneyRuns.class, runs),
            counted(IdempotencyRecords.class, idempotency),
            documents,
            new FirstHeldOpen(),
            signal,
            clock,
            Duration.ofDays(30),
            new GroupedAcceptance.Limits(100, Duration.ofMillis(50), Duration.ofSeconds(10), 1),
            new DaemonThreads());
    private final JourneyService journeyService = new JourneyService(
            journeys, runs, events, plainProfiles, templates, idempotency, documents, transactions, signal, clock);
    private final JourneyRunService runService = new JourneyRunService(
            journeys,
            runs,
            events,
            profiles,
            plainProfiles,
            templates,
            sends,
            documents,
            transactions,
            signal,
            clock,
            Mailbox.parse("shop@acme.test"),
            50);
    /** The Journey workers' service, its store calls written down as the tracking service's are. */
    private final JourneyRunService countedRuns = new JourneyRunService(
            journeys,
            counted(JourneyRuns.class, runs),
            counted(UserEvents.class, events),
            counted(Profiles.class, profiles),
            plainProfiles,
            counted(Templates.class, templates),
            sends,
            documents,
            new FirstHeldOpen(),
            signal,
            clock,
            Mailbox.parse("shop@acme.test"),
            50);

    private final TrackEventUseCase.AnswerToTrackedEvent answers = tracked -> new FirstAnswer(
            202,
            "{\"eventId\":\"" + tracked.event().id() + "\",\"profileId\":\""
                    + tracked.event().profileId() + "\",\"enrolled\":"
                    + tracked.enrolled().size() + "}");
    private final ExecutorService callers = Executors.newCachedThreadPool();

    private Template receipt;
    private boolean holding;

    /** Holds the first transaction open (once asked to) until the test lets it go; keeps each one's store calls. */
    private final class FirstHeldOpen implements Transactions {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
            if (holding) {
                holding = false;
                firstHeld.countDown();
                try {
                    releaseFirst.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            calls.clear();
            try {
                return transactions.inTransaction(work);
            } finally {
                callsPerTransaction.add(List.copyOf(calls));
            }
        }
    }

    /** The store, its calls written down as {@code Port.method}. */
    @SuppressWarnings("unchecked")
    private <T> T counted(Class<T> port, T store) {
        return (T) Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            if (method.getDeclaringClass() != Object.class) {
                calls.add(port.getSimpleName() + "." + method.getName());
            }
            try {
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @BeforeEach
    void a_receipt_template() {
        receipt = Template.create(
                ACME, "Receipt", TemplateKind.TRANSACTIONAL, new TemplateContent("R", "<p>R</p>", null), NOW);
        templates.add(receipt);
    }

    @AfterEach
    void stop() {
        releaseFirst.countDown();
        tracking.close();
        callers.shutdownNow();
    }

    @Test
    void a_group_of_events_for_different_profiles_takes_the_same_few_store_calls_whatever_its_size() throws Exception {
        Journey always = active("Orders", ORDER_CREATED, ReEntry.ALWAYS, oneEmail());
        Journey once = active("Welcome", ORDER_CREATED, ReEntry.NEVER, oneEmail());
        track(event("before", ORDER_CREATED, "old@acme.test", "{\"plan\":\"free\"}"));
        runService.advanceDue();

        List<TrackEventCommand> group = new ArrayList<>();
        group.add(event("k0", ORDER_CREATED, "old@acme.test", "{\"plan\":\"pro\"}"));
        for (int i = 1; i < 6; i++) {
            group.add(event("k" + i, ORDER_CREATED, "new" + i + "@acme.test", "{\"plan\":\"pro\"}"));
        }
        List<Answered> outcomes = trackTogether(group);

        assertThat(callsPerTransaction.get(callsPerTransaction.size() - 1))
                .as("one call per step for the whole group")
                .containsExactlyInAnyOrder(
                        "Profiles.lockAllByEmail",
                        "Profiles.updateAll",
                        "Profiles.addAll",
                        "UserEvents.addAll",
                        "Journeys.listeningTo",
                        "JourneyRuns.priorRuns",
                        "JourneyRuns.waitingForAny",
                        "JourneyRuns.addAll",
                        "IdempotencyRecords.reserveAll");
        TrackedEvent old = tracked(outcomes.get(0));
        assertThat(old.enrolled()).extracting(TrackedEvent.Enrolled::journeyId).containsExactly(always.id());
        assertThat(old.skipped()).containsExactly(new TrackedEvent.Skipped(once.id(), SkipReason.ALREADY_ENTERED));
        for (int i = 1; i < 6; i++) {
            TrackedEvent fresh = tracked(outcomes.get(i));
            assertThat(fresh.matchedJourneys()).containsExactly(always.id(), once.id());
            assertThat(fresh.enrolled())
                    .extracting(TrackedEvent.Enrolled::journeyId)
                    .containsExactly(always.id(), once.id());
            assertThat(profiles.find(ACME, fresh.event().profileId())
                            .orElseThrow()
                            .email())
                    .isEqualTo(EmailAddress.of("new" + i + "@acme.test"));
        }
        assertThat(profileOf("old@acme.test").properties()).isEqualTo("{\"plan\":\"pro\"}");
        assertThat(profiles.all()).hasSize(7);
        assertThat(events.all()).hasSize(8);
        assertThat(runs.all()).hasSize(2 + 1 + 2 * 5);
        assertThat(idempotency.size()).isEqualTo(8);
    }

    @Test
    void the_second_event_of_a_profile_in_a_group_sees_what_the_first_did() throws Exception {
        JourneyGraph waitThenEmail = new JourneyGraph(
                "wait",
                List.of(
                        new JourneyStep.Wait("wait", Duration.ofHours(1), "receipt"),
                        new JourneyStep.SendEmail("receipt", receipt.id(), Optional.empty(), Optional.empty(), null)));
        Journey orders = active("Orders", ORDER_CREATED, ReEntry.WHEN_FINISHED, waitThenEmail);

        List<Answered> outcomes = trackTogether(List.of(
                event("k1", ORDER_CREATED, "ada@acme.test", "{\"plan\":\"pro\",\"seats\":3}"),
                event("k2", ORDER_CREATED, "bob@acme.test", null),
                event("k3", ORDER_CREATED, "ada@acme.test", "{\"plan\":\"team\"}")));

        TrackedEvent first = tracked(outcomes.get(0));
        TrackedEvent third = tracked(outcomes.get(2));
        assertThat(first.enrolled())
                .extracting(TrackedEvent.Enrolled::journeyId)
                .containsExactly(orders.id());
        assertThat(third.event().profileId()).isEqualTo(first.event().profileId());
        assertThat(third.skipped())
                .as("the first event of the group started a run")
                .containsExactly(new TrackedEvent.Skipped(orders.id(), SkipReason.ALREADY_IN_RUN));
        assertThat(tracked(outcomes.get(1)).enrolled()).hasSize(1);
        assertThat(profileOf("ada@acme.test").properties()).isEqualTo("{\"plan\":\"team\",\"seats\":3}");
        assertThat(profiles.all()).as("the two, and the first group's").hasSize(3);
        assertThat(events.all()).hasSize(4);
        assertThat(runs.all()).hasSize(2);
    }

    @Test
    void a_wait_is_resumed_once_and_with_the_properties_an_earlier_event_of_the_group_merged() throws Exception {
        JourneyGraph payment = new JourneyGraph(
                "paid",
                List.of(
                        new JourneyStep.WaitUntil(
                                "paid",
                                ORDER_PAID,
                                Optional.of(new Condition.Equals(
                                        FieldPath.parse("profile.plan"), new Literal.Text("team"))),
                                Duration.ofDays(3),
                                "receipt",
                                null),
                        new JourneyStep.SendEmail("receipt", receipt.id(), Optional.empty(), Optional.empty(), null)));
        active("Payment", ORDER_CREATED, ReEntry.ALWAYS, payment);
        track(event("k0", ORDER_CREATED, "ada@acme.test", "{\"plan\":\"pro\"}"));
        runService.advanceDue();
        assertThat(runs.all())
                .singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.WAITING));
        clock.advance(Duration.ofMinutes(5));

        trackTogether(List.of(
                event("k1", new EventName("plan.changed"), "ada@acme.test", "{\"plan\":\"team\"}"),
                event("k2", ORDER_PAID, "ada@acme.test", null),
                event("k3", ORDER_PAID, "ada@acme.test", null)));

        JourneyRun run = runs.all().get(0);
        assertThat(run.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(run.history())
                .filteredOn(visit -> visit.outcome().wireName().equals("event_arrived"))
                .hasSize(1);
        assertThat(signal.runWakeUps()).isNotEmpty();
    }

    @Test
    void a_bad_request_in_a_group_is_refused_alone_and_leaves_nothing() throws Exception {
        active("Orders", ORDER_CREATED, ReEntry.ALWAYS, oneEmail());

        List<Answered> outcomes = trackTogether(List.of(
                event("k1", ORDER_CREATED, "ada@acme.test", "{\"plan\":\"pro\"}"),
                event("bad", ORDER_CREATED, "eve@acme.test", "[\"not an object\"]"),
                event("k2", ORDER_CREATED, "ada@acme.test", "{\"seats\":3}"),
                new TrackEventCommand(
                        ACME,
                        new IdempotencyKey("bad-data"),
                        "fp-bad-data",
                        ORDER_CREATED,
                        ProfileIdentity.ofEmail(EmailAddress.of("ada@acme.test")),
                        "{\"plan\":\"lost\"}",
                        "not json",
                        null,
                        null),
                event("k3", ORDER_CREATED, "cy@acme.test", null)));

        assertThat(outcomes.get(1).refusal()).isInstanceOf(ValidationFailedException.class);
        assertThat(outcomes.get(3).refusal()).isInstanceOf(ValidationFailedException.class);
        for (int i : List.of(0, 2, 4)) {
            assertThat(tracked(outcomes.get(i)).enrolled()).hasSize(1);
        }
        assertThat(profiles.all())
                .extracting(p -> p.email().value())
                .containsExactlyInAnyOrder("ada@acme.test", "cy@acme.test", "holder@acme.test");
        assertThat(profileOf("ada@acme.test").properties()).isEqualTo("{\"plan\":\"pro\",\"seats\":3}");
        assertThat(events.all()).as("three, and the first group's").hasSize(4);
        assertThat(runs.all()).hasSize(3);
        assertThat(idempotency.size()).isEqualTo(4);
    }

    @Test
    void replays_in_a_group_get_their_first_answers_and_taken_keys_their_refusals() throws Exception {
        active("Orders", ORDER_CREATED, ReEntry.ALWAYS, oneEmail());
        TrackOutcome first = track(event("k1", ORDER_CREATED, "ada@acme.test", null));
        track(event("k2", ORDER_CREATED, "bob@acme.test", null));
        idempotency.heldByRequestInFlight(ACME, new IdempotencyKey("in-flight"));
        FirstAnswer winners = new FirstAnswer(202, "{\"eventId\":\"evt_winner\"}");
        idempotency.committedFirstByAnotherRequest(
                ACME,
                new IdempotencyKey("won"),
                new IdempotencyRecords.StoredAnswer("fp-won" + "dan@acme.test" + null, winners, NOW));

        List<Answered> outcomes = trackTogether(List.of(
                event("k1", ORDER_CREATED, "ada@acme.test", null),
                event("k2", ORDER_CREATED, "someone-else@acme.test", null),
                event("k3", ORDER_CREATED, "cy@acme.test", null),
                event("in-flight", ORDER_CREATED, "eve@acme.test", null),
                event("won", ORDER_CREATED, "dan@acme.test", null)));

        assertThat(outcomes.get(0).outcome()).isInstanceOf(TrackOutcome.Replayed.class);
        assertThat(outcomes.get(0).outcome().answer()).isEqualTo(first.answer());
        assertThat(outcomes.get(1).refusal()).isInstanceOf(IdempotencyKeyReuseException.class);
        assertThat(tracked(outcomes.get(2)).enrolled()).hasSize(1);
        assertThat(outcomes.get(3).refusal()).isInstanceOf(ConcurrentRequestException.class);
        assertThat(outcomes.get(4).outcome()).isInstanceOf(TrackOutcome.Replayed.class);
        assertThat(outcomes.get(4).outcome().answer()).isEqualTo(winners);
        assertThat(profiles.all())
                .extracting(p -> p.email().value())
                .containsExactlyInAnyOrder("ada@acme.test", "bob@acme.test", "cy@acme.test", "holder@acme.test");
        assertThat(events.all()).hasSize(4);
        assertThat(runs.all()).hasSize(3);
    }

    // --- the language of these tests ----------------------------------------------------------------------

    /** What a caller got: an outcome, or the refusal thrown at it. */
    private record Answered(TrackOutcome outcome, RuntimeException refusal) {}

    @Test
    void
            a_run_whose_first_step_waits_enters_the_wait_as_it_starts_and_a_claim_of_runs_going_on_to_a_wait_reads_nothing() {
        active(
                "Later",
                ORDER_CREATED,
                ReEntry.ALWAYS,
                new JourneyGraph(
                        "later",
                        List.of(
                                new JourneyStep.Wait("later", Duration.ofDays(1), "again"),
                                new JourneyStep.Wait("again", Duration.ofDays(1), "receipt"),
                                new JourneyStep.SendEmail(
                                        "receipt", receipt.id(), Optional.empty(), Optional.empty(), null))));
        Instant tracked = clock.instant();
        track(event("k1", ORDER_CREATED, "ada@acme.test", null));
        track(event("k2", ORDER_CREATED, "bob@acme.test", null));

        assertThat(runs.all()).allSatisfy(run -> {
            assertThat(run.status()).isEqualTo(RunStatus.WAITING);
            assertThat(run.dueAt()).isEqualTo(tracked.plus(Duration.ofDays(1)));
        });
        assertThat(signal.runsDue())
                .as("the workers are told when the waits end, not woken for runs due now")
                .containsOnly(tracked.plus(Duration.ofDays(1)));
        assertThat(countedRuns.advanceDue())
                .as("no run is due: none is claimed")
                .isZero();

        clock.advance(Duration.ofDays(1));
        assertThat(countedRuns.advanceDue()).isEqualTo(2);
        assertThat(callsPerTransaction.get(callsPerTransaction.size() - 1))
                .as("the runs go on to the next wait: nothing is read")
                .containsExactly("JourneyRuns.claimDue", "JourneyRuns.updateAll");
        assertThat(runs.all()).allSatisfy(run -> assertThat(run.status()).isEqualTo(RunStatus.WAITING));

        clock.advance(Duration.ofDays(1));
        assertThat(countedRuns.advanceDue()).isEqualTo(2);
        assertThat(callsPerTransaction.get(callsPerTransaction.size() - 1))
                .as("the wait ends in an email: its Profile, event data and template are read, once for the claim")
                .containsExactly(
                        "JourneyRuns.claimDue",
                        "Profiles.findAll",
                        "UserEvents.dataOf",
                        "Templates.currentSnapshotIds",
                        "JourneyRuns.updateAll");
        assertThat(sends.all()).hasSize(2);
        assertThat(runs.all()).allSatisfy(run -> assertThat(run.status()).isEqualTo(RunStatus.COMPLETED));
    }

    private Journey active(String name, EventName on, ReEntry reEntry, JourneyGraph graph) {
        Journey journey = journeyService.create(
                ACME, new JourneyDefinition(name, new JourneyTrigger.OnEvent(on, Optional.empty()), reEntry, graph));
        return journeyService.activate(ACME, journey.id());
    }

    private JourneyGraph oneEmail() {
        return new JourneyGraph(
                "receipt",
                List.of(new JourneyStep.SendEmail("receipt", receipt.id(), Optional.empty(), Optional.empty(), null)));
    }

    private TrackEventCommand event(String key, EventName name, String email, String properties) {
        return new TrackEventCommand(
                ACME,
                new IdempotencyKey(key),
                "fp-" + key + email + properties,
                name,
                ProfileIdentity.ofEmail(EmailAddress.of(email)),
                properties,
                "{}",
                null,
                null);
    }

    private TrackOutcome track(TrackEventCommand command) {
        return tracking.track(command, answers);
    }

    /**
     * Tracks the commands as one group: a first event holds the committer while they all get in line, in order.
     * The answers are in the commands' order.
     */
    private List<Answered> trackTogether(List<TrackEventCommand> commands) throws Exception {
        holding = true;
        Future<TrackOutcome> holder =
                callers.submit(() -> track(event("holder", ORDER_PAID, "holder@acme.test", null)));
        assertThat(firstHeld.await(5, TimeUnit.SECONDS)).isTrue();
        List<Future<TrackOutcome>> futures = new ArrayList<>();
        for (TrackEventCommand command : commands) {
            futures.add(callers.submit(() -> track(command)));
            waitForLine(futures.size());
        }
        releaseFirst.countDown();
        assertThat(holder.get(5, TimeUnit.SECONDS)).isInstanceOf(TrackOutcome.Tracked.class);
        List<Answered> outcomes = new ArrayList<>();
        for (Future<TrackOutcome> future : futures) {
            try {
                outcomes.add(new Answered(future.get(5, TimeUnit.SECONDS), null));
            } catch (ExecutionException e) {
                outcomes.add(new Answered(null, (RuntimeException) e.getCause()));
            }
        }
        assertThat(tracking.eventsWaiting()).isZero();
        return outcomes;
    }

    private void waitForLine(int waiting) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (tracking.eventsWaiting() < waiting && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(tracking.eventsWaiting()).isEqualTo(waiting);
    }

    private static TrackedEvent tracked(Answered answered) {
        assertThat(answered.refusal()).isNull();
        assertThat(answered.outcome()).isInstanceOf(TrackOutcome.Tracked.class);
        return ((TrackOutcome.Tracked) answered.outcome()).tracked();
    }

    private Profile profileOf(String email) {
        return profiles.findByEmail(ACME, EmailAddress.of(email)).orElseThrow();
    }
}
