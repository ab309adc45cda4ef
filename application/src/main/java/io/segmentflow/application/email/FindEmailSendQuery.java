package io.segmentflow.application.email;

import io.segmentflow.domain.email.DeliveryAttempt;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;

/** Reads one EmailSend of a workspace. */
public interface FindEmailSendQuery {
    /** @throws io.segmentflow.application.error.NotFoundException when the workspace has no such send */
    EmailSend find(WorkspaceId workspaceId, String id);

    /** The send's finished delivery attempts, oldest first; empty when the workspace has no such send. */
    List<DeliveryAttempt> attempts(WorkspaceId workspaceId, String id);
}
