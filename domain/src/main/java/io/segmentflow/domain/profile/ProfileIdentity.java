package io.segmentflow.domain.profile;

import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.shared.InvalidValueException;
import java.util.Objects;
import java.util.Optional;

/**
 * How a request names a Profile: by email address, by the caller's own id for the person ({@code externalId}), or
 * both. The rules that find its Profile ({@link #match}) never change an identifier a Profile already has; they only
 * fill one it lacks. Changing one is an explicit edit of the Profile by its id.
 */
public record ProfileIdentity(EmailAddress email, String externalId) {
    public static final int MAX_EXTERNAL_ID_LENGTH = 255;

    public ProfileIdentity {
        if (email == null && externalId == null) {
            throw new InvalidValueException("profile", "needs an email, an externalId or both");
        }
        if (externalId != null) {
            checkExternalId(externalId);
        }
    }

    public static ProfileIdentity ofEmail(EmailAddress email) {
        return new ProfileIdentity(Objects.requireNonNull(email, "email"), null);
    }

    public static ProfileIdentity ofExternalId(String externalId) {
        return new ProfileIdentity(null, Objects.requireNonNull(externalId, "externalId"));
    }

    static String checkExternalId(String externalId) {
        if (externalId.isBlank() || externalId.length() > MAX_EXTERNAL_ID_LENGTH) {
            throw new InvalidValueException(
                    "externalId", "must be 1-" + MAX_EXTERNAL_ID_LENGTH + " characters, not all blank");
        }
        return externalId;
    }

    /**
     * Which Profile this identity names, given the Profile that holds its email and the one that holds its
     * externalId in the workspace (each empty when none does, or when the identity does not give that identifier):
     * <ul>
     *   <li>both found and the same, or only one asked for and found: that Profile;</li>
     *   <li>the externalId's Profile has no email: that Profile, and the email is attached to it;</li>
     *   <li>the email's Profile has no externalId: that Profile, and the externalId is attached to it;</li>
     *   <li>neither found: a new Profile with both;</li>
     *   <li>otherwise the two identifiers name different people (two Profiles, or a Profile that already has
     *       another email or externalId): a {@link ProfileMatch.Conflict}.</li>
     * </ul>
     */
    public ProfileMatch match(Optional<Profile> byEmail, Optional<Profile> byExternalId) {
        if (byEmail.isPresent() && byExternalId.isPresent()) {
            if (byEmail.get().id().equals(byExternalId.get().id())) {
                return new ProfileMatch.Found(byEmail.get());
            }
            return new ProfileMatch.Conflict("email " + email.value() + " belongs to profile "
                    + byEmail.get().id() + " and externalId '" + externalId + "' to profile "
                    + byExternalId.get().id());
        }
        if (byExternalId.isPresent()) {
            Profile profile = byExternalId.get();
            if (email == null || profile.email() == null) {
                return new ProfileMatch.Found(profile, this);
            }
            return new ProfileMatch.Conflict("externalId '" + externalId + "' belongs to profile " + profile.id()
                    + ", whose email is another than " + email.value());
        }
        if (byEmail.isPresent()) {
            Profile profile = byEmail.get();
            if (externalId == null || profile.externalId() == null) {
                return new ProfileMatch.Found(profile, this);
            }
            return new ProfileMatch.Conflict("email " + email.value() + " belongs to profile " + profile.id()
                    + ", whose externalId is another than '" + externalId + "'");
        }
        return new ProfileMatch.Create(this);
    }

    /**
     * Which Profile a send to this identity's email is linked to: a send goes to an address, so its Profile is
     * always one that has that address. The {@link #match} rules apply where they can; where the externalId names
     * someone else, it is left out: the address's Profile, or a new Profile with the address alone.
     */
    public ProfileMatch matchForSend(Optional<Profile> byEmail, Optional<Profile> byExternalId) {
        Objects.requireNonNull(email, "a send's profile is found by its address");
        ProfileMatch match = match(byEmail, byExternalId);
        if (match instanceof ProfileMatch.Conflict) {
            return ofEmail(email).match(byEmail, Optional.empty());
        }
        return match;
    }
}
