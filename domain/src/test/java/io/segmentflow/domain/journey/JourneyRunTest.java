package io.segmentflow.domain.journey;

import static io.segmentflow.domain.journey.Steps.branch;
import static io.segmentflow.domain.journey.Steps.email;
import static io.segmentflow.domain.journey.Steps.graph;
import static io.segmentflow.domain.journey.Steps.profileEquals;
import static io.segmentflow.domain.journey.Steps.waitFor;
import static io.segmentflow.domain.journey.Steps.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.condition.FieldPath;
import io.segmentflow.domain.condition.FieldValues;
import io.segmentflow.domain.condition.Literal;
import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.shared.IllegalTransitionException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JourneyRunTest {
    private static final Instant START = Instant.parse("2026-11-30T10:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);
    private static final FieldValues PRO = new FieldValues(Map.of("plan", "pro"), Map.of());
    private static final FieldValues FREE = new FieldValues(Map.of("plan", "free"), Map.of());
    private static final EventName PAID = new EventName("order.paid");

    /** order.created -> thank-you email -> a day -> pro? upsell : survey. */
    private static final JourneyGraph ORDER = graph(
            "thanks",
            email("thanks", "tpl_thanks", "wait"),
            waitFor("wait", DAY, "is-pro"),
            branch("is-pro", profileEquals("plan", "pro"), "upsell", "survey"),
            email("upsell", "tpl_upsell", null),
            email("survey", "tpl_survey", "done"),
            new JourneyStep.Exit("done"));

    /** Reminds once when an order is not paid within a day. */
    private static final JourneyGraph PAYMENT = graph(
            "is-paid",
            waitUntil("is-paid", "order.paid", DAY, "receipt", "reminder"),
            email("receipt", "tpl_receipt", null),
            email("reminder", "tpl_reminder", null));

    private static JourneyRun runOf(JourneyGraph graph) {
        Journey journey = Journey.draft(
                new WorkspaceId("ws_1"), "J", new JourneyTrigger.OnApiCall(), ReEntry.ALWAYS, graph, START);
        return JourneyRun.start(journey, "pro_1", "evt_1", START);
    }

    @Test
    void a_run_goes_through_steps_until_a_wait_and_on_when_the_wait_is_over() {
        JourneyRun run = runOf(ORDER);
        assertThat(run.isDue(START)).isTrue();

        assertThat(run.advance(ORDER, PRO, JourneyRun.EmailCheck.ALWAYS, START))
                .containsExactly(new RunEffect.SendEmail("thanks", "tpl_thanks", Optional.empty(), Optional.empty()));
        assertThat(run.status()).isEqualTo(RunStatus.WAITING);
        assertThat(run.currentStep()).isEqualTo("wait");
        assertThat(run.dueAt()).isEqualTo(START.plus(DAY));
        assertThat(run.isDue(START.plus(DAY).minusMillis(1))).isFalse();
        assertThatThrownBy(() -> run.advance(ORDER, PRO, JourneyRun.EmailCheck.ALWAYS, START.plusSeconds(60)))
                .isInstanceOf(IllegalTransitionException.class);

        assertThat(run.advance(ORDER, PRO, JourneyRun.EmailCheck.ALWAYS, START.plus(DAY)))
                .extracting(RunEffect::stepId)
                .containsExactly("upsell");
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.dueAt()).isNull();
        assertThat(run.history())
                .extracting(StepVisit::stepId, StepVisit::outcome)
                .containsExactly(
                        tuple("thanks", StepOutcome.EMAIL_QUEUED),
                        tuple("wait", StepOutcome.WAITED),
                        tuple("is-pro", StepOutcome.BRANCHED_TRUE),
                        tuple("upsell", StepOutcome.EMAIL_QUEUED));
    }

    @Test
    void a_run_reads_state_on_its_advance_only_when_its_first_step_sends_updates_or_branches() {
        JourneyRun order = runOf(ORDER);
        assertThat(order.readsStateOnAdvance(ORDER)).as("starts with an email").isTrue();
        order.advance(ORDER, PRO, JourneyRun.EmailCheck.ALWAYS, START);
        assertThat(order.readsStateOnAdvance(ORDER))
                .as("the wait ends in a branch")
                .isTrue();

        JourneyRun payment = runOf(PAYMENT);
        assertThat(payment.readsStateOnAdvance(PAYMENT))
                .as("starts with a wait")
                .isFalse();
        payment.advance(PAYMENT, FieldValues.NONE, JourneyRun.EmailCheck.ALWAYS, START);
        assertThat(payment.readsStateOnAdvance(PAYMENT))
                .as("times out into an email")
                .isTrue();

        JourneyGraph pause = graph("pause", waitFor("pause", DAY, "done"), new JourneyStep.Exit("done"));
        JourneyRun paused = runOf(pause);
        assertThat(paused.readsStateOnAdvance(pause)).isFalse();
        paused.advance(pause, FieldValues.NONE, JourneyRun.EmailCheck.ALWAYS, START);
        assertThat(paused.readsStateOnAdvance(pause))
                .as("the wait ends in an exit")
                .isFalse();
        paused.advance(pause, FieldValues.NONE, JourneyRun.EmailCheck.ALWAYS, START.plus(DAY));
        assertThat(paused.status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void a_run_goes_on_without_reading_only_through_a_first_step_that_waits_or_ends() {
        JourneyRun order = runOf(ORDER);
        assertThat(order.advanceWithoutReading(ORDER, START))
                .as("starts with an email")
                .isFalse();
        assertThat(order.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(order.history()).isEmpty();

        JourneyRun payment = runOf(PAYMENT);
        assertThat(payment.advanceWithoutReading(PAYMENT, START)).isTrue();
        assertThat(payment.status()).isEqualTo(RunStatus.WAITING);
        assertThat(payment.advanceWithoutReading(PAYMENT, START.plus(Duration.ofMinutes(1))))
                .as("not due")
                .isFalse();

        JourneyGraph pause = graph("pause", waitFor("pause", DAY, "done"), new JourneyStep.Exit("done"));
        JourneyRun paused = runOf(pause);
        assertThat(paused.advanceWithoutReading(pause, START)).isTrue();
        assertThat(paused.dueAt()).isEqualTo(START.plus(DAY));
        assertThat(paused.advanceWithoutReading(pause, START.plus(DAY)))
                .as("the wait ends in an exit")
                .isTrue();
        assertThat(paused.status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void a_branch_reads_the_profile_as_it_is_when_the_run_reaches_it() {
        JourneyRun run = runOf(ORDER);
        run.advance(ORDER, PRO, JourneyRun.EmailCheck.ALWAYS, START);
        assertThat(run.advance(ORDER, FREE, JourneyRun.EmailCheck.ALWAYS, START.plus(DAY)))
                .extracting(RunEffect::stepId)
                .containsExactly("survey");
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.currentStep()).isEqualTo("done");
    }

    @Test
    void an_awaited_event_moves_the_run_on_at_once() {
        JourneyRun run = runOf(PAYMENT);
        assertThat(run.advance(PAYMENT, PRO, JourneyRun.EmailCheck.ALWAYS, START))
                .isEmpty();
        assertThat(run.awaitedEvent()).contains(PAID);

        assertThat(run.eventArrived(new EventName("order.refunded"), PAYMENT, PRO, START.plusSeconds(5)))
                .isFalse();
        assertThat(run.eventArrived(PAID, PAYMENT, PRO, START.plusSeconds(10))).isTrue();
        assertThat(run.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(run.isDue(START.plusSeconds(10))).isTrue();
        assertThat(run.eventArrived(PAID, PAYMENT, PRO, START.plusSeconds(11)))
                .as("the run no longer waits")
                .isFalse();

        assertThat(run.advance(PAYMENT, PRO, JourneyRun.EmailCheck.ALWAYS, START.plusSeconds(10)))
                .extracting(RunEffect::stepId)
                .containsExactly("receipt");
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void without_the_awaited_event_the_timeout_path_is_taken() {
        JourneyRun run = runOf(PAYMENT);
        run.advance(PAYMENT, PRO, JourneyRun.EmailCheck.ALWAYS, START);
        assertThat(run.advance(PAYMENT, PRO, JourneyRun.EmailCheck.ALWAYS, START.plus(DAY)))
                .extracting(RunEffect::stepId)
                .containsExactly("reminder");
        assertThat(run.history())
                .extracting(StepVisit::outcome)
                .containsExactly(StepOutcome.TIMED_OUT, StepOutcome.EMAIL_QUEUED);
    }

    @Test
    void a_wait_filter_must_hold_for_the_event_to_count() {
        JourneyGraph bigPayment = graph(
                "is-paid",
                new JourneyStep.WaitUntil(
                        "is-paid",
                        PAID,
                        Optional.of(new Condition.GreaterThan(
                                FieldPath.parse("event.total"), new Literal.Number(new BigDecimal("100")))),
                        DAY,
                        null,
                        null));
        JourneyRun run = runOf(bigPayment);
        run.advance(bigPayment, PRO, JourneyRun.EmailCheck.ALWAYS, START);
        FieldValues small = new FieldValues(Map.of(), Map.of("total", new BigDecimal("5")));
        FieldValues large = new FieldValues(Map.of(), Map.of("total", new BigDecimal("500")));
        assertThat(run.eventArrived(PAID, bigPayment, small, START.plusSeconds(1)))
                .isFalse();
        assertThat(run.eventArrived(PAID, bigPayment, large, START.plusSeconds(2)))
                .isTrue();
    }

    @Test
    void a_profile_update_ends_the_advance_so_the_next_step_reads_the_changed_profile() {
        JourneyGraph tagThenBranch = graph(
                "tag",
                new JourneyStep.UpdateProfile("tag", "{\"plan\":\"pro\"}", "is-pro"),
                branch("is-pro", profileEquals("plan", "pro"), "upsell", null),
                email("upsell", "tpl_upsell", null));
        JourneyRun run = runOf(tagThenBranch);
        assertThat(run.advance(tagThenBranch, FREE, JourneyRun.EmailCheck.ALWAYS, START))
                .containsExactly(new RunEffect.UpdateProfile("tag", "{\"plan\":\"pro\"}"));
        assertThat(run.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(run.isDue(START)).isTrue();
        assertThat(run.advance(tagThenBranch, PRO, JourneyRun.EmailCheck.ALWAYS, START))
                .extracting(RunEffect::stepId)
                .containsExactly("upsell");
    }

    @Test
    void a_run_taken_out_from_outside_ends_as_exited_and_an_ended_run_stays_ended() {
        JourneyRun run = runOf(PAYMENT);
        run.advance(PAYMENT, PRO, JourneyRun.EmailCheck.ALWAYS, START);
        assertThat(run.exit(START.plusSeconds(1), "profile_erased")).isTrue();
        assertThat(run.status()).isEqualTo(RunStatus.EXITED);
        assertThat(run.isDue(START.plus(DAY))).isFalse();
        assertThat(run.eventArrived(PAID, PAYMENT, PRO, START.plusSeconds(2))).isFalse();
        assertThat(run.exit(START.plusSeconds(3), "again")).isFalse();
        assertThatThrownBy(() -> run.fail("is-paid", "x", START)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void an_email_step_that_cannot_be_done_fails_the_run_there_and_asks_for_nothing_after_it() {
        JourneyGraph twoEmails = graph("a", email("a", "tpl_a", "b"), email("b", "tpl_gone", null));
        JourneyRun run = runOf(twoEmails);
        List<RunEffect> effects = run.advance(
                twoEmails,
                PRO,
                step -> step.templateId().equals("tpl_gone")
                        ? Optional.of("template tpl_gone was not found")
                        : Optional.empty(),
                START);
        assertThat(effects).extracting(RunEffect::stepId).containsExactly("a");
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.history()).last().satisfies(visit -> {
            assertThat(visit.stepId()).isEqualTo("b");
            assertThat(visit.outcome()).isEqualTo(StepOutcome.FAILED);
            assertThat(visit.detail()).isEqualTo("template tpl_gone was not found");
        });
    }

    @Test
    void a_run_whose_step_is_gone_fails_rather_than_stalls() {
        JourneyRun run = runOf(ORDER);
        JourneyGraph other = graph("x", email("x", "tpl_x", null));
        assertThat(run.advance(other, PRO, JourneyRun.EmailCheck.ALWAYS, START)).isEmpty();
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.history()).last().extracting(StepVisit::outcome).isEqualTo(StepOutcome.FAILED);
    }

    @Test
    void a_run_keeps_its_latest_visits_only() {
        JourneyGraph loop = graph(
                "ping",
                email("ping", "tpl_ping", "wait"),
                waitUntil("wait", "stop", Duration.ofSeconds(1), null, "ping"));
        JourneyRun run = runOf(loop);
        Instant now = START;
        for (int i = 0; i < JourneyRun.MAX_HISTORY; i++) {
            run.advance(loop, PRO, JourneyRun.EmailCheck.ALWAYS, now);
            now = now.plusSeconds(1);
        }
        assertThat(run.history()).hasSize(JourneyRun.MAX_HISTORY);
        assertThat(run.history().get(0).at()).isAfter(START);
    }
}
