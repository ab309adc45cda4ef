package io.segmentflow.domain.journey;

import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.shared.HeaderText;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.template.TemplateContent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One step of a Journey's graph. A step names the step that follows by id; a missing next step ends the run
 * there, as completed.
 */
public sealed interface JourneyStep {
    Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    Duration SHORTEST_WAIT = Duration.ofSeconds(1);
    Duration LONGEST_WAIT = Duration.ofDays(366);

    String id();

    /** The steps this one may lead to, in order, without the ends ({@code null}s). */
    List<String> successors();

    /** Whether a run may end at this step: an exit, or a path of it that names no next step. */
    boolean mayEndHere();

    /** Queues an email to the Profile, rendered from the template with {@code /profile/*} and {@code /event/*}. */
    record SendEmail(String id, String templateId, Optional<Mailbox> from, Optional<String> subject, String next)
            implements JourneyStep {
        public SendEmail {
            checkId(id);
            if (templateId == null || templateId.isBlank()) {
                throw new InvalidValueException("templateId", "is required");
            }
            from = Objects.requireNonNull(from);
            subject = Objects.requireNonNull(subject);
            subject.ifPresent(JourneyStep::checkSubject);
        }

        @Override
        public List<String> successors() {
            return present(next);
        }

        @Override
        public boolean mayEndHere() {
            return next == null;
        }
    }

    /** Waits a fixed time. */
    record Wait(String id, Duration duration, String next) implements JourneyStep {
        public Wait {
            checkId(id);
            checkWait("duration", duration);
        }

        @Override
        public List<String> successors() {
            return present(next);
        }

        @Override
        public boolean mayEndHere() {
            return next == null;
        }
    }

    /**
     * Waits for {@code event} to be tracked for the Profile (and its filter to hold), then goes on to {@code next};
     * after {@code timeout} without it, goes on to {@code timeoutNext}.
     */
    record WaitUntil(
            String id, EventName event, Optional<Condition> filter, Duration timeout, String next, String timeoutNext)
            implements JourneyStep {
        public WaitUntil {
            checkId(id);
            Objects.requireNonNull(event, "event");
            filter = filter.map(Condition::withinLimits);
            checkWait("timeout", timeout);
        }

        @Override
        public List<String> successors() {
            return present(next, timeoutNext);
        }

        @Override
        public boolean mayEndHere() {
            return next == null || timeoutNext == null;
        }
    }

    /** Goes to {@code whenTrue} when the condition holds for the Profile and event, else to {@code whenFalse}. */
    record Branch(String id, Condition condition, String whenTrue, String whenFalse) implements JourneyStep {
        public Branch {
            checkId(id);
            Condition.withinLimits(condition);
        }

        @Override
        public List<String> successors() {
            return present(whenTrue, whenFalse);
        }

        @Override
        public boolean mayEndHere() {
            return whenTrue == null || whenFalse == null;
        }
    }

    /**
     * Merges properties into the Profile, as a PATCH does: a {@code null} removes a key.
     *
     * @param properties a JSON object text
     */
    record UpdateProfile(String id, String properties, String next) implements JourneyStep {
        public UpdateProfile {
            checkId(id);
            if (properties == null || properties.isBlank()) {
                throw new InvalidValueException("properties", "is required");
            }
        }

        @Override
        public List<String> successors() {
            return present(next);
        }

        @Override
        public boolean mayEndHere() {
            return next == null;
        }
    }

    /** Ends the run, as completed. */
    record Exit(String id) implements JourneyStep {
        public Exit {
            checkId(id);
        }

        @Override
        public List<String> successors() {
            return List.of();
        }

        @Override
        public boolean mayEndHere() {
            return true;
        }
    }

    private static void checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidValueException("id", "must be 1 to 64 letters, digits, '_' or '-'");
        }
    }

    private static void checkSubject(String subject) {
        if (subject.isBlank() || subject.length() > TemplateContent.MAX_SUBJECT_LENGTH) {
            throw new InvalidValueException(
                    "subject", "must be 1-" + TemplateContent.MAX_SUBJECT_LENGTH + " characters");
        }
        if (HeaderText.hasControlCharacters(subject)) {
            throw new InvalidValueException("subject", "must not contain CR, LF or other control characters");
        }
    }

    private static void checkWait(String field, Duration duration) {
        if (duration == null || duration.compareTo(SHORTEST_WAIT) < 0 || duration.compareTo(LONGEST_WAIT) > 0) {
            throw new InvalidValueException(field, "must be between 1 second and 366 days");
        }
    }

    private static List<String> present(String... ids) {
        List<String> list = new ArrayList<>(ids.length);
        for (String id : ids) {
            if (id != null) {
                list.add(id);
            }
        }
        return Collections.unmodifiableList(list);
    }
}
