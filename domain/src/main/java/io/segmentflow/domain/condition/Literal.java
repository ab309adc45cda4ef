package io.segmentflow.domain.condition;

import io.segmentflow.domain.shared.InvalidValueException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A value a field is compared with: text, a number or true/false. Text that is an ISO-8601 date or
 * date-time also orders as a moment, so {@code greater_than "2026-12-01"} compares dates.
 */
public sealed interface Literal {
    int MAX_TEXT_LENGTH = 1000;
    /** Beyond this, comparing numbers costs more than a condition should. */
    int MAX_DIGITS = 100;

    /** The plain Java value a field must hold to equal this literal (String, BigDecimal or Boolean). */
    Object value();

    record Text(String value) implements Literal {
        public Text {
            Objects.requireNonNull(value);
            if (value.length() > MAX_TEXT_LENGTH) {
                throw new InvalidValueException("value", "must be at most " + MAX_TEXT_LENGTH + " characters");
            }
        }
    }

    record Number(BigDecimal value) implements Literal {
        public Number {
            Objects.requireNonNull(value);
            if (value.precision() > MAX_DIGITS || Math.abs(value.scale()) > MAX_DIGITS * 10) {
                throw new InvalidValueException("value", "is too large a number");
            }
        }
    }

    record Flag(Boolean value) implements Literal {
        public Flag {
            Objects.requireNonNull(value);
        }
    }

    /**
     * The moment a text names: an offset date-time ({@code 2026-12-01T09:00:00+01:00}, {@code ...Z}) or a date
     * (its start in UTC); null for any other text.
     */
    static Instant momentOf(String text) {
        if (text.length() < 10 || text.length() > 40) {
            return null;
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notAMoment) {
            return null;
        }
    }
}
