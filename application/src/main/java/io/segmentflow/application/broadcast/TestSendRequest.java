package io.segmentflow.application.broadcast;

import io.segmentflow.application.email.SendEmailCommand;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.domain.email.Mailbox;
import java.util.Objects;

/**
 * One email of an audience send to one address, to see it before it goes: a transactional send, not linked to the
 * carrier, so it is not counted in its results.
 *
 * @param data template state {@code /data/*}, a JSON object text
 */
public record TestSendRequest(Mailbox to, String data) {
    public TestSendRequest {
        if (to == null) {
            throw new ValidationFailedException("to", "is required");
        }
        data = Objects.requireNonNullElse(data, "{}");
        if (data.length() > SendEmailCommand.MAX_DATA_LENGTH) {
            throw new ValidationFailedException(
                    "data", "must be at most " + SendEmailCommand.MAX_DATA_LENGTH + " characters of JSON");
        }
    }
}
