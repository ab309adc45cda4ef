package io.segmentflow.application.broadcast;

import io.segmentflow.domain.audience.CarrierStatus;
import io.segmentflow.domain.audience.CarrierType;
import io.segmentflow.domain.audience.SendResults;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;

/** What the dashboard reads of a workspace's Broadcasts and NewsletterIssues: the latest, and how one is going. */
public interface AudienceSendsQuery {
    int MAX_LIMIT = 100;

    /** How far a send has gone: what its fan-out wrote so far, and what became of those EmailSends. */
    record Progress(AudienceSend send, SendResults results) {
        /** Its fan-out is over and no EmailSend of it waits for delivery: nothing more will change. */
        public boolean done() {
            return (send.status() == CarrierStatus.SENT
                            || send.status() == CarrierStatus.FAILED
                            || send.status() == CarrierStatus.CANCELLED)
                    && results.queued() == 0;
        }
    }

    /** The workspace's Broadcasts, newest first. */
    List<AudienceSend> latestBroadcasts(WorkspaceId workspaceId, int limit);

    /** The workspace's NewsletterIssues of every Newsletter, newest first. */
    List<AudienceSend> latestIssues(WorkspaceId workspaceId, int limit);

    /** @throws io.segmentflow.application.error.NotFoundException when the workspace has no such Broadcast or Issue */
    Progress progress(WorkspaceId workspaceId, CarrierType type, String id);
}
