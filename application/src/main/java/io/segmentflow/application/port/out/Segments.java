package io.segmentflow.application.port.out;

import io.segmentflow.domain.audience.Segment;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A workspace's segments. */
public interface Segments {
    void add(Segment segment);

    void update(Segment segment);

    /** The segment unless it is deleted or another workspace's. */
    Optional<Segment> find(WorkspaceId workspaceId, String id);

    /** Segments in id order after {@code afterId} (null: from the first), at most {@code limit}. */
    List<Segment> list(WorkspaceId workspaceId, String afterId, int limit);

    /** Deletes the segment; false when the workspace has no such segment. */
    boolean remove(WorkspaceId workspaceId, String id, Instant now);
}
