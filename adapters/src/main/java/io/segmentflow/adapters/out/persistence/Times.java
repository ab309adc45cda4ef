package io.segmentflow.adapters.out.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Columns are TIMESTAMP WITH TIME ZONE, mapped as OffsetDateTime in UTC; the domain speaks Instant. */
final class Times {
    private Times() {}

    static OffsetDateTime column(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime column) {
        return column == null ? null : column.toInstant();
    }
}
