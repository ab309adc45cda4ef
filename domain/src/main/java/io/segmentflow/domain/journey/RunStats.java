package io.segmentflow.domain.journey;

import java.util.Map;

/** A Journey's runs counted by status, and the Profiles at each step among runs not yet ended. */
public record RunStats(Map<RunStatus, Long> byStatus, Map<String, Long> byStep) {
    public RunStats {
        byStatus = Map.copyOf(byStatus);
        byStep = Map.copyOf(byStep);
    }
}
