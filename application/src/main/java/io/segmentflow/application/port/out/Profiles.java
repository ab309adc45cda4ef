package io.segmentflow.application.port.out;

import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Profiles, each known in its workspace by email, by externalId or both; neither identifier is held by two
 * Profiles of one workspace. Every method runs inside a transaction.
 */
public interface Profiles {
    /** {@link #upsertAll} for one recipient. */
    Profile upsert(WorkspaceId workspaceId, EmailAddress email, String externalId, Instant now);

    /** A recipient to upsert: its address and, when the caller knows it, its external id. */
    record Recipient(EmailAddress email, String externalId) {}

    /**
     * The Profile of each recipient's address, as {@link io.segmentflow.domain.profile.ProfileIdentity#matchForSend}
     * finds it (created when there is none), set-wise: emails.send and emails.batchSend link each send to it. When
     * an address comes more than once, the first external id given for it is the one matched.
     */
    Map<EmailAddress, Profile> upsertAll(WorkspaceId workspaceId, Collection<Recipient> recipients, Instant now);

    Optional<Profile> find(WorkspaceId workspaceId, String id);

    /** Those of the profiles that the workspace has, by id, in one query. */
    Map<String, Profile> findAll(WorkspaceId workspaceId, Collection<String> ids);

    Optional<Profile> findByEmail(WorkspaceId workspaceId, EmailAddress email);

    Optional<Profile> findByExternalId(WorkspaceId workspaceId, String externalId);

    /**
     * The same as {@link #find}, but the Profile is locked against other writers until the transaction ends, so that
     * a read-modify-write of its properties loses no concurrent change. Must run inside a transaction.
     */
    Optional<Profile> lock(WorkspaceId workspaceId, String id);

    /** Profiles in id order after {@code afterId} (null: from the first), at most {@code limit}. */
    List<Profile> list(WorkspaceId workspaceId, String afterId, int limit);

    /**
     * Stores a Profile's identifiers and properties.
     *
     * @throws io.segmentflow.application.error.ConcurrentRequestException when another request gave one of its
     *     identifiers to another Profile at the same moment
     */
    void update(Profile profile);

    /** Removes the Profile; false when the workspace has none with that id. */
    boolean remove(WorkspaceId workspaceId, String id);

    /** The properties (a JSON object text) of those of the profiles that the workspace has, in one query. */
    Map<String, String> propertiesOf(WorkspaceId workspaceId, Collection<String> ids);

    /**
     * The Profiles that hold these addresses, locked as {@link #lock} (in one order for every writer, so that two
     * writers of the same Profiles cannot deadlock), in one query per few hundred addresses.
     */
    Map<EmailAddress, Profile> lockAllByEmail(WorkspaceId workspaceId, Collection<EmailAddress> emails);

    /** {@link #lockAllByEmail} by external id. */
    Map<String, Profile> lockAllByExternalId(WorkspaceId workspaceId, Collection<String> externalIds);

    /**
     * Adds new Profiles in one batch, each unless another Profile of its workspace holds its email or externalId
     * (another request may just have added it).
     *
     * @return the ids of the Profiles not added for that reason
     */
    Set<String> addAll(List<Profile> profiles);

    /** {@link #update} for many Profiles in one batch. */
    void updateAll(List<Profile> profiles);
}
