package io.segmentflow.application.port.out;

import io.segmentflow.domain.audience.Consent;
import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Each Profile's consent per subscription group; a Profile with nothing on record for a group has {@code never}. */
public interface Consents {
    /** Records the consent, replacing what the Profile said before about that group. */
    void set(Consent consent);

    /** Every consent on record for the Profile, in group id order (groups deleted since are left out). */
    List<Consent> of(WorkspaceId workspaceId, String profileId);

    /** The consent to the group of each of the Profiles that has one on record, in one query. */
    Map<String, ConsentStatus> statusesOf(
            WorkspaceId workspaceId, String subscriptionGroupId, Collection<String> profileIds);
}
