package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.segmentflow.application.port.out.UserEvents;
import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.condition.FieldPath;
import io.segmentflow.domain.condition.FieldValues;
import io.segmentflow.domain.condition.Literal;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.event.UserEvent;
import io.segmentflow.domain.journey.Journey;
import io.segmentflow.domain.journey.JourneyGraph;
import io.segmentflow.domain.journey.JourneyRun;
import io.segmentflow.domain.journey.JourneyStatus;
import io.segmentflow.domain.journey.JourneyStep;
import io.segmentflow.domain.journey.JourneyTrigger;
import io.segmentflow.domain.journey.PriorRuns;
import io.segmentflow.domain.journey.ReEntry;
import io.segmentflow.domain.journey.RunStatus;
import io.segmentflow.domain.journey.StepVisit;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Journeys, their versions and runs, and tracked events, as stored and read back. */
@ExtendWith(TestDatabaseExtension.class)
class JpaJourneysTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final EventName ORDER_CREATED = new EventName("order.created");
    private static final EventName ORDER_PAID = new EventName("order.paid");
    private static final FieldValues NO_VALUES = new FieldValues(Map.of(), Map.of());

    private final TestDatabase db;
    private WorkspaceId workspace;
    private WorkspaceId otherWorkspace;

    JpaJourneysTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void twoWorkspaces() {
        TestDatabase.TwoWorkspaces two = db.addTwoWorkspaces(NOW);
        workspace = two.first();
        otherWorkspace = two.second();
    }

    private static JourneyGraph payment() {
        return new JourneyGraph(
                "paid",
                List.of(
                        new JourneyStep.WaitUntil(
                                "paid", ORDER_PAID, Optional.empty(), Duration.ofDays(3), "thanks", null),
                        new JourneyStep.SendEmail(
                                "thanks",
                                "tpl_thanks",
                                Optional.of(Mailbox.parse("Shop <shop@acme.test>")),
                                Optional.of("Thanks!"),
                                null)));
    }

    private Journey onOrders() {
        Condition bigOrder =
                new Condition.GreaterThan(FieldPath.parse("event.total"), new Literal.Number(new BigDecimal("100")));
        return Journey.draft(
                workspace,
                "Orders",
                new JourneyTrigger.OnEvent(ORDER_CREATED, Optional.of(bigOrder)),
                ReEntry.WHEN_FINISHED,
                payment(),
                NOW);
    }

    @Test
    void a_journey_reads_back_as_it_was_written_and_only_in_its_workspace() {
        Journey journey = onOrders();
        db.commit(tx -> tx.journeys().add(journey));

        Journey read = db.inTransaction(tx -> tx.journeys().find(workspace, journey.id()))
                .orElseThrow();
        assertThat(read.graph()).isEqualTo(journey.graph());
        assertThat(read.trigger()).isEqualTo(journey.trigger());
        assertThat(read.reEntry()).isEqualTo(ReEntry.WHEN_FINISHED);
        assertThat(read.status()).isEqualTo(JourneyStatus.DRAFT);
        assertThat(db.inTransaction(
                        (TestDatabase.Transaction tx) -> tx.journeys().find(otherWorkspace, journey.id())))
                .isEmpty();
        assertThat(db.inTransaction(
                        (TestDatabase.Transaction tx) -> tx.journeys().list(workspace, null, 10)))
                .extracting(Journey::id)
                .containsExactly(journey.id());
    }

    @Test
    void an_edit_after_activation_keeps_the_old_version_for_its_runs() {
        Journey journey = onOrders();
        db.commit(tx -> tx.journeys().add(journey));
        journey.activate(NOW);
        JourneyGraph shorter = new JourneyGraph(
                "only", List.of(new JourneyStep.SendEmail("only", "tpl_x", Optional.empty(), Optional.empty(), null)));
        journey.edit("Orders v2", journey.trigger(), ReEntry.ALWAYS, shorter, NOW.plusSeconds(60));
        db.commit(tx -> tx.journeys().update(journey));

        assertThat(db.inTransaction(
                        (TestDatabase.Transaction tx) -> tx.journeys().graph(journey.id(), 1)))
                .contains(payment());
        assertThat(db.inTransaction(
                        (TestDatabase.Transaction tx) -> tx.journeys().graph(journey.id(), 2)))
                .contains(shorter);
        Journey read = db.inTransaction(tx -> tx.journeys().findForUpdate(workspace, journey.id()))
                .orElseThrow();
        assertThat(read.version()).isEqualTo(2);
        assertThat(read.name()).isEqualTo("Orders v2");
        assertThat(db.inTransaction(
                        (TestDatabase.Transaction tx) -> tx.journeys().listeningTo(workspace, ORDER_CREATED)))
                .extracting(Journey::id)
                .containsExactly(journey.id());
        assertThat(db.inTransaction(
                        (TestDatabase.Transaction tx) -> tx.journeys().listeningTo(workspace, ORDER_PAID)))
                .isEmpty();
    }

    /** {@link #onOrders}, active and stored. */
    private Journey storedActiveOnOrders() {
        Journey journey = onOrders();
        journey.activate(NOW);
        db.commit(tx -> tx.journeys().add(journey));
        return journey;
    }

    @Test
    void runs_fall_due_are_claimed_and_their_progress_and_steps_read_back() {
        Journey journey = storedActiveOnOrders();
        JourneyRun run = JourneyRun.start(journey, "pr_1", "evt_1", NOW);
        db.commit(tx -> tx.journeyRuns().addAll(List.of(run)));
        assertThat(db.inTransaction(
                        (TestDatabase.Transaction tx) -> tx.journeyRuns().nextDue()))
                .contains(NOW);
        assertThat(db.inTransaction((TestDatabase.Transaction tx) ->
                        tx.journeyRuns().priorRuns(workspace, List.of("pr_1", "pr_2"), List.of(journey.id()))))
                .containsOnlyKeys("pr_1")
                .containsEntry("pr_1", Map.of(journey.id(), new PriorRuns(true, true)));

        db.commit(tx -> {
            List<JourneyRun> due = tx.journeyRuns().claimDue(NOW, 10);
            assertThat(due).extracting(JourneyRun::id).containsExactly(run.id());
            due.get(0).advance(payment(), NO_VALUES, JourneyRun.EmailCheck.ALWAYS, NOW);
            tx.journeyRuns().updateAll(due);
        });
        JourneyRun waiting = db.inTransaction(tx -> tx.journeyRuns().find(workspace, run.id()))
                .orElseThrow();
        assertThat(waiting.status()).isEqualTo(RunStatus.WAITING);
        assertThat(waiting.awaitedEvent()).contains(ORDER_PAID);
        assertThat(db.inTransaction(
                        (TestDatabase.Transaction tx) -> tx.journeyRuns().claimDue(NOW.plusSeconds(60), 10)))
                .isEmpty();

        db.commit(tx -> {
            List<JourneyRun> waitingFor = tx.journeyRuns()
                    .waitingForAny(workspace, List.of("pr_2", "pr_1"), List.of(ORDER_PAID, ORDER_CREATED));
            assertThat(waitingFor).hasSize(1);
            assertThat(waitingFor.get(0).eventArrived(ORDER_PAID, payment(), NO_VALUES, NOW.plusSeconds(5)))
                    .isTrue();
            waitingFor.get(0).advance(payment(), NO_VALUES, JourneyRun.EmailCheck.ALWAYS, NOW.plusSeconds(5));
            tx.journeyRuns().updateAll(waitingFor);
        });
        JourneyRun done = db.inTransaction(tx -> tx.journeyRuns().find(workspace, run.id()))
                .orElseThrow();
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.history())
                .extracting(visit -> visit.outcome().wireName())
                .containsExactly("event_arrived", "email_queued");
        assertThat(db.inTransaction((TestDatabase.Transaction tx) ->
                        tx.journeyRuns().priorRuns(workspace, List.of("pr_1"), List.of(journey.id()))))
                .containsEntry("pr_1", Map.of(journey.id(), new PriorRuns(true, false)));
        assertThat(db.inTransaction((TestDatabase.Transaction tx) ->
                                tx.journeyRuns().stats(workspace, journey.id()))
                        .byStatus())
                .containsEntry(RunStatus.COMPLETED, 1L);
        assertThat(db.inTransaction(
                        (TestDatabase.Transaction tx) -> tx.journeyRuns().find(otherWorkspace, run.id())))
                .isEmpty();
    }

    @Test
    void many_runs_advances_are_stored_together_each_as_written_and_no_other_run_changes() {
        // given: three runs, one of which no advance touches
        Journey journey = storedActiveOnOrders();
        JourneyRun paid = JourneyRun.start(journey, "pr_1", "evt_1", NOW);
        JourneyRun failing = JourneyRun.start(journey, "pr_2", null, NOW.plusMillis(1));
        JourneyRun untouched = JourneyRun.start(journey, "pr_3", "evt_3", NOW.plusSeconds(60));
        db.commit(tx -> tx.journeyRuns().addAll(List.of(paid, failing, untouched)));

        // when: one goes on to its wait, the other fails with a reason full of what arrays quote and escape
        String reason = "template \"tpl_{1,2}\" gave NULL, then a back\\slash; 'quoted' \u00e9";
        db.commit(tx -> {
            List<JourneyRun> due = tx.journeyRuns().claimDue(NOW.plusMillis(1), 10);
            assertThat(due).extracting(JourneyRun::id).containsExactly(paid.id(), failing.id());
            due.get(0).advance(payment(), NO_VALUES, JourneyRun.EmailCheck.ALWAYS, NOW.plusMillis(1));
            due.get(1).fail("paid", reason, NOW.plusMillis(2));
            tx.journeyRuns().updateAll(due);
        });

        // then
        JourneyRun waiting = stored(paid.id());
        assertThat(waiting.status()).isEqualTo(RunStatus.WAITING);
        assertThat(waiting.currentStep()).isEqualTo("paid");
        assertThat(waiting.dueAt()).isEqualTo(NOW.plusMillis(1).plus(Duration.ofDays(3)));
        assertThat(waiting.awaitedEvent()).contains(ORDER_PAID);
        assertThat(waiting.updatedAt()).isEqualTo(NOW.plusMillis(1));
        JourneyRun failed = stored(failing.id());
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.dueAt()).isNull();
        assertThat(failed.awaitedEvent()).isEmpty();
        assertThat(failed.history()).extracting(StepVisit::detail).containsExactly(reason);
        assertThat(failed.updatedAt()).isEqualTo(NOW.plusMillis(2));
        JourneyRun same = stored(untouched.id());
        assertThat(same.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(same.dueAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(same.history()).isEmpty();
    }

    private JourneyRun stored(String runId) {
        return db.inTransaction(tx -> tx.journeyRuns().find(workspace, runId)).orElseThrow();
    }

    @Test
    void a_run_held_by_one_claim_is_skipped_by_another() {
        assumeTrue(db.isPostgreSql(), "H2 locks every row the claiming query reads");
        Journey journey = storedActiveOnOrders();
        JourneyRun first = JourneyRun.start(journey, "pr_1", null, NOW);
        JourneyRun second = JourneyRun.start(journey, "pr_2", null, NOW.plusMillis(1));
        db.commit(tx -> tx.journeyRuns().addAll(List.of(first, second)));
        try (TestDatabase.Transaction one = db.begin();
                TestDatabase.Transaction two = db.begin()) {
            assertThat(one.journeyRuns().claimDue(NOW.plusSeconds(1), 1))
                    .extracting(JourneyRun::id)
                    .containsExactly(first.id());
            assertThat(two.journeyRuns().claimDue(NOW.plusSeconds(1), 10))
                    .extracting(JourneyRun::id)
                    .containsExactly(second.id());
        }
    }

    @Test
    void claims_start_just_before_the_earliest_run_the_last_one_took_and_every_few_seconds_from_the_front() {
        // given: one node's store (its claims share where they start), and two runs due
        JpaJourneyRuns node = new JpaJourneyRuns();
        Journey journey = storedActiveOnOrders();
        JourneyRun early = JourneyRun.start(journey, "pr_1", null, NOW.minusSeconds(60));
        JourneyRun later = JourneyRun.start(journey, "pr_2", null, NOW.minusSeconds(30));
        db.commit(tx -> tx.journeyRuns().addAll(List.of(early, later)));
        assertThat(claimAndTakeOn(node, NOW, 1)).containsExactly(early.id());

        // when: a run due before that claim's first is committed only now (its transaction was slow)
        JourneyRun late = JourneyRun.start(journey, "pr_3", null, NOW.minusSeconds(90));
        db.commit(tx -> tx.journeyRuns().addAll(List.of(late)));

        // then: the next claims and the look for the next due time start where the last claim began, the claim
        // from the front a few seconds on finds the late run, and the next due time is then the waits' end
        assertThat(claimAndTakeOn(node, NOW.plusSeconds(1), 10)).containsExactly(later.id());
        assertThat(nextDueOn(node)).contains(NOW.minusSeconds(60).plus(Duration.ofDays(3)));
        assertThat(claimAndTakeOn(node, NOW.plus(ClaimFloor.SWEEP_INTERVAL), 10))
                .containsExactly(late.id());
        assertThat(nextDueOn(node)).contains(NOW.minusSeconds(90).plus(Duration.ofDays(3)));
    }

    /** Claims with {@code node}'s store at {@code now}, takes the runs on to their wait, and returns their ids. */
    private List<String> claimAndTakeOn(JpaJourneyRuns node, Instant now, int limit) {
        return db.inTransaction(tx -> {
            node.em = tx.entityManager();
            List<JourneyRun> due = node.claimDue(now, limit);
            due.forEach(run -> run.advance(payment(), NO_VALUES, JourneyRun.EmailCheck.ALWAYS, run.dueAt()));
            node.updateAll(due);
            return due.stream().map(JourneyRun::id).toList();
        });
    }

    private Optional<Instant> nextDueOn(JpaJourneyRuns node) {
        return db.inTransaction(tx -> {
            node.em = tx.entityManager();
            return node.nextDue();
        });
    }

    @Test
    void event_data_is_erased_after_its_retention_unless_a_run_going_on_needs_it() {
        Journey journey = storedActiveOnOrders();
        UserEvent needed =
                UserEvent.record(workspace, ORDER_CREATED, "pr_1", "{\"token\":\"a\"}", "order-1", null, NOW);
        UserEvent expired =
                UserEvent.record(workspace, ORDER_CREATED, "pr_2", "{\"token\":\"b\"}", "order-2", null, NOW);
        db.commit(tx -> {
            tx.userEvents().addAll(List.of(needed, expired));
            tx.journeyRuns().addAll(List.of(JourneyRun.start(journey, "pr_1", needed.id(), NOW)));
        });
        assertThat(db.inTransaction(
                        (TestDatabase.Transaction tx) -> tx.userEvents().eraseDataReceivedBefore(NOW.plusSeconds(1))))
                .isEqualTo(1);
        assertThat(db.inTransaction((TestDatabase.Transaction tx) ->
                        tx.userEvents().dataOf(workspace, List.of(needed.id(), expired.id()))))
                .containsOnlyKeys(needed.id());
        assertThat(db.inTransaction((TestDatabase.Transaction tx) ->
                        tx.userEvents().search(workspace, new UserEvents.Search(null, null, "order-2"), null, 10)))
                .singleElement()
                .satisfies(e -> assertThat(e.data()).isNull());
        assertThat(db.inTransaction((TestDatabase.Transaction tx) -> tx.userEvents()
                        .search(workspace, new UserEvents.Search("pr_1", ORDER_CREATED, null), null, 10)))
                .extracting(UserEvent::id)
                .containsExactly(needed.id());
        assertThat(db.inTransaction(
                        (TestDatabase.Transaction tx) -> tx.userEvents().eraseDataOf(workspace, "pr_1")))
                .isEqualTo(1);
    }
}
