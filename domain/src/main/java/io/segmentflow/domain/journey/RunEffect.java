package io.segmentflow.domain.journey;

import io.segmentflow.domain.email.Mailbox;
import java.util.Optional;

/** What a run's steps ask of the world; each commits with the run's advance, so a crash never doubles one. */
public sealed interface RunEffect {
    String stepId();

    /** Queue an email to the run's Profile: an EmailSend linked to the run and this step. */
    record SendEmail(String stepId, String templateId, Optional<Mailbox> from, Optional<String> subject)
            implements RunEffect {}

    /** Merge properties (a JSON object text; a null value removes a key) into the run's Profile. */
    record UpdateProfile(String stepId, String properties) implements RunEffect {}
}
