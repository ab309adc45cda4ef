package io.segmentflow.application.profileimport;

import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.profile.ProfileIdentity;
import java.util.Map;

/**
 * One row of an import, read and checked: who it names, the properties to merge into theirs (already within the
 * rules of {@link io.segmentflow.domain.profile.ProfileProperties}), and their consent per subscription group.
 */
record ImportedProfile(
        long line, ProfileIdentity identity, Map<String, Object> properties, Map<String, ConsentStatus> consents) {}
