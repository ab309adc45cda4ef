package io.segmentflow.application.journey;

import java.time.Instant;

/**
 * News for whoever calls {@link AdvanceJourneyRunsUseCase#advanceDue}: runs were committed due at {@code at}, the
 * soonest of them (now, or when a wait they entered ends). Told after the commit, through the
 * {@link io.segmentflow.application.port.out.DispatchSignal} port.
 */
public record RunsDue(Instant at) {}
