package io.segmentflow.application.email;

import io.segmentflow.domain.email.DeliveryAttempt;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendStatus;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;

/** Reads one EmailSend of a workspace. */
public interface FindEmailSendQuery {
    /** @throws io.segmentflow.application.error.NotFoundException when the workspace has no such send */
    EmailSend find(WorkspaceId workspaceId, String id);

    int MAX_SEARCH_LIMIT = 100;

    /**
     * The workspace's newest sends to {@code recipient} (null: to anyone) in {@code status} (null: in any), newest
     * first.
     */
    List<EmailSend> search(WorkspaceId workspaceId, EmailAddress recipient, EmailSendStatus status, int limit);

    /** The send's finished delivery attempts, oldest first; empty when the workspace has no such send. */
    List<DeliveryAttempt> attempts(WorkspaceId workspaceId, String id);
}
