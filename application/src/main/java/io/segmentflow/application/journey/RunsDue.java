package io.segmentflow.application.journey;

/**
 * News for whoever calls {@link AdvanceJourneyRunsUseCase#advanceDue}: runs were committed due now. Told after the
 * commit, through the {@link io.segmentflow.application.port.out.DispatchSignal} port.
 */
public record RunsDue() {}
