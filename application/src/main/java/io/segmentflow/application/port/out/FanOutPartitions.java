package io.segmentflow.application.port.out;

import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;

/** The Profile-id boundaries that split a carrier's fan-out into partitions, kept so that a restart splits alike. */
public interface FanOutPartitions {
    /** The boundaries kept for the carrier, in order; empty when none are kept yet. */
    List<String> boundaries(CarrierRef carrier);

    /**
     * Keeps these boundaries for the carrier unless some are kept already, and answers those kept (the first caller's,
     * when two race).
     */
    List<String> keep(CarrierRef carrier, List<String> boundaries);

    /**
     * Profile ids that split the workspace's Profiles, in id order, into {@code parts} runs of about the same size:
     * the first id of each run but the first; fewer when there are fewer Profiles.
     */
    List<String> splitPoints(WorkspaceId workspaceId, int parts);
}
