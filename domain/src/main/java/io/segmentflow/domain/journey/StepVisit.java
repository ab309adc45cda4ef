package io.segmentflow.domain.journey;

import java.time.Instant;

/** One step a run went through: when it was done, and what came of it. */
public record StepVisit(String stepId, StepOutcome outcome, Instant at, String detail) {}
