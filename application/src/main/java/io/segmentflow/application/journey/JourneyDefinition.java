package io.segmentflow.application.journey;

import io.segmentflow.domain.journey.JourneyGraph;
import io.segmentflow.domain.journey.JourneyTrigger;
import io.segmentflow.domain.journey.ReEntry;
import java.util.Objects;

/** What a caller says a Journey is: its name, trigger, re-entry policy and steps. */
public record JourneyDefinition(String name, JourneyTrigger trigger, ReEntry reEntry, JourneyGraph graph) {
    public JourneyDefinition {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(reEntry, "reEntry");
        Objects.requireNonNull(graph, "graph");
    }
}
