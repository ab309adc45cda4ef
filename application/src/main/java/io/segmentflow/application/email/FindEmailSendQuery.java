package io.segmentflow.application.email;

import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.workspace.WorkspaceId;

/** Reads one EmailSend of a workspace. */
public interface FindEmailSendQuery {
    /** @throws io.segmentflow.application.error.NotFoundException when the workspace has no such send */
    EmailSend find(WorkspaceId workspaceId, String id);
}
