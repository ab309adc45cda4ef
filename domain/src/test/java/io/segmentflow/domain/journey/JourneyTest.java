package io.segmentflow.domain.journey;

import static io.segmentflow.domain.journey.Steps.email;
import static io.segmentflow.domain.journey.Steps.graph;
import static io.segmentflow.domain.journey.Steps.profileEquals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.condition.FieldValues;
import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.shared.IllegalTransitionException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JourneyTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final WorkspaceId WORKSPACE = new WorkspaceId("ws_1");
    private static final JourneyGraph ONE_EMAIL = graph("a", email("a", "tpl_a", null));
    private static final JourneyTrigger ON_ORDER =
            new JourneyTrigger.OnEvent(new EventName("order.created"), Optional.of(profileEquals("plan", "pro")));
    private static final FieldValues PRO = new FieldValues(Map.of("plan", "pro"), Map.of());
    private static final FieldValues FREE = new FieldValues(Map.of("plan", "free"), Map.of());

    private static Journey journey(ReEntry reEntry) {
        return Journey.draft(WORKSPACE, "Orders", ON_ORDER, reEntry, ONE_EMAIL, NOW);
    }

    @Test
    void a_definition_with_problems_is_refused_whole() {
        JourneyGraph broken = graph("a", email("a", "tpl_a", "b"), email("c", "tpl_c", null));
        assertThatThrownBy(() -> Journey.draft(WORKSPACE, "Broken", ON_ORDER, ReEntry.NEVER, broken, NOW))
                .isInstanceOfSatisfying(
                        InvalidDefinitionException.class,
                        refused -> assertThat(refused.problems())
                                .extracting(DefinitionProblem::stepId)
                                .containsExactly("a", "c"));
    }

    @Test
    void only_an_active_journey_enrolls() {
        Journey journey = journey(ReEntry.ALWAYS);
        assertThat(journey.refusesEntry(PriorRuns.NONE, PRO)).contains(SkipReason.JOURNEY_PAUSED);
        journey.activate(NOW);
        assertThat(journey.refusesEntry(PriorRuns.NONE, PRO)).isEmpty();
        journey.pause(NOW);
        assertThat(journey.refusesEntry(PriorRuns.NONE, PRO)).contains(SkipReason.JOURNEY_PAUSED);
        journey.activate(NOW);
        assertThat(journey.refusesEntry(PriorRuns.NONE, PRO)).isEmpty();
    }

    @Test
    void the_filter_decides_after_the_re_entry_policy() {
        Journey journey = journey(ReEntry.NEVER);
        journey.activate(NOW);
        assertThat(journey.refusesEntry(PriorRuns.NONE, FREE)).contains(SkipReason.FILTER_FALSE);
        assertThat(journey.refusesEntry(new PriorRuns(true, false), FREE)).contains(SkipReason.ALREADY_ENTERED);
    }

    @Test
    void the_re_entry_policy_says_who_may_enter_again() {
        PriorRuns going = new PriorRuns(true, true);
        PriorRuns ended = new PriorRuns(true, false);
        Journey never = journey(ReEntry.NEVER);
        Journey whenFinished = journey(ReEntry.WHEN_FINISHED);
        Journey always = journey(ReEntry.ALWAYS);
        never.activate(NOW);
        whenFinished.activate(NOW);
        always.activate(NOW);

        assertThat(never.refusesEntry(going, PRO)).contains(SkipReason.ALREADY_IN_RUN);
        assertThat(never.refusesEntry(ended, PRO)).contains(SkipReason.ALREADY_ENTERED);
        assertThat(whenFinished.refusesEntry(going, PRO)).contains(SkipReason.ALREADY_IN_RUN);
        assertThat(whenFinished.refusesEntry(ended, PRO)).isEmpty();
        assertThat(always.refusesEntry(going, PRO)).isEmpty();
    }

    @Test
    void earlier_runs_are_asked_about_only_where_they_can_refuse_entry() {
        PriorRuns going = new PriorRuns(true, true);
        Journey always = journey(ReEntry.ALWAYS);
        Journey whenFinished = journey(ReEntry.WHEN_FINISHED);
        Journey pausedNever = journey(ReEntry.NEVER);
        always.activate(NOW);
        whenFinished.activate(NOW);
        pausedNever.activate(NOW);
        pausedNever.pause(NOW);

        assertThat(whenFinished.asksPriorRuns()).isTrue();
        assertThat(always.asksPriorRuns()).isFalse();
        assertThat(always.refusesEntry(going, PRO)).isEqualTo(always.refusesEntry(PriorRuns.NONE, PRO));
        assertThat(pausedNever.asksPriorRuns()).isFalse();
        assertThat(pausedNever.refusesEntry(going, PRO)).isEqualTo(pausedNever.refusesEntry(PriorRuns.NONE, PRO));
    }

    @Test
    void editing_a_draft_changes_it_in_place_and_an_activated_one_gets_a_new_version() {
        Journey journey = journey(ReEntry.NEVER);
        assertThat(journey.edit("Orders 2", ON_ORDER, ReEntry.NEVER, ONE_EMAIL, NOW))
                .isFalse();
        assertThat(journey.version()).isEqualTo(1);
        journey.activate(NOW);
        assertThat(journey.edit("Orders 3", ON_ORDER, ReEntry.ALWAYS, ONE_EMAIL, NOW))
                .isTrue();
        assertThat(journey.version()).isEqualTo(2);
        assertThat(journey.reEntry()).isEqualTo(ReEntry.ALWAYS);
    }

    @Test
    void the_lifecycle_refuses_moves_it_does_not_have() {
        Journey journey = journey(ReEntry.NEVER);
        assertThatThrownBy(() -> journey.pause(NOW)).isInstanceOf(IllegalTransitionException.class);
        journey.activate(NOW);
        assertThatThrownBy(() -> journey.activate(NOW)).isInstanceOf(IllegalTransitionException.class);
        journey.archive(NOW);
        assertThatThrownBy(() -> journey.activate(NOW)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> journey.archive(NOW)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> journey.edit("x", ON_ORDER, ReEntry.NEVER, ONE_EMAIL, NOW))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void only_an_api_journey_starts_on_a_trigger_call() {
        assertThat(journey(ReEntry.NEVER).startsOnApiCall()).isFalse();
        Journey api = Journey.draft(WORKSPACE, "Reset", new JourneyTrigger.OnApiCall(), ReEntry.ALWAYS, ONE_EMAIL, NOW);
        assertThat(api.startsOnApiCall()).isTrue();
    }
}
