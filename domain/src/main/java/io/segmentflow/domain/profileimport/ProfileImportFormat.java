package io.segmentflow.domain.profileimport;

import java.util.Locale;

/** How an upload writes its Profiles; the wire name is the lower-case constant name. */
public enum ProfileImportFormat {
    /** A header row naming the columns, then one Profile per row (RFC 4180 quoting). */
    CSV,
    /** One JSON object per line: {@code {email, externalId, properties, subscriptions}}. */
    NDJSON;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
