package io.segmentflow.application.journey;

import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * journeys.trigger: start one named Journey for one Profile.
 *
 * @param fingerprint a digest of the request, to tell a retry from a different request under the same key
 * @param data the run's payload, a JSON object text (template state {@code /event/*})
 */
public record TriggerJourneyCommand(
        WorkspaceId workspaceId,
        String journeyId,
        IdempotencyKey idempotencyKey,
        String fingerprint,
        EmailAddress email,
        String externalId,
        String data) {
    public static final int MAX_DATA_LENGTH = 256 * 1024;
    public static final int MAX_EXTERNAL_ID_LENGTH = 255;

    public TriggerJourneyCommand {
        Objects.requireNonNull(workspaceId);
        Objects.requireNonNull(journeyId);
        Objects.requireNonNull(idempotencyKey);
        Objects.requireNonNull(fingerprint);
        data = data == null ? "{}" : data;
        List<FieldError> errors = new ArrayList<>();
        if (email == null) {
            errors.add(new FieldError("profile.email", "is required"));
        }
        if (externalId != null && (externalId.isBlank() || externalId.length() > MAX_EXTERNAL_ID_LENGTH)) {
            errors.add(new FieldError("profile.externalId", "must be 1-" + MAX_EXTERNAL_ID_LENGTH + " characters"));
        }
        if (data.length() > MAX_DATA_LENGTH) {
            errors.add(new FieldError("data", "must be at most " + MAX_DATA_LENGTH + " characters of JSON"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
    }
}
