package io.segmentflow.domain.audience;

import io.segmentflow.domain.shared.InvalidValueException;
import java.util.Locale;

/** Where a consent came from; the wire name is the lower-case constant name. */
public enum ConsentSource {
    /** Set through the Profiles API. */
    API,
    /** The Profile's one-click unsubscribe link in an email. */
    UNSUBSCRIBE_LINK,
    /** A bulk import of Profiles. */
    IMPORT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConsentSource fromWire(String value) {
        for (ConsentSource source : values()) {
            if (source.wireName().equals(value)) {
                return source;
            }
        }
        throw new InvalidValueException("source", "must be one of: api, unsubscribe_link, import");
    }
}
