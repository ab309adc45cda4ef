package io.segmentflow.application.port.out;

import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Optional;

/** Profiles, one per email address per workspace. */
public interface Profiles {
    /** The profile of this address, created if there is none; a given external id is recorded. */
    Profile upsert(WorkspaceId workspaceId, EmailAddress email, String externalId, Instant now);

    Optional<Profile> find(WorkspaceId workspaceId, String id);
}
