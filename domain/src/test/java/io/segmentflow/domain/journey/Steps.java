package io.segmentflow.domain.journey;

import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.condition.FieldPath;
import io.segmentflow.domain.condition.Literal;
import io.segmentflow.domain.event.EventName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Short ways to write the steps of a test's graph. */
final class Steps {
    private Steps() {}

    static JourneyStep.SendEmail email(String id, String templateId, String next) {
        return new JourneyStep.SendEmail(id, templateId, Optional.empty(), Optional.empty(), next);
    }

    static JourneyStep.Wait waitFor(String id, Duration duration, String next) {
        return new JourneyStep.Wait(id, duration, next);
    }

    static JourneyStep.WaitUntil waitUntil(String id, String event, Duration timeout, String next, String timeoutNext) {
        return new JourneyStep.WaitUntil(id, new EventName(event), Optional.empty(), timeout, next, timeoutNext);
    }

    static JourneyStep.Branch branch(String id, Condition condition, String whenTrue, String whenFalse) {
        return new JourneyStep.Branch(id, condition, whenTrue, whenFalse);
    }

    static Condition profileEquals(String key, String value) {
        return new Condition.Equals(FieldPath.parse("profile." + key), new Literal.Text(value));
    }

    static JourneyGraph graph(String start, JourneyStep... steps) {
        return new JourneyGraph(start, List.of(steps));
    }
}
