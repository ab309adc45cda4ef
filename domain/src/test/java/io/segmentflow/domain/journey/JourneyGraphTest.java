package io.segmentflow.domain.journey;

import static io.segmentflow.domain.journey.Steps.branch;
import static io.segmentflow.domain.journey.Steps.email;
import static io.segmentflow.domain.journey.Steps.graph;
import static io.segmentflow.domain.journey.Steps.profileEquals;
import static io.segmentflow.domain.journey.Steps.waitFor;
import static io.segmentflow.domain.journey.Steps.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.shared.InvalidValueException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JourneyGraphTest {
    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void a_graph_whose_paths_all_end_has_no_problem() {
        JourneyGraph graph = graph(
                "welcome",
                email("welcome", "tpl_a", "wait"),
                waitFor("wait", DAY, "is-pro"),
                branch("is-pro", profileEquals("plan", "pro"), "upsell", null),
                email("upsell", "tpl_b", "exit"),
                new JourneyStep.Exit("exit"));
        assertThat(graph.problems()).isEmpty();
        assertThat(graph.templateIds()).containsExactly("tpl_a", "tpl_b");
    }

    @Test
    void each_problem_is_named_by_its_step() {
        JourneyGraph graph =
                graph("a", email("a", "tpl_a", "nowhere"), email("a", "tpl_b", null), email("orphan", "tpl_c", null));
        assertThat(graph.problems())
                .containsExactly(
                        new DefinitionProblem("a", "is the id of more than one step"),
                        new DefinitionProblem("a", "leads to 'nowhere', which is not a step of this journey"),
                        new DefinitionProblem("orphan", "is not reached from the start step"));
    }

    @Test
    void a_start_that_is_no_step_is_a_problem_of_the_graph() {
        assertThat(graph("missing", email("a", "tpl_a", null)).problems())
                .contains(new DefinitionProblem(null, "start 'missing' is not a step of this journey"));
    }

    @Test
    void a_loop_without_a_wait_is_refused_and_one_with_a_wait_is_not() {
        JourneyGraph busy = graph("a", email("a", "tpl_a", "b"), branch("b", profileEquals("plan", "pro"), "a", null));
        assertThat(busy.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.stepId()).isEqualTo("a");
            assertThat(problem.message()).contains("loop without a wait (a -> b -> a)");
        });

        JourneyGraph reminder =
                graph("a", email("a", "tpl_a", "wait"), waitUntil("wait", "order.paid", DAY, null, "a"));
        assertThat(reminder.problems()).isEmpty();
    }

    @Test
    void a_step_that_goes_to_itself_is_a_loop() {
        assertThat(graph("a", branch("a", profileEquals("plan", "pro"), "a", null))
                        .problems())
                .extracting(DefinitionProblem::message)
                .anySatisfy(message -> assertThat(message).contains("loop without a wait (a -> a)"));
    }

    @Test
    void a_loop_that_never_ends_is_a_path_with_no_end() {
        JourneyGraph forever = graph("a", email("a", "tpl_a", "wait"), waitFor("wait", DAY, "a"));
        assertThat(forever.problems()).extracting(DefinitionProblem::stepId).containsExactlyInAnyOrder("a", "wait");
        assertThat(forever.problems())
                .allSatisfy(problem -> assertThat(problem.message()).contains("no path that ends"));
    }

    @Test
    void a_graph_holds_one_to_two_hundred_steps() {
        assertThatThrownBy(() -> new JourneyGraph("a", List.of())).isInstanceOf(InvalidValueException.class);
        JourneyStep[] many = new JourneyStep[JourneyGraph.MAX_STEPS + 1];
        for (int i = 0; i < many.length; i++) {
            many[i] = new JourneyStep.Exit("s" + i);
        }
        assertThatThrownBy(() -> graph("s0", many)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void steps_refuse_bad_ids_and_waits_out_of_range() {
        assertThatThrownBy(() -> new JourneyStep.Exit("has space")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> waitFor("w", Duration.ZERO, null)).hasMessageContaining("between 1 second");
        assertThatThrownBy(() -> waitFor("w", Duration.ofDays(400), null)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> waitUntil("w", "order.paid", Duration.ofMillis(10), null, null))
                .isInstanceOf(InvalidValueException.class);
    }
}
