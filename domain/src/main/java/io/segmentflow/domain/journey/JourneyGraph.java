package io.segmentflow.domain.journey;

import io.segmentflow.domain.shared.InvalidValueException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The steps of a Journey and the one it starts at. A graph may hold mistakes while it is being written;
 * {@link #problems()} names each, by step, and a Journey with problems cannot be activated.
 */
public record JourneyGraph(String start, List<JourneyStep> steps) {
    public static final int MAX_STEPS = 200;

    public JourneyGraph {
        steps = List.copyOf(steps);
        if (steps.isEmpty() || steps.size() > MAX_STEPS) {
            throw new InvalidValueException("steps", "must hold 1 to " + MAX_STEPS + " steps");
        }
        if (start == null || start.isBlank()) {
            throw new InvalidValueException("start", "is required: the id of the first step");
        }
    }

    public Optional<JourneyStep> step(String id) {
        for (JourneyStep step : steps) {
            if (step.id().equals(id)) {
                return Optional.of(step);
            }
        }
        return Optional.empty();
    }

    /** The templates the graph's emails use, each once. */
    public Set<String> templateIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (JourneyStep step : steps) {
            if (step instanceof JourneyStep.SendEmail email) {
                ids.add(email.templateId());
            }
        }
        return ids;
    }

    /**
     * Every mistake, by step: a step id used twice, a step leading to no step, a step the start never reaches, a
     * loop that runs without waiting, a step from which no path ends.
     */
    public List<DefinitionProblem> problems() {
        List<DefinitionProblem> problems = new ArrayList<>();
        Map<String, JourneyStep> byId = new LinkedHashMap<>();
        for (JourneyStep step : steps) {
            if (byId.putIfAbsent(step.id(), step) != null) {
                problems.add(new DefinitionProblem(step.id(), "is the id of more than one step"));
            }
        }
        if (!byId.containsKey(start)) {
            problems.add(new DefinitionProblem(null, "start '" + start + "' is not a step of this journey"));
        }
        for (JourneyStep step : byId.values()) {
            for (String next : step.successors()) {
                if (!byId.containsKey(next)) {
                    problems.add(new DefinitionProblem(
                            step.id(), "leads to '" + next + "', which is not a step of this journey"));
                }
            }
        }
        Set<String> reachable = reachableFrom(start, byId);
        for (String id : byId.keySet()) {
            if (!reachable.contains(id)) {
                problems.add(new DefinitionProblem(id, "is not reached from the start step"));
            }
        }
        for (List<String> loop : loopsWithoutWait(byId)) {
            problems.add(new DefinitionProblem(
                    loop.get(0),
                    "is on a loop without a wait (" + String.join(" -> ", loop) + " -> " + loop.get(0)
                            + "): a run would go round it at once, forever"));
        }
        Set<String> ending = stepsThatCanEnd(byId);
        for (String id : byId.keySet()) {
            if (reachable.contains(id) && !ending.contains(id)) {
                problems.add(new DefinitionProblem(id, "has no path that ends: every way on from it loops forever"));
            }
        }
        return problems;
    }

    private static Set<String> reachableFrom(String start, Map<String, JourneyStep> byId) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        if (byId.containsKey(start)) {
            todo.add(start);
            seen.add(start);
        }
        while (!todo.isEmpty()) {
            for (String next : byId.get(todo.poll()).successors()) {
                if (byId.containsKey(next) && seen.add(next)) {
                    todo.add(next);
                }
            }
        }
        return seen;
    }

    private static Set<String> stepsThatCanEnd(Map<String, JourneyStep> byId) {
        Map<String, List<String>> predecessors = new HashMap<>();
        Deque<String> todo = new ArrayDeque<>();
        Set<String> ending = new HashSet<>();
        for (JourneyStep step : byId.values()) {
            for (String next : step.successors()) {
                predecessors.computeIfAbsent(next, id -> new ArrayList<>()).add(step.id());
            }
            // A step leading to no step is reported as such, not again as a path with no end.
            boolean dangling = step.successors().stream().anyMatch(next -> !byId.containsKey(next));
            if (step.mayEndHere() || dangling) {
                ending.add(step.id());
                todo.add(step.id());
            }
        }
        while (!todo.isEmpty()) {
            for (String before : predecessors.getOrDefault(todo.poll(), List.of())) {
                if (ending.add(before)) {
                    todo.add(before);
                }
            }
        }
        return ending;
    }

    /**
     * The loops a run would go round without stopping: cycles among steps that are not waits (a wait's edges
     * are left out, since the run stops there). Tarjan's strongly connected components, each reported once.
     */
    private static List<List<String>> loopsWithoutWait(Map<String, JourneyStep> byId) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (JourneyStep step : byId.values()) {
            boolean waits = step instanceof JourneyStep.Wait || step instanceof JourneyStep.WaitUntil;
            List<String> next = new ArrayList<>();
            if (!waits) {
                for (String id : step.successors()) {
                    if (byId.containsKey(id)) {
                        next.add(id);
                    }
                }
            }
            edges.put(step.id(), next);
        }
        return new Components(edges).loops();
    }

    /** Tarjan's algorithm, kept to the few hundred steps a graph may hold. */
    private static final class Components {
        private final Map<String, List<String>> edges;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new HashSet<>();
        private final List<List<String>> loops = new ArrayList<>();
        private int counter;

        Components(Map<String, List<String>> edges) {
            this.edges = edges;
        }

        List<List<String>> loops() {
            for (String id : edges.keySet()) {
                if (!index.containsKey(id)) {
                    visit(id);
                }
            }
            return loops;
        }

        private void visit(String id) {
            index.put(id, counter);
            low.put(id, counter);
            counter++;
            stack.push(id);
            onStack.add(id);
            for (String next : edges.get(id)) {
                if (!index.containsKey(next)) {
                    visit(next);
                    low.put(id, Math.min(low.get(id), low.get(next)));
                } else if (onStack.contains(next)) {
                    low.put(id, Math.min(low.get(id), index.get(next)));
                }
            }
            if (low.get(id).equals(index.get(id))) {
                List<String> component = new ArrayList<>();
                String member;
                do {
                    member = stack.pop();
                    onStack.remove(member);
                    component.add(0, member);
                } while (!member.equals(id));
                if (component.size() > 1 || edges.get(id).contains(id)) {
                    loops.add(component);
                }
            }
        }
    }
}
