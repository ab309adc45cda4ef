package io.segmentflow.domain.profile;

import java.time.Instant;

/** What {@link ProfileIdentity#match} decided. */
public sealed interface ProfileMatch {
    /**
     * An existing Profile; {@code completed} is it with the identifiers it lacked attached (the same Profile when it
     * lacked none of those asked for).
     */
    record Found(Profile profile, ProfileIdentity asked) implements ProfileMatch {
        Found(Profile profile) {
            this(profile, null);
        }

        /** Whether the Profile gains an identifier, so that it must be stored again. */
        public boolean completes() {
            return asked != null
                    && ((profile.email() == null && asked.email() != null)
                            || (profile.externalId() == null && asked.externalId() != null));
        }

        public Profile completed(Instant now) {
            return completes() ? profile.completedWith(asked, now) : profile;
        }
    }

    /** No Profile holds either identifier: a new one is created with them. */
    record Create(ProfileIdentity identity) implements ProfileMatch {}

    /** The identifiers name different people; nothing is changed. */
    record Conflict(String reason) implements ProfileMatch {}
}
