package io.segmentflow.domain.audience;

import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A topic a workspace sends about ("Product news", "Weekly digest"), to which each Profile consents or not. As in
 * Customer.io, a group is either <b>opt-in</b>: only Profiles that subscribed get its emails, and a Profile that never
 * said either way does not; or <b>opt-out</b>: every Profile gets them until it unsubscribes, so a Profile that never
 * said either way does. An unsubscribed Profile never gets a group's emails.
 */
public record SubscriptionGroup(
        String id,
        WorkspaceId workspaceId,
        String name,
        String description,
        boolean optIn,
        Instant createdAt,
        Instant updatedAt) {
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_DESCRIPTION_LENGTH = 1000;

    public SubscriptionGroup {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        name = checkName(name);
        description = checkDescription(description);
    }

    public static SubscriptionGroup create(
            WorkspaceId workspaceId, String name, String description, boolean optIn, Instant now) {
        return new SubscriptionGroup(Identifier.next("sg", now), workspaceId, name, description, optIn, now, now);
    }

    /** This group renamed, described and set opt-in or opt-out anew. */
    public SubscriptionGroup edited(String newName, String newDescription, boolean newOptIn, Instant now) {
        return new SubscriptionGroup(id, workspaceId, newName, newDescription, newOptIn, createdAt, now);
    }

    /**
     * Why a member of an audience sent under this group does not get the email, or empty when it does. The reasons are
     * asked in the order {@link AudienceCounts} counts them: no address, suppressed, unsubscribed, never subscribed.
     */
    public Optional<Exclusion> exclusionOf(boolean hasAddress, boolean suppressed, ConsentStatus consent) {
        if (!hasAddress) {
            return Optional.of(Exclusion.NO_ADDRESS);
        }
        if (suppressed) {
            return Optional.of(Exclusion.SUPPRESSED);
        }
        if (consent == ConsentStatus.UNSUBSCRIBED) {
            return Optional.of(Exclusion.UNSUBSCRIBED);
        }
        if (consent == ConsentStatus.NEVER && optIn) {
            return Optional.of(Exclusion.NEVER_SUBSCRIBED);
        }
        return Optional.empty();
    }

    /** {@link #exclusionOf(boolean, boolean, ConsentStatus)} of one member as the fan-out reads it. */
    public Optional<Exclusion> exclusionOf(AudienceMember member) {
        return exclusionOf(member.email() != null, member.suppressed(), member.consent());
    }

    /** The consent of a Profile with nothing on record for this group. */
    public static ConsentStatus noRecord() {
        return ConsentStatus.NEVER;
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidValueException("name", "must not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidValueException("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        return name;
    }

    private static String checkDescription(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new InvalidValueException("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        return description;
    }
}
