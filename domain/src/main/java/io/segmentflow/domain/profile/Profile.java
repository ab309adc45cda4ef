package io.segmentflow.domain.profile;

import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Objects;

/**
 * A person a workspace sends to, known by email address, by the caller's own id for them ({@code externalId}), or
 * both: each identifies at most one Profile per workspace (see {@link ProfileIdentity} for how a request finds its
 * Profile). Its properties are durable template state ({@code /profile/*}), a JSON object text kept within
 * {@link ProfileProperties}' limits.
 *
 * @param email null for a Profile known only by its external id
 * @param externalId null for a Profile known only by its address
 */
public record Profile(
        String id,
        WorkspaceId workspaceId,
        EmailAddress email,
        String externalId,
        String properties,
        Instant createdAt,
        Instant updatedAt) {
    public Profile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        if (email == null && externalId == null) {
            throw new IllegalArgumentException("a profile has an email, an externalId or both");
        }
        properties = properties == null ? ProfileProperties.EMPTY : properties;
    }

    /** A new Profile with the identifiers asked for and no properties. */
    public static Profile create(String id, WorkspaceId workspaceId, ProfileIdentity identity, Instant now) {
        return new Profile(id, workspaceId, identity.email(), identity.externalId(), ProfileProperties.EMPTY, now, now);
    }

    /** This Profile with the identifiers a match found it lacking, as {@link ProfileMatch.Found} tells. */
    public Profile completedWith(ProfileIdentity identity, Instant now) {
        EmailAddress newEmail = email == null ? identity.email() : email;
        String newExternalId = externalId == null ? identity.externalId() : externalId;
        if (Objects.equals(newEmail, email) && Objects.equals(newExternalId, externalId)) {
            return this;
        }
        return new Profile(id, workspaceId, newEmail, newExternalId, properties, createdAt, now);
    }

    /** This Profile under other identifiers (null keeps the one it has): a change its owner asked for by id. */
    public Profile reidentified(EmailAddress newEmail, String newExternalId, Instant now) {
        EmailAddress email = newEmail == null ? this.email : newEmail;
        String externalId = newExternalId == null ? this.externalId : ProfileIdentity.checkExternalId(newExternalId);
        return new Profile(id, workspaceId, email, externalId, properties, createdAt, now);
    }

    /** This Profile with the given properties (a JSON object text already within the limits). */
    public Profile withProperties(String newProperties, Instant now) {
        return new Profile(id, workspaceId, email, externalId, newProperties, createdAt, now);
    }
}
