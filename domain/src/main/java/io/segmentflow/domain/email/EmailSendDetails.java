package io.segmentflow.domain.email;

import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What was asked for when a send was accepted; it never changes afterwards, so a retry delivers the
 * same message (same template snapshot, same data, same Message-ID).
 *
 * @param to      the recipient; null only for an audience member skipped at acceptance because its Profile has no
 *     address ({@link EmailSend#skipAtAcceptance}), a send that never goes out
 * @param subject an override of the template's subject, or null
 * @param data    the send's payload as a JSON object text, template state {@code /data/*}
 * @param journey the Journey run and step that queued it, or null for a send asked for through the API
 * @param audience the subscription group it is sent under and the Broadcast or NewsletterIssue that carries it, or
 *     null for a send under no group
 */
public record EmailSendDetails(
        String id,
        WorkspaceId workspaceId,
        String profileId,
        String templateId,
        String templateSnapshotId,
        Mailbox to,
        String toExternalId,
        Mailbox from,
        EmailAddress replyTo,
        String subject,
        List<EmailAddress> cc,
        List<EmailAddress> bcc,
        String data,
        Tracking tracking,
        SendPriority priority,
        String messageId,
        String idempotencyKey,
        Instant createdAt,
        JourneyLink journey,
        AudienceLink audience) {

    public EmailSendDetails {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(templateId, "templateId");
        Objects.requireNonNull(templateSnapshotId, "templateSnapshotId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(createdAt, "createdAt");
        cc = cc == null ? List.of() : List.copyOf(cc);
        bcc = bcc == null ? List.of() : List.copyOf(bcc);
        data = data == null ? "{}" : data;
        tracking = tracking == null ? Tracking.NONE : tracking;
        priority = priority == null ? SendPriority.TRANSACTIONAL : priority;
    }

    /** A send under no subscription group (a Journey's, or one asked for through the API without a group). */
    public EmailSendDetails(
            String id,
            WorkspaceId workspaceId,
            String profileId,
            String templateId,
            String templateSnapshotId,
            Mailbox to,
            String toExternalId,
            Mailbox from,
            EmailAddress replyTo,
            String subject,
            List<EmailAddress> cc,
            List<EmailAddress> bcc,
            String data,
            Tracking tracking,
            SendPriority priority,
            String messageId,
            String idempotencyKey,
            Instant createdAt,
            JourneyLink journey) {
        this(
                id,
                workspaceId,
                profileId,
                templateId,
                templateSnapshotId,
                to,
                toExternalId,
                from,
                replyTo,
                subject,
                cc,
                bcc,
                data,
                tracking,
                priority,
                messageId,
                idempotencyKey,
                createdAt,
                journey,
                null);
    }

    /** A send asked for through the API, not by a Journey. */
    public EmailSendDetails(
            String id,
            WorkspaceId workspaceId,
            String profileId,
            String templateId,
            String templateSnapshotId,
            Mailbox to,
            String toExternalId,
            Mailbox from,
            EmailAddress replyTo,
            String subject,
            List<EmailAddress> cc,
            List<EmailAddress> bcc,
            String data,
            Tracking tracking,
            SendPriority priority,
            String messageId,
            String idempotencyKey,
            Instant createdAt) {
        this(
                id,
                workspaceId,
                profileId,
                templateId,
                templateSnapshotId,
                to,
                toExternalId,
                from,
                replyTo,
                subject,
                cc,
                bcc,
                data,
                tracking,
                priority,
                messageId,
                idempotencyKey,
                createdAt,
                null);
    }

    /**
     * These details once the recipient's Profile is erased: the data, the recipient's name and external id, and the
     * link to the Profile are gone; the address stays, so that what was delivered where can still be told.
     */
    public EmailSendDetails forgettingProfile() {
        return new EmailSendDetails(
                id,
                workspaceId,
                null,
                templateId,
                templateSnapshotId,
                to == null ? null : Mailbox.of(to.address()),
                null,
                from,
                replyTo,
                subject,
                cc,
                bcc,
                "{}",
                tracking,
                priority,
                messageId,
                idempotencyKey,
                createdAt,
                journey,
                audience);
    }
}
