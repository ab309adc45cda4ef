package io.segmentflow.application.port.out;

import io.segmentflow.domain.audience.AudienceCounts;
import io.segmentflow.domain.audience.AudienceMember;
import io.segmentflow.domain.audience.AudienceSpec;
import io.segmentflow.domain.audience.SegmentPreview;
import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;

/** The audience of an audience send, computed by the store (a segment's condition runs in the database). */
public interface Audiences {
    /** Preflight: the members of the audience counted by eligibility, in one pass of the database. */
    AudienceCounts count(WorkspaceId workspaceId, AudienceSpec audience);

    /**
     * Members in Profile id order after {@code afterProfileId} (null: from the first), at most {@code limit}, and
     * within {@code [fromProfileId, toProfileId)} when those are given (a partition of the fan-out); eligible or not,
     * so that the fan-out can count why each was skipped.
     */
    List<AudienceMember> page(
            WorkspaceId workspaceId,
            AudienceSpec audience,
            String fromProfileId,
            String toProfileId,
            String afterProfileId,
            int limit);

    /**
     * How many of the workspace's Profiles meet a segment's condition (consent aside), and the first
     * {@code sampleSize} of them in id order, in one pass of the database.
     */
    SegmentPreview preview(WorkspaceId workspaceId, Condition condition, int sampleSize);
}
