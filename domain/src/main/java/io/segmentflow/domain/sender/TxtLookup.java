package io.segmentflow.domain.sender;

import java.util.List;

/** What DNS answered when asked for the TXT records of a name. */
public sealed interface TxtLookup {
    /** The name has TXT records: each one's strings joined, as a receiver reads them. */
    record Found(List<String> values) implements TxtLookup {
        public Found {
            values = List.copyOf(values);
        }
    }

    /** The name does not exist, or has no TXT record. */
    record Absent() implements TxtLookup {}

    /** DNS gave no answer (a time-out, a server failure): nothing can be said either way. */
    record Unanswered(String reason) implements TxtLookup {}
}
