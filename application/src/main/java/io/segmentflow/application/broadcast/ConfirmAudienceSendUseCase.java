package io.segmentflow.application.broadcast;

import io.segmentflow.application.template.TemplatePreview;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.operator.Role;
import io.segmentflow.domain.workspace.WorkspaceId;

/**
 * What the dashboard's confirmation page does with a link's token, for a person working in a workspace: they review
 * the send, then confirm it, and the fan-out starts. A token that is unknown, malformed or of another workspace's
 * send is not found; one used or expired is refused ({@link io.segmentflow.domain.audience.ConfirmationRefusedException})
 * and starts nothing.
 */
public interface ConfirmAudienceSendUseCase {
    /** The Broadcast or NewsletterIssue the link would confirm, with its preflight, without using the link up. */
    ConfirmationReview review(WorkspaceId workspaceId, String token);

    /** The email the link would send, rendered with empty data, as long as the link could confirm it. */
    TemplatePreview email(WorkspaceId workspaceId, String token);

    /**
     * Uses the link up and starts the send: the carrier moves to sending and its fan-out job starts once that is
     * committed. Refused, with the link left as it was, when the carrier no longer awaits confirmation, or when
     * {@code role} (the confirming operator's in the workspace) sends nothing
     * ({@link Role.RoleRefusal}).
     */
    CarrierRef confirm(WorkspaceId workspaceId, Role role, String token);
}
