package io.segmentflow.application.audience;

import io.segmentflow.application.Page;
import io.segmentflow.domain.audience.Segment;
import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;

/** A workspace's segments: named conditions on Profile properties, previewed before an audience send uses them. */
public interface ManageSegmentsUseCase {
    int DEFAULT_LIMIT = 20;
    int MAX_LIMIT = 100;
    int DEFAULT_SAMPLE = 10;
    int MAX_SAMPLE = 100;

    /** How many Profiles a segment picks now, and the first of them. */
    record Preview(long count, List<Profile> sample) {}

    Segment create(WorkspaceId workspaceId, String name, Condition condition);

    /** @throws io.segmentflow.application.error.NotFoundException when the workspace has no such segment */
    Segment get(WorkspaceId workspaceId, String id);

    Page<Segment> list(WorkspaceId workspaceId, String cursor, int limit);

    /** @throws io.segmentflow.application.error.NotFoundException when the workspace has no such segment */
    Segment update(WorkspaceId workspaceId, String id, String name, Condition condition);

    /** @throws io.segmentflow.application.error.NotFoundException when the workspace has no such segment */
    void delete(WorkspaceId workspaceId, String id);

    /**
     * @throws io.segmentflow.application.error.NotFoundException when the workspace has no such segment
     * @throws io.segmentflow.application.error.ValidationFailedException when the sample size is not 0..{@value
     *     #MAX_SAMPLE}
     */
    Preview preview(WorkspaceId workspaceId, String id, int sampleSize);
}
