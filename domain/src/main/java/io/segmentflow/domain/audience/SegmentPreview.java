package io.segmentflow.domain.audience;

import java.util.List;

/**
 * How many Profiles a segment's condition picks, and a few of them (the first in id order) to show.
 *
 * @param sampleProfileIds at most the sample size asked for, in Profile id order
 */
public record SegmentPreview(long count, List<String> sampleProfileIds) {
    public SegmentPreview {
        sampleProfileIds = List.copyOf(sampleProfileIds);
    }
}
