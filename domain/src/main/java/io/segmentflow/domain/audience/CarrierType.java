package io.segmentflow.domain.audience;

import java.util.Locale;

/** What carries an audience send; the wire name is the lower-case constant name. */
public enum CarrierType {
    BROADCAST,
    NEWSLETTER_ISSUE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
