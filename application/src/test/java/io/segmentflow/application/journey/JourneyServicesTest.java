package io.segmentflow.application.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.segmentflow.application.error.ApplicationException;
import io.segmentflow.application.error.EntryRefusedException;
import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.IdempotencyKeyReuseException;
import io.segmentflow.application.error.JourneyNotApiTriggeredException;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.ValidationFailedException;
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
import io.segmentflow.application.profile.ProfileService;
import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.condition.FieldPath;
import io.segmentflow.domain.condition.Literal;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.idempotency.FirstAnswer;
import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.journey.Journey;
import io.segmentflow.domain.journey.JourneyGraph;
import io.segmentflow.domain.journey.JourneyRun;
import io.segmentflow.domain.journey.JourneyStatus;
import io.segmentflow.domain.journey.JourneyStep;
import io.segmentflow.domain.journey.JourneyTrigger;
import io.segmentflow.domain.journey.ReEntry;
import io.segmentflow.domain.journey.RunStatus;
import io.segmentflow.domain.journey.StepOutcome;
import io.segmentflow.domain.journey.StepVisit;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.profile.ProfileIdentity;
import io.segmentflow.domain.template.Template;
import io.segmentflow.domain.template.TemplateContent;
import io.segmentflow.domain.template.TemplateKind;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Journeys from definition to delivered steps, through the services with in-memory ports. */
class JourneyServicesTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");
    private static final WorkspaceId GLOBEX = new WorkspaceId("ws_globex");
    private static final Mailbox DEFAULT_FROM = Mailbox.parse("Acme <hello@acme.test>");
    private static final Duration DAY = Duration.ofDays(1);

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
    private final JourneyService journeyService = new JourneyService(
            journeys, runs, events, profileService, templates, idempotency, documents, transactions, signal, clock);
    private final JourneyRunService runService = newRunService();
    private final TriggerJourneyUseCase.AnswerToStartedRun answers =
            run -> new FirstAnswer(202, "{\"runId\":\"" + run.id() + "\"}");

    private Template welcome;
    private Template upsell;

    @BeforeEach
    void templates_of_acme() {
        TemplateContent content = new TemplateContent("Hi", "<p>Hi</p>", null);
        welcome = Template.create(ACME, "Welcome", TemplateKind.TRANSACTIONAL, content, NOW);
        upsell = Template.create(ACME, "Upsell", TemplateKind.TRANSACTIONAL, content, NOW);
        templates.add(welcome);
        templates.add(upsell);
    }

    private static JourneyStep.SendEmail email(String id, String templateId, String next) {
        return new JourneyStep.SendEmail(id, templateId, Optional.empty(), Optional.empty(), next);
    }

    /** welcome email -> a day -> pro? upsell : end. */
    private JourneyDefinition onboarding(ReEntry reEntry) {
        return new JourneyDefinition(
                "Onboarding",
                new JourneyTrigger.OnApiCall(),
                reEntry,
                new JourneyGraph(
                        "welcome",
                        List.of(
                                email("welcome", welcome.id(), "wait"),
                                new JourneyStep.Wait("wait", DAY, "is-pro"),
                                new JourneyStep.Branch(
                                        "is-pro",
                                        new Condition.Equals(FieldPath.parse("profile.plan"), new Literal.Text("pro")),
                                        "upsell",
                                        null),
                                email("upsell", upsell.id(), null))));
    }

    private TriggerJourneyCommand trigger(String journeyId, String key, String email) {
        return new TriggerJourneyCommand(
                ACME,
                journeyId,
                new IdempotencyKey(key),
                "fp-" + email,
                ProfileIdentity.ofEmail(EmailAddress.of(email)),
                "{\"code\":\"493021\"}");
    }

    private void setProperties(String profileId, String properties) {
        Profile profile = profiles.find(ACME, profileId).orElseThrow();
        profiles.update(profile.withProperties(properties, clock.instant()));
    }

    private Journey activeOnboarding(ReEntry reEntry) {
        Journey journey = journeyService.create(ACME, onboarding(reEntry));
        return journeyService.activate(ACME, journey.id());
    }

    @Test
    void a_definition_naming_a_template_the_workspace_lacks_is_refused_by_step() {
        JourneyDefinition foreign = new JourneyDefinition(
                "Foreign",
                new JourneyTrigger.OnApiCall(),
                ReEntry.NEVER,
                new JourneyGraph("a", List.of(email("a", "tpl_elsewhere", null))));
        assertThatThrownBy(() -> journeyService.create(ACME, foreign))
                .isInstanceOfSatisfying(
                        ValidationFailedException.class,
                        e -> assertThat(e.fieldErrors())
                                .extracting(FieldError::field)
                                .containsExactly("steps[0].templateId"));
        assertThatThrownBy(() -> journeyService.create(GLOBEX, onboarding(ReEntry.NEVER)))
                .as("another workspace's templates are not found")
                .isInstanceOf(ValidationFailedException.class);
        assertThat(journeys.list(ACME, null, 10)).isEmpty();
    }

    @Test
    void graph_problems_become_field_errors_named_by_step() {
        JourneyDefinition broken = new JourneyDefinition(
                "Broken",
                new JourneyTrigger.OnApiCall(),
                ReEntry.NEVER,
                new JourneyGraph("a", List.of(email("a", welcome.id(), "nowhere"))));
        assertThatThrownBy(() -> journeyService.create(ACME, broken))
                .isInstanceOfSatisfying(
                        ValidationFailedException.class,
                        e -> assertThat(e.fieldErrors()).singleElement().satisfies(error -> {
                            assertThat(error.field()).isEqualTo("steps.a");
                            assertThat(error.message()).contains("step 'a' leads to 'nowhere'");
                        }));
    }

    @Test
    void every_problem_of_a_definition_is_named_in_one_answer() {
        JourneyDefinition broken = new JourneyDefinition(
                "Broken",
                new JourneyTrigger.OnApiCall(),
                ReEntry.NEVER,
                new JourneyGraph(
                        "a",
                        List.of(
                                email("a", "tpl_missing", "nowhere"),
                                new JourneyStep.UpdateProfile("orphan", "{\"1bad key\":1}", null))));
        assertThatThrownBy(() -> journeyService.create(ACME, broken))
                .isInstanceOfSatisfying(
                        ValidationFailedException.class,
                        e -> assertThat(e.fieldErrors())
                                .extracting(FieldError::field)
                                .contains("steps.a", "steps.orphan", "steps[0].templateId")
                                .anySatisfy(field -> assertThat(field).startsWith("steps[1].properties")));
    }

    /** The Journey workers' service of one node, over this test's stores. */
    private JourneyRunService newRunService() {
        return new JourneyRunService(
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
                DEFAULT_FROM,
                50);
    }

    /** A Journey called from the API that waits {@code wait}, then sends the welcome email. */
    private Journey waitingFor(Duration wait) {
        return activeOnApiCall(
                "Wait " + wait,
                new JourneyGraph(
                        "wait",
                        List.of(new JourneyStep.Wait("wait", wait, "welcome"), email("welcome", welcome.id(), null))));
    }

    /** A Journey called from the API that sends the welcome email, waits {@code wait}, then sends the upsell. */
    private Journey welcomedThenWaiting(Duration wait) {
        return activeOnApiCall(
                "Welcome, then wait " + wait,
                new JourneyGraph(
                        "welcome",
                        List.of(
                                email("welcome", welcome.id(), "wait"),
                                new JourneyStep.Wait("wait", wait, "upsell"),
                                email("upsell", upsell.id(), null))));
    }

    /** An active Journey of {@code graph}, called from the API, that any Profile enters again and again. */
    private Journey activeOnApiCall(String name, JourneyGraph graph) {
        Journey journey = journeyService.create(
                ACME, new JourneyDefinition(name, new JourneyTrigger.OnApiCall(), ReEntry.ALWAYS, graph));
        return journeyService.activate(ACME, journey.id());
    }

    @Test
    void the_next_due_time_is_read_from_the_store_at_most_every_so_often_and_knows_the_times_this_node_sets() {
        JourneyRunService otherNode = newRunService();
        journeyService.trigger(trigger(waitingFor(DAY).id(), "k1", "ada@acme.test"), answers);
        runService.advanceDue();
        assertThat(runService.nextDue()).contains(NOW.plus(DAY));
        assertThat(runService.nextDue()).contains(NOW.plus(DAY));
        assertThat(runs.nextDueReads()).isEqualTo(1);

        // Another node sets an earlier time: seen at the next read, once the last one is old enough.
        journeyService.trigger(trigger(waitingFor(Duration.ofHours(1)).id(), "k2", "bob@acme.test"), answers);
        otherNode.advanceDue();
        assertThat(runService.nextDue()).contains(NOW.plus(DAY));
        clock.advance(JourneyRunService.NEXT_DUE_READ_LIFETIME);
        assertThat(runService.nextDue()).contains(NOW.plus(Duration.ofHours(1)));
        assertThat(runs.nextDueReads()).isEqualTo(2);

        // This node's claim sets an earlier one: known at once, without a read.
        Instant setAt = clock.instant();
        journeyService.trigger(
                trigger(welcomedThenWaiting(Duration.ofMinutes(1)).id(), "k3", "cy@acme.test"), answers);
        runService.advanceDue();
        assertThat(runService.nextDue()).contains(setAt.plus(Duration.ofMinutes(1)));
        assertThat(runs.nextDueReads()).isEqualTo(2);

        // A time that has come is read again each time: its runs may have been taken meanwhile.
        clock.advance(Duration.ofMinutes(1));
        assertThat(runService.nextDue()).contains(setAt.plus(Duration.ofMinutes(1)));
        assertThat(runService.nextDue()).contains(setAt.plus(Duration.ofMinutes(1)));
        assertThat(runs.nextDueReads()).isEqualTo(4);
    }

    @Test
    void a_triggered_run_whose_first_step_waits_is_waiting_in_the_answer_and_the_workers_are_told_when_it_ends() {
        TriggerOutcome outcome = journeyService.trigger(trigger(waitingFor(DAY).id(), "k1", "ada@acme.test"), answers);

        JourneyRun run = ((TriggerOutcome.Started) outcome).run();
        assertThat(run.status()).isEqualTo(RunStatus.WAITING);
        assertThat(run.dueAt()).isEqualTo(NOW.plus(DAY));
        assertThat(runs.find(ACME, run.id()).orElseThrow().status()).isEqualTo(RunStatus.WAITING);
        assertThat(signal.runsDue()).containsExactly(NOW.plus(DAY));
        assertThat(runService.advanceDue())
                .as("nothing to claim until the wait ends")
                .isZero();

        clock.advance(DAY);
        assertThat(runService.advanceDue()).isEqualTo(1);
        assertThat(sends.all())
                .singleElement()
                .satisfies(send -> assertThat(send.details().templateId()).isEqualTo(welcome.id()));
    }

    @Test
    void a_triggered_run_sends_walks_its_wait_and_branches_on_the_profile() {
        Journey journey = activeOnboarding(ReEntry.NEVER);
        TriggerOutcome outcome = journeyService.trigger(trigger(journey.id(), "k1", "ada@acme.test"), answers);
        assertThat(outcome).isInstanceOf(TriggerOutcome.Started.class);
        JourneyRun run = ((TriggerOutcome.Started) outcome).run();
        assertThat(run.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(signal.runWakeUps()).containsExactly(false);
        assertThat(signal.runsDue())
                .as("its first step sends: due now, for a worker")
                .containsExactly(NOW);

        assertThat(runService.advanceDue()).isEqualTo(1);
        assertThat(sends.all()).singleElement().satisfies(send -> {
            assertThat(send.details().templateId()).isEqualTo(welcome.id());
            assertThat(send.details().journey().runId()).isEqualTo(run.id());
            assertThat(send.details().journey().stepId()).isEqualTo("welcome");
            assertThat(send.details().journey().eventId())
                    .as("the trigger call's data is the email's /event/*")
                    .isEqualTo(run.eventId().orElseThrow());
            assertThat(send.details().to().address()).isEqualTo(EmailAddress.of("ada@acme.test"));
            assertThat(send.details().from()).isEqualTo(DEFAULT_FROM);
        });
        assertThat(signal.wakeUps()).hasSize(1);
        assertThat(journeyService.run(ACME, run.id()).status()).isEqualTo(RunStatus.WAITING);
        assertThat(runService.advanceDue()).as("nothing is due during the wait").isZero();

        String profileId = journeyService.run(ACME, run.id()).profileId();
        setProperties(profileId, "{\"plan\":\"pro\"}");
        clock.advance(DAY);
        assertThat(runService.nextDue()).contains(NOW.plus(DAY));
        assertThat(runService.advanceDue()).isEqualTo(1);

        JourneyRun done = journeyService.run(ACME, run.id());
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.history())
                .extracting(StepVisit::stepId, StepVisit::outcome)
                .containsExactly(
                        tuple("welcome", StepOutcome.EMAIL_QUEUED),
                        tuple("wait", StepOutcome.WAITED),
                        tuple("is-pro", StepOutcome.BRANCHED_TRUE),
                        tuple("upsell", StepOutcome.EMAIL_QUEUED));
        assertThat(sends.all()).extracting(s -> s.details().templateId()).containsExactly(welcome.id(), upsell.id());
        assertThat(journeyService.stats(ACME, journey.id()).byStatus()).containsEntry(RunStatus.COMPLETED, 1L);
    }

    @Test
    void a_retried_trigger_replays_its_first_answer_and_starts_nothing_more() {
        Journey journey = activeOnboarding(ReEntry.ALWAYS);
        TriggerOutcome first = journeyService.trigger(trigger(journey.id(), "k1", "ada@acme.test"), answers);
        TriggerOutcome again = journeyService.trigger(trigger(journey.id(), "k1", "ada@acme.test"), answers);
        assertThat(again).isInstanceOf(TriggerOutcome.Replayed.class);
        assertThat(again.answer()).isEqualTo(first.answer());
        assertThat(runs.all()).hasSize(1);
        assertThatThrownBy(() -> journeyService.trigger(trigger(journey.id(), "k1", "bob@acme.test"), answers))
                .isInstanceOf(IdempotencyKeyReuseException.class);
    }

    @Test
    void the_re_entry_policy_refuses_a_second_run_with_its_reason() {
        Journey journey = activeOnboarding(ReEntry.WHEN_FINISHED);
        journeyService.trigger(trigger(journey.id(), "k1", "ada@acme.test"), answers);
        assertThatThrownBy(() -> journeyService.trigger(trigger(journey.id(), "k2", "ada@acme.test"), answers))
                .isInstanceOfSatisfying(
                        EntryRefusedException.class, e -> assertThat(e.code()).isEqualTo("already_in_run"));
        assertThat(runs.all()).hasSize(1);
        assertThat(events.all()).as("the refused call left nothing behind").hasSize(1);
    }

    @Test
    void a_paused_journey_and_an_event_journey_refuse_a_trigger_call() {
        Journey journey = activeOnboarding(ReEntry.ALWAYS);
        journeyService.pause(ACME, journey.id());
        assertThatThrownBy(() -> journeyService.trigger(trigger(journey.id(), "k1", "ada@acme.test"), answers))
                .isInstanceOfSatisfying(
                        ApplicationException.class, e -> assertThat(e.code()).isEqualTo("journey_paused"));

        JourneyDefinition onEvent = new JourneyDefinition(
                "Orders",
                new JourneyTrigger.OnEvent(new EventName("order.created"), Optional.empty()),
                ReEntry.ALWAYS,
                onboarding(ReEntry.ALWAYS).graph());
        Journey orders = journeyService.create(ACME, onEvent);
        assertThatThrownBy(() -> journeyService.trigger(trigger(orders.id(), "k2", "ada@acme.test"), answers))
                .isInstanceOf(JourneyNotApiTriggeredException.class);
        assertThat(runs.all()).isEmpty();
    }

    @Test
    void another_workspace_cannot_see_or_trigger_a_journey() {
        Journey journey = activeOnboarding(ReEntry.ALWAYS);
        assertThatThrownBy(() -> journeyService.find(GLOBEX, journey.id())).isInstanceOf(NotFoundException.class);
        TriggerJourneyCommand foreign = new TriggerJourneyCommand(
                GLOBEX,
                journey.id(),
                new IdempotencyKey("k1"),
                "fp",
                ProfileIdentity.ofEmail(EmailAddress.of("x@globex.test")),
                null);
        assertThatThrownBy(() -> journeyService.trigger(foreign, answers)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void editing_an_active_journey_leaves_running_runs_on_their_version() {
        Journey journey = activeOnboarding(ReEntry.ALWAYS);
        journeyService.trigger(trigger(journey.id(), "k1", "ada@acme.test"), answers);
        runService.advanceDue();

        JourneyDefinition shorter = new JourneyDefinition(
                "Onboarding",
                new JourneyTrigger.OnApiCall(),
                ReEntry.ALWAYS,
                new JourneyGraph("only", List.of(email("only", upsell.id(), null))));
        Journey edited = journeyService.update(ACME, journey.id(), shorter);
        assertThat(edited.version()).isEqualTo(2);
        assertThat(edited.status()).isEqualTo(JourneyStatus.ACTIVE);

        clock.advance(DAY);
        runService.advanceDue();
        JourneyRun old = runs.all().get(0);
        assertThat(old.journeyVersion()).isEqualTo(1);
        assertThat(old.status()).as("version 1's wait and branch still apply").isEqualTo(RunStatus.COMPLETED);
        assertThat(old.history()).extracting(StepVisit::stepId).contains("wait", "is-pro");
    }

    @Test
    void a_run_whose_template_was_deleted_fails_at_that_step_and_queues_nothing() {
        Journey journey = activeOnboarding(ReEntry.ALWAYS);
        journeyService.trigger(trigger(journey.id(), "k1", "ada@acme.test"), answers);
        templates.delete(ACME, welcome.id(), NOW);
        runService.advanceDue();
        JourneyRun run = runs.all().get(0);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.history()).last().satisfies(visit -> {
            assertThat(visit.stepId()).isEqualTo("welcome");
            assertThat(visit.detail()).contains("was not found");
        });
        assertThat(sends.all()).isEmpty();
    }

    @Test
    void a_profile_update_step_is_seen_by_the_branch_after_it() {
        JourneyDefinition tagThenBranch = new JourneyDefinition(
                "Tag",
                new JourneyTrigger.OnApiCall(),
                ReEntry.ALWAYS,
                new JourneyGraph(
                        "tag",
                        List.of(
                                new JourneyStep.UpdateProfile("tag", "{\"plan\":\"pro\",\"trial\":null}", "is-pro"),
                                new JourneyStep.Branch(
                                        "is-pro",
                                        new Condition.Equals(FieldPath.parse("profile.plan"), new Literal.Text("pro")),
                                        "upsell",
                                        null),
                                email("upsell", upsell.id(), null))));
        Journey journey = journeyService.activate(
                ACME, journeyService.create(ACME, tagThenBranch).id());
        journeyService.trigger(trigger(journey.id(), "k1", "ada@acme.test"), answers);
        String profileId = runs.all().get(0).profileId();
        setProperties(profileId, "{\"trial\":true}");

        runService.advanceDue();
        assertThat(profiles.find(ACME, profileId).orElseThrow().properties()).isEqualTo("{\"plan\":\"pro\"}");
        assertThat(runs.all().get(0).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(sends.all()).extracting(s -> s.details().templateId()).containsExactly(upsell.id());
    }

    @Test
    void a_failed_claim_commits_nothing_and_the_run_is_due_again() {
        Journey journey = activeOnboarding(ReEntry.ALWAYS);
        journeyService.trigger(trigger(journey.id(), "k1", "ada@acme.test"), answers);
        transactions.databaseUnreachableFor(1);
        assertThatThrownBy(runService::advanceDue).isInstanceOf(RuntimeException.class);
        assertThat(sends.all()).isEmpty();
        assertThat(runService.advanceDue()).isEqualTo(1);
        assertThat(sends.all()).hasSize(1);
        EmailSend only = sends.all().get(0);
        assertThat(only.details().profileId()).isEqualTo(runs.all().get(0).profileId());
    }
}
