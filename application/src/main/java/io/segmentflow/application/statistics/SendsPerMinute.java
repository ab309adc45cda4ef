package io.segmentflow.application.statistics;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A workspace's sends per minute over a window, every minute of it present (a quiet minute counts zero), oldest
 * first; the last minute is the one going on.
 */
public record SendsPerMinute(List<Minute> minutes) {
    /** The counts of one minute, by event. */
    public record Minute(Instant start, Map<SendEvent, Long> counts) {
        public Minute {
            counts = Map.copyOf(counts);
        }

        public long count(SendEvent event) {
            return counts.getOrDefault(event, 0L);
        }
    }

    public SendsPerMinute {
        minutes = List.copyOf(minutes);
    }

    /** The whole window's counts, by event, every event present. */
    public Map<SendEvent, Long> totals() {
        Map<SendEvent, Long> totals = new EnumMap<>(SendEvent.class);
        for (SendEvent event : SendEvent.values()) {
            totals.put(event, minutes.stream().mapToLong(m -> m.count(event)).sum());
        }
        return totals;
    }
}
