package io.segmentflow.application.journey;

import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.profile.ProfileIdentity;
import io.segmentflow.domain.workspace.WorkspaceId;
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
        ProfileIdentity profile,
        String data) {
    public static final int MAX_DATA_LENGTH = 256 * 1024;

    public TriggerJourneyCommand {
        Objects.requireNonNull(workspaceId);
        Objects.requireNonNull(journeyId);
        Objects.requireNonNull(idempotencyKey);
        Objects.requireNonNull(fingerprint);
        Objects.requireNonNull(profile);
        data = data == null ? "{}" : data;
        if (data.length() > MAX_DATA_LENGTH) {
            throw new ValidationFailedException("data", "must be at most " + MAX_DATA_LENGTH + " characters of JSON");
        }
    }
}
