package io.segmentflow.domain.sender;

import java.util.List;
import java.util.Locale;

/**
 * What verification found for one {@link DnsRecord}.
 *
 * @param found the TXT values published under the record's name (those that bear on it)
 * @param problem what is missing or wrong, in words; null when the record is as it should be
 */
public record RecordCheck(DnsRecord.Purpose purpose, String name, Result result, List<String> found, String problem) {
    public RecordCheck {
        found = List.copyOf(found);
    }

    /** How a published record compares with the one asked for. */
    public enum Result {
        /** Published as asked. */
        OK,
        /** Nothing published under the name. */
        MISSING,
        /** Something is published under the name, but not what is asked for. */
        WRONG,
        /** DNS did not answer. */
        UNKNOWN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Result fromWire(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
