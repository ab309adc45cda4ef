package io.segmentflow.domain.journey;

/** Something wrong with a Journey's definition, named by the step it is about (null: the graph as a whole). */
public record DefinitionProblem(String stepId, String message) {}
