package io.segmentflow.adapters.out.persistence;

import io.segmentflow.domain.email.DeliveryProgress;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendDetails;
import io.segmentflow.domain.email.EmailSendStatus;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.RecipientKind;
import io.segmentflow.domain.email.SendPriority;
import io.segmentflow.domain.email.Tracking;
import io.segmentflow.domain.email.WithheldRecipient;
import io.segmentflow.domain.suppression.SuppressionReason;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

@Entity
@Table(name = "email_sends")
class EmailSendEntity {
    @Id
    String id;

    @Column(name = "workspace_id")
    String workspaceId;

    @Column(name = "profile_id")
    String profileId;

    @Column(name = "template_id")
    String templateId;

    @Column(name = "template_snapshot_id")
    String templateSnapshotId;

    @Column(name = "to_email")
    String toEmail;

    @Column(name = "to_name")
    String toName;

    @Column(name = "to_external_id")
    String toExternalId;

    @Column(name = "from_email")
    String fromEmail;

    @Column(name = "from_name")
    String fromName;

    @Column(name = "reply_to")
    String replyTo;

    String subject;
    /** Addresses separated by commas (an address never holds one: the domain refuses it). */
    String cc;

    String bcc;
    String data;

    @Column(name = "track_clicks")
    boolean trackClicks;

    @Column(name = "track_opens")
    boolean trackOpens;

    short priority;

    @Column(name = "message_id")
    String messageId;

    @Column(name = "idempotency_key")
    String idempotencyKey;

    String status;
    int attempts;

    @Column(name = "next_attempt_at")
    OffsetDateTime nextAttemptAt;

    @Column(name = "lease_until")
    OffsetDateTime leaseUntil;

    @Column(name = "last_reply")
    String lastReply;

    @Column(name = "failure_message")
    String failureMessage;

    @Column(name = "created_at")
    OffsetDateTime createdAt;

    @Column(name = "updated_at")
    OffsetDateTime updatedAt;
    /** One line per withheld recipient: kind, suppression reason, address (see {@link #withheldColumn}). */
    @Column(name = "withheld_recipients")
    String withheldRecipients;

    static EmailSendEntity of(EmailSend send) {
        EmailSendDetails d = send.details();
        EmailSendEntity e = new EmailSendEntity();
        e.id = d.id();
        e.workspaceId = d.workspaceId().value();
        e.profileId = d.profileId();
        e.templateId = d.templateId();
        e.templateSnapshotId = d.templateSnapshotId();
        e.toEmail = d.to().address().value();
        e.toName = d.to().displayName();
        e.toExternalId = d.toExternalId();
        e.fromEmail = d.from().address().value();
        e.fromName = d.from().displayName();
        e.replyTo = d.replyTo() == null ? null : d.replyTo().value();
        e.subject = d.subject();
        e.cc = join(d.cc());
        e.bcc = join(d.bcc());
        e.data = d.data();
        e.trackClicks = d.tracking().clicks();
        e.trackOpens = d.tracking().opens();
        e.priority = (short) d.priority().rank();
        e.messageId = d.messageId();
        e.idempotencyKey = d.idempotencyKey();
        e.createdAt = Times.column(d.createdAt());
        e.copyProgress(send.progress());
        e.withheldRecipients = withheldColumn(send.withheld());
        return e;
    }

    void copyProgress(DeliveryProgress p) {
        status = p.status().wireName();
        attempts = p.attempts();
        nextAttemptAt = Times.column(p.nextAttemptAt());
        leaseUntil = Times.column(p.leaseUntil());
        lastReply = p.lastReply();
        failureMessage = p.failureMessage();
        updatedAt = Times.column(p.updatedAt());
    }

    EmailSend toDomain() {
        EmailSendDetails details = new EmailSendDetails(
                id,
                new WorkspaceId(workspaceId),
                profileId,
                templateId,
                templateSnapshotId,
                new Mailbox(new EmailAddress(toEmail), toName),
                toExternalId,
                new Mailbox(new EmailAddress(fromEmail), fromName),
                replyTo == null ? null : new EmailAddress(replyTo),
                subject,
                split(cc),
                split(bcc),
                data,
                new Tracking(trackClicks, trackOpens),
                SendPriority.ofRank(priority),
                messageId,
                idempotencyKey,
                Times.instant(createdAt));
        DeliveryProgress progress = new DeliveryProgress(
                EmailSendStatus.valueOf(status.toUpperCase(Locale.ROOT)),
                attempts,
                Times.instant(nextAttemptAt),
                Times.instant(leaseUntil),
                lastReply,
                failureMessage,
                Times.instant(updatedAt));
        return EmailSend.restore(details, progress, withheld(withheldRecipients));
    }

    /** The column's text for the withheld recipients: null for none. */
    static String withheldColumn(List<WithheldRecipient> withheld) {
        return withheld.isEmpty()
                ? null
                : withheld.stream()
                        .map(w -> w.kind().wireName() + " "
                                + w.suppressionReason().wireName() + " "
                                + w.address().value())
                        .collect(Collectors.joining("\n"));
    }

    private static List<WithheldRecipient> withheld(String column) {
        return column == null || column.isEmpty()
                ? List.of()
                : column.lines()
                        .map(line -> {
                            String[] fields = line.split(" ", 3);
                            return new WithheldRecipient(
                                    new EmailAddress(fields[2]),
                                    RecipientKind.fromWire(fields[0]),
                                    SuppressionReason.fromWire(fields[1]));
                        })
                        .toList();
    }

    private static String join(List<EmailAddress> addresses) {
        return addresses.isEmpty()
                ? null
                : addresses.stream().map(EmailAddress::value).collect(Collectors.joining(","));
    }

    private static List<EmailAddress> split(String addresses) {
        return addresses == null || addresses.isEmpty()
                ? List.of()
                : Arrays.stream(addresses.split(",")).map(EmailAddress::new).toList();
    }
}
