package io.segmentflow.domain.audience;

import java.util.Map;
import java.util.TreeMap;

/**
 * What became of the EmailSends a carrier's fan-out wrote, by status, and of the skipped ones by reason
 * ({@code unsubscribed}, {@code suppressed}, ...). A test send is not one of them.
 */
public record SendResults(long queued, long sent, long failed, long skipped, Map<String, Long> skippedByReason) {
    public static final SendResults NONE = new SendResults(0, 0, 0, 0, Map.of());

    public SendResults {
        skippedByReason = Map.copyOf(new TreeMap<>(skippedByReason));
    }

    /** Every EmailSend written. */
    public long total() {
        return queued + sent + failed + skipped;
    }
}
