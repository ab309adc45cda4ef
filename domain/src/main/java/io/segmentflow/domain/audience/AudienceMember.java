package io.segmentflow.domain.audience;

import io.segmentflow.domain.email.EmailAddress;
import java.util.Objects;

/**
 * One Profile of an audience as the fan-out reads it: its address, its consent to the send's subscription group,
 * and whether its address is on the suppression list.
 *
 * @param email null when the Profile has no address (it is skipped)
 */
public record AudienceMember(String profileId, EmailAddress email, ConsentStatus consent, boolean suppressed) {
    public AudienceMember {
        Objects.requireNonNull(profileId, "profileId");
        Objects.requireNonNull(consent, "consent");
    }
}
