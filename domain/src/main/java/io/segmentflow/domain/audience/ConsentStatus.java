package io.segmentflow.domain.audience;

import java.util.Locale;

/** A Profile's consent to one subscription group; the wire name is the lower-case constant name. */
public enum ConsentStatus {
    SUBSCRIBED,
    UNSUBSCRIBED,
    /** The Profile never said either way. */
    NEVER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
