package io.segmentflow.application.fanout;

import io.segmentflow.domain.audience.Exclusion;
import java.util.Map;

/**
 * What one chunk of a fan-out wrote.
 *
 * @param queued sends written queued, for eligible members
 * @param skipped sends written skipped, by reason (a member without an address gets one that names no recipient)
 * @param alreadyWritten members who already had their send (a restarted job reads them again): nothing was written
 */
public record FanOutChunk(int queued, Map<Exclusion, Integer> skipped, int alreadyWritten) {
    public FanOutChunk {
        skipped = Map.copyOf(skipped);
    }
}
