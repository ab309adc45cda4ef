package io.segmentflow.application.profile;

import io.segmentflow.application.Page;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.profile.ProfileIdentity;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;
import java.util.Optional;

/**
 * A workspace's Profiles: looked up, listed, edited and erased; upserted by the requests that name a person
 * (events.track, journeys.trigger). emails.send finds its recipients' Profiles through the same rules.
 */
public interface ManageProfilesUseCase {
    int DEFAULT_LIMIT = 20;
    int MAX_LIMIT = 100;

    /**
     * An edit of a Profile by its id. Each part is optional (null leaves it as it is).
     *
     * @param email another address for the Profile, unless another Profile holds it
     * @param externalId another external id for the Profile, unless another Profile holds it
     * @param properties a JSON object text merged into the properties at the top level; a null value removes a key
     */
    record ProfileChange(EmailAddress email, String externalId, String properties) {}

    /** @throws io.segmentflow.application.error.NotFoundException when the workspace has no such Profile */
    Profile get(WorkspaceId workspaceId, String id);

    Optional<Profile> findByEmail(WorkspaceId workspaceId, EmailAddress email);

    Optional<Profile> findByExternalId(WorkspaceId workspaceId, String externalId);

    /**
     * Profiles in id order after {@code cursor} (a page's {@code nextCursor}, opaque; null: from the first), at most
     * {@code limit}.
     *
     * @throws io.segmentflow.application.error.ValidationFailedException when limit is not 1..{@value #MAX_LIMIT} or
     *     the cursor is not one a page gave
     */
    Page<Profile> list(WorkspaceId workspaceId, String cursor, int limit);

    /**
     * Applies the change.
     *
     * @throws io.segmentflow.application.error.NotFoundException when the workspace has no such Profile
     * @throws io.segmentflow.application.error.ProfileConflictException when another Profile holds the new email or
     *     externalId
     */
    Profile update(WorkspaceId workspaceId, String id, ProfileChange change);

    /**
     * Erases the Profile: it and its properties are removed, and what refers to it forgets the person (its
     * EmailSends keep the address but lose their data).
     *
     * @throws io.segmentflow.application.error.NotFoundException when the workspace has no such Profile
     */
    void erase(WorkspaceId workspaceId, String id);

    /**
     * The Profile the identity names ({@link ProfileIdentity#match}), created if there is none, with the properties
     * patch merged in. Joins the caller's transaction when there is one, so that the upsert commits with the event
     * or run that caused it.
     *
     * @param propertiesPatch a JSON object text, or null for none; refusals name it {@code profile.properties}
     * @throws io.segmentflow.application.error.ProfileConflictException when the email and externalId name two
     *     different Profiles
     */
    Profile upsert(WorkspaceId workspaceId, ProfileIdentity identity, String propertiesPatch);

    /** One request's {@link #upsert}: the identity it names and its properties patch (null for none). */
    record ProfileUpsert(ProfileIdentity identity, String propertiesPatch) {}

    /**
     * What became of one upsert of {@link #upsertAll}: the Profile as that request left it, or why it was refused
     * (what {@link #upsert} would have thrown).
     */
    record Upserted(Profile profile, RuntimeException refusal) {
        public Profile profileOrThrow() {
            if (refusal != null) {
                throw refusal;
            }
            return profile;
        }
    }

    /**
     * {@link #upsert} for many requests at once, in the caller's transaction, set-wise: each request ends as it
     * would have alone, applied in the order given (two requests naming one Profile both apply, the later on top of
     * the earlier), and a refused request changes nothing and stops no other. The answers are in request order.
     */
    List<Upserted> upsertAll(WorkspaceId workspaceId, List<ProfileUpsert> upserts);
}
