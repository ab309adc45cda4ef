package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.Audiences;
import io.segmentflow.domain.audience.AudienceCounts;
import io.segmentflow.domain.audience.AudienceMember;
import io.segmentflow.domain.audience.AudienceSpec;
import io.segmentflow.domain.audience.SegmentPreview;
import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.ArrayList;
import java.util.List;

/** An audience of given counts, whoever asks; records which audiences were counted. */
public final class FixedAudiences implements Audiences {
    private AudienceCounts counts = new AudienceCounts(0, 0, 0, 0, 0, 0);
    private final List<AudienceSpec> counted = new ArrayList<>();

    public void counts(AudienceCounts counts) {
        this.counts = counts;
    }

    public List<AudienceSpec> counted() {
        return List.copyOf(counted);
    }

    @Override
    public AudienceCounts count(WorkspaceId workspaceId, AudienceSpec audience) {
        counted.add(audience);
        return counts;
    }

    @Override
    public List<AudienceMember> page(
            WorkspaceId workspaceId,
            AudienceSpec audience,
            String fromProfileId,
            String toProfileId,
            String afterProfileId,
            int limit) {
        return List.of();
    }

    @Override
    public SegmentPreview preview(WorkspaceId workspaceId, Condition condition, int sampleSize) {
        return new SegmentPreview(0, List.of());
    }
}
