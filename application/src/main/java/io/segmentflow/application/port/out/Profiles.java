package io.segmentflow.application.port.out;

import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Profiles, one per email address per workspace. */
public interface Profiles {
    /** The profile of this address, created if there is none; a given external id is recorded. */
    Profile upsert(WorkspaceId workspaceId, EmailAddress email, String externalId, Instant now);

    /** A recipient to upsert: its address and, when the caller knows it, its external id. */
    record Recipient(EmailAddress email, String externalId) {}

    /**
     * {@link #upsert} for many recipients at once, set-wise: the profile of each address. When an address
     * comes more than once, the first external id given for it is the one recorded.
     */
    Map<EmailAddress, Profile> upsertAll(WorkspaceId workspaceId, Collection<Recipient> recipients, Instant now);

    Optional<Profile> find(WorkspaceId workspaceId, String id);

    /** Those of the profiles that the workspace has, by id, in one query. */
    Map<String, Profile> findAll(WorkspaceId workspaceId, Collection<String> ids);

    /** Replaces a profile's properties (a JSON object text). */
    void updateProperties(WorkspaceId workspaceId, String id, String properties, Instant now);

    /** The properties (a JSON object text) of those of the profiles that the workspace has, in one query. */
    Map<String, String> propertiesOf(WorkspaceId workspaceId, Collection<String> ids);
}
