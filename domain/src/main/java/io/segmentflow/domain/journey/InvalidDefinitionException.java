package io.segmentflow.domain.journey;

import java.util.List;

/** A Journey's definition was refused; every problem is named by its step. */
public class InvalidDefinitionException extends RuntimeException {
    private final transient List<DefinitionProblem> problems;

    public InvalidDefinitionException(List<DefinitionProblem> problems) {
        super(problems.size() + " problem(s) in the journey's definition");
        this.problems = List.copyOf(problems);
    }

    public List<DefinitionProblem> problems() {
        return problems;
    }
}
