package io.segmentflow.adapters.out.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Columns are TIMESTAMP WITH TIME ZONE, mapped as OffsetDateTime in UTC; the domain speaks Instant. They keep
 * microseconds: an instant is written cut to them, so that what was written reads back equal to {@link #asStored}.
 */
final class Times {
    private Times() {}

    static OffsetDateTime column(Instant instant) {
        return instant == null ? null : asStored(instant).atOffset(ZoneOffset.UTC);
    }

    /** The instant as its column keeps it. */
    static Instant asStored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    static Instant instant(OffsetDateTime column) {
        return column == null ? null : column.toInstant();
    }
}
