package io.segmentflow.domain.audience;

import java.util.Locale;

/** Why a member of an audience does not get its email; the wire name is the lower-case constant name. */
public enum Exclusion {
    NO_ADDRESS,
    SUPPRESSED,
    UNSUBSCRIBED,
    /** Never subscribed to an opt-in group. */
    NEVER_SUBSCRIBED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
