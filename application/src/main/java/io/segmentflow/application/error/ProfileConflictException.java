package io.segmentflow.application.error;

/** The email and the externalId of a request name two different Profiles; nothing was changed. */
public class ProfileConflictException extends ApplicationException {
    public ProfileConflictException(String reason) {
        super("profile_conflict", reason + "; change a profile's identifiers with PATCH /api/v1/profiles/{id}");
    }
}
