package io.segmentflow.application.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.error.IdempotencyKeyReuseException;
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
import io.segmentflow.application.profile.ManageProfilesUseCase;
import io.segmentflow.application.profile.ProfileService;
import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.condition.FieldPath;
import io.segmentflow.domain.condition.Literal;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.event.UserEvent;
import io.segmentflow.domain.idempotency.FirstAnswer;
import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.journey.Journey;
import io.segmentflow.domain.journey.JourneyGraph;
import io.segmentflow.domain.journey.JourneyStep;
import io.segmentflow.domain.journey.JourneyTrigger;
import io.segmentflow.domain.journey.ReEntry;
import io.segmentflow.domain.journey.RunStatus;
import io.segmentflow.domain.journey.SkipReason;
import io.segmentflow.domain.profile.ProfileIdentity;
import io.segmentflow.domain.template.Template;
import io.segmentflow.domain.template.TemplateContent;
import io.segmentflow.domain.template.TemplateKind;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrackEventServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");
    private static final EventName ORDER_CREATED = new EventName("order.created");
    private static final EventName ORDER_PAID = new EventName("order.paid");
    private static final Duration RETENTION = Duration.ofDays(30);

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
    private final ProfileService profileService =
            new ProfileService(profiles, sends, runs, events, documents, transactions, clock);
    private final TrackEventService tracking = new TrackEventService(
            events,
            profileService,
            journeys,
            runs,
            idempotency,
            documents,
            transactions,
            signal,
            clock,
            RETENTION,
            DaemonThreads.GROUPING,
            new DaemonThreads());
    private final JourneyService journeyService = new JourneyService(
            journeys, runs, events, profileService, templates, idempotency, documents, transactions, signal, clock);
    private final JourneyRunService runService = new JourneyRunService(
            journeys,
            runs,
            events,
            profiles,
            profileService,
            templates,
            sends,
            documents,
            transactions,
            signal,
            clock,
            Mailbox.parse("shop@acme.test"),
            50);
    private final TrackEventUseCase.AnswerToTrackedEvent answers =
            tracked -> new FirstAnswer(202, "{\"eventId\":\"" + tracked.event().id() + "\"}");

    private Template receipt;

    @BeforeEach
    void a_receipt_template() {
        receipt = Template.create(
                ACME, "Receipt", TemplateKind.TRANSACTIONAL, new TemplateContent("R", "<p>R</p>", null), NOW);
        templates.add(receipt);
    }

    private Journey active(String name, JourneyTrigger trigger, ReEntry reEntry, JourneyGraph graph) {
        Journey journey = journeyService.create(ACME, new JourneyDefinition(name, trigger, reEntry, graph));
        return journeyService.activate(ACME, journey.id());
    }

    private JourneyGraph oneEmail() {
        return new JourneyGraph(
                "receipt",
                List.of(new JourneyStep.SendEmail("receipt", receipt.id(), Optional.empty(), Optional.empty(), null)));
    }

    private TrackEventCommand order(String key, String email, String data) {
        return new TrackEventCommand(
                ACME,
                new IdempotencyKey(key),
                "fp-" + key + email + data,
                ORDER_CREATED,
                ProfileIdentity.ofEmail(EmailAddress.of(email)),
                "{\"plan\":\"pro\"}",
                data,
                "order-1001",
                null);
    }

    private TrackedEvent tracked(TrackOutcome outcome) {
        assertThat(outcome).isInstanceOf(TrackOutcome.Tracked.class);
        return ((TrackOutcome.Tracked) outcome).tracked();
    }

    @Test
    void an_event_enrolls_the_profile_in_every_active_journey_listening_and_says_why_not_elsewhere() {
        Journey all = active(
                "All orders", new JourneyTrigger.OnEvent(ORDER_CREATED, Optional.empty()), ReEntry.ALWAYS, oneEmail());
        Journey big = active(
                "Big orders",
                new JourneyTrigger.OnEvent(
                        ORDER_CREATED,
                        Optional.of(new Condition.GreaterThan(
                                FieldPath.parse("event.total"), new Literal.Number(new BigDecimal("100"))))),
                ReEntry.ALWAYS,
                oneEmail());
        Journey paused = active(
                "Paused", new JourneyTrigger.OnEvent(ORDER_CREATED, Optional.empty()), ReEntry.ALWAYS, oneEmail());
        journeyService.pause(ACME, paused.id());
        active("Other event", new JourneyTrigger.OnEvent(ORDER_PAID, Optional.empty()), ReEntry.ALWAYS, oneEmail());

        TrackedEvent tracked = tracked(tracking.track(order("k1", "ada@acme.test", "{\"total\":20}"), answers));

        assertThat(tracked.matchedJourneys()).containsExactlyInAnyOrder(all.id(), big.id(), paused.id());
        assertThat(tracked.enrolled())
                .extracting(TrackedEvent.Enrolled::journeyId)
                .containsExactly(all.id());
        assertThat(tracked.skipped())
                .containsExactlyInAnyOrder(
                        new TrackedEvent.Skipped(big.id(), SkipReason.FILTER_FALSE),
                        new TrackedEvent.Skipped(paused.id(), SkipReason.JOURNEY_PAUSED));
        assertThat(signal.runWakeUps()).containsExactly(false);
        assertThat(profiles.find(ACME, tracked.event().profileId())
                        .orElseThrow()
                        .properties())
                .isEqualTo("{\"plan\":\"pro\"}");
        assertThat(events.all()).singleElement().satisfies(e -> {
            assertThat(e.referenceId()).isEqualTo("order-1001");
            assertThat(e.occurredAt()).isEqualTo(NOW);
        });

        runService.advanceDue();
        assertThat(sends.all())
                .singleElement()
                .satisfies(s -> assertThat(s.details().to().address()).isEqualTo(EmailAddress.of("ada@acme.test")));
    }

    @Test
    void a_profile_already_in_a_run_is_skipped_when_re_entry_waits_for_the_end() {
        JourneyGraph waitThenEmail = new JourneyGraph(
                "wait",
                List.of(
                        new JourneyStep.Wait("wait", Duration.ofHours(1), "receipt"),
                        new JourneyStep.SendEmail("receipt", receipt.id(), Optional.empty(), Optional.empty(), null)));
        Journey journey = active(
                "Orders",
                new JourneyTrigger.OnEvent(ORDER_CREATED, Optional.empty()),
                ReEntry.WHEN_FINISHED,
                waitThenEmail);
        tracked(tracking.track(order("k1", "ada@acme.test", "{}"), answers));
        TrackedEvent second = tracked(tracking.track(order("k2", "ada@acme.test", "{}"), answers));
        assertThat(second.skipped()).containsExactly(new TrackedEvent.Skipped(journey.id(), SkipReason.ALREADY_IN_RUN));
        assertThat(events.all()).as("both events are recorded").hasSize(2);
    }

    @Test
    void an_awaited_event_moves_a_waiting_run_on_at_once() {
        JourneyGraph payment = new JourneyGraph(
                "paid",
                List.of(
                        new JourneyStep.WaitUntil(
                                "paid", ORDER_PAID, Optional.empty(), Duration.ofDays(3), "receipt", null),
                        new JourneyStep.SendEmail("receipt", receipt.id(), Optional.empty(), Optional.empty(), null)));
        active("Payment", new JourneyTrigger.OnEvent(ORDER_CREATED, Optional.empty()), ReEntry.ALWAYS, payment);
        tracking.track(order("k1", "ada@acme.test", "{}"), answers);
        runService.advanceDue();
        assertThat(runs.all().get(0).status()).isEqualTo(RunStatus.WAITING);

        clock.advance(Duration.ofMinutes(5));
        TrackEventCommand paid = new TrackEventCommand(
                ACME,
                new IdempotencyKey("k2"),
                "fp2",
                ORDER_PAID,
                ProfileIdentity.ofEmail(EmailAddress.of("ada@acme.test")),
                null,
                "{}",
                null,
                null);
        tracking.track(paid, answers);
        assertThat(runs.all().get(0).status()).isEqualTo(RunStatus.QUEUED);
        runService.advanceDue();
        assertThat(runs.all().get(0).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(sends.all()).hasSize(1);
    }

    @Test
    void a_retry_replays_the_first_answer_and_records_nothing_more() {
        active("Orders", new JourneyTrigger.OnEvent(ORDER_CREATED, Optional.empty()), ReEntry.ALWAYS, oneEmail());
        TrackOutcome first = tracking.track(order("k1", "ada@acme.test", "{}"), answers);
        TrackOutcome again = tracking.track(order("k1", "ada@acme.test", "{}"), answers);
        assertThat(again).isInstanceOf(TrackOutcome.Replayed.class);
        assertThat(again.answer()).isEqualTo(first.answer());
        assertThat(events.all()).hasSize(1);
        assertThat(runs.all()).hasSize(1);
        assertThatThrownBy(() -> tracking.track(order("k1", "bob@acme.test", "{}"), answers))
                .isInstanceOf(IdempotencyKeyReuseException.class);
    }

    @Test
    void a_retry_gets_its_first_answer_even_when_the_request_would_be_refused_now() {
        TrackEventCommand first = new TrackEventCommand(
                ACME,
                new IdempotencyKey("k1"),
                "fp-k1",
                ORDER_CREATED,
                new ProfileIdentity(EmailAddress.of("ada@acme.test"), "user-1"),
                null,
                "{}",
                null,
                null);
        TrackOutcome recorded = tracking.track(first, answers);
        // Ada's Profile now has another external id: the same request would name two Profiles, and be refused.
        profileService.update(
                ACME, profiles.all().get(0).id(), new ManageProfilesUseCase.ProfileChange(null, "user-2", null));

        TrackOutcome again = tracking.track(first, answers);
        assertThat(again).isInstanceOf(TrackOutcome.Replayed.class);
        assertThat(again.answer()).isEqualTo(recorded.answer());
        assertThat(events.all()).hasSize(1);
    }

    @Test
    void events_tracked_at_once_are_each_answered_as_alone_and_a_refused_one_leaves_nothing() throws Exception {
        active("Orders", new JourneyTrigger.OnEvent(ORDER_CREATED, Optional.empty()), ReEntry.ALWAYS, oneEmail());
        tracking.track(order("taken", "ada@acme.test", "{}"), answers);
        List<TrackEventCommand> commands = List.of(
                order("k1", "bob@acme.test", "{}"),
                order("taken", "eve@acme.test", "{}"),
                order("k2", "cy@acme.test", "{}"));
        ExecutorService callers = Executors.newFixedThreadPool(commands.size());
        try {
            List<Future<TrackOutcome>> outcomes = new ArrayList<>();
            for (TrackEventCommand command : commands) {
                outcomes.add(callers.submit(() -> tracking.track(command, answers)));
            }
            assertThat(outcomes.get(0).get()).isInstanceOf(TrackOutcome.Tracked.class);
            assertThatThrownBy(() -> outcomes.get(1).get()).hasCauseInstanceOf(IdempotencyKeyReuseException.class);
            assertThat(outcomes.get(2).get()).isInstanceOf(TrackOutcome.Tracked.class);
        } finally {
            callers.shutdown();
        }
        assertThat(events.all()).hasSize(3);
        assertThat(profiles.all())
                .extracting(p -> p.email().value())
                .containsExactlyInAnyOrder("ada@acme.test", "bob@acme.test", "cy@acme.test");
        assertThat(runs.all()).hasSize(3);
    }

    @Test
    void event_data_is_erased_after_the_retention_period_unless_a_run_still_needs_it() {
        tracking.track(order("k1", "ada@acme.test", "{\"token\":\"secret\"}"), answers);
        UserEvent kept = events.all().get(0);
        events.neededByRuns(() -> Set.of(kept.id()));
        clock.advance(RETENTION.plusSeconds(1));
        assertThat(tracking.eraseExpiredData()).isZero();
        events.neededByRuns(Set::of);
        assertThat(tracking.eraseExpiredData()).isEqualTo(1);
        assertThat(events.all().get(0).data()).isNull();
        assertThat(events.all().get(0).referenceId()).isEqualTo("order-1001");
    }
}
