package io.segmentflow.application.event;

import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.event.UserEvent;
import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.profile.ProfileIdentity;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * events.track: one business event for one Profile.
 *
 * @param fingerprint a digest of the request, to tell a retry from a different request under the same key
 * @param profile who the event is about: the Profile is found or created by these identifiers
 * @param properties the Profile properties to merge in, a JSON object text, or null
 * @param data the event's payload, a JSON object text (template state {@code /event/*})
 * @param occurredAt when it happened, or null for now
 */
public record TrackEventCommand(
        WorkspaceId workspaceId,
        IdempotencyKey idempotencyKey,
        String fingerprint,
        EventName event,
        ProfileIdentity profile,
        String properties,
        String data,
        String referenceId,
        Instant occurredAt) {
    public static final int MAX_DATA_LENGTH = 256 * 1024;

    public TrackEventCommand {
        Objects.requireNonNull(workspaceId);
        Objects.requireNonNull(idempotencyKey);
        Objects.requireNonNull(fingerprint);
        Objects.requireNonNull(event);
        data = data == null ? "{}" : data;
        Objects.requireNonNull(profile);
        List<FieldError> errors = new ArrayList<>();
        if (data.length() > MAX_DATA_LENGTH) {
            errors.add(new FieldError("data", "must be at most " + MAX_DATA_LENGTH + " characters of JSON"));
        }
        if (properties != null && properties.length() > MAX_DATA_LENGTH) {
            errors.add(
                    new FieldError("profile.properties", "must be at most " + MAX_DATA_LENGTH + " characters of JSON"));
        }
        if (referenceId != null && (referenceId.isBlank() || referenceId.length() > UserEvent.MAX_REFERENCE_LENGTH)) {
            errors.add(new FieldError("referenceId", "must be 1-" + UserEvent.MAX_REFERENCE_LENGTH + " characters"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
    }
}
