package io.segmentflow.application.email;

import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.Tracking;
import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;

/** An emails.send request as a test writes it: sensible values, each of which a test may change. */
final class SendRequest {
    private WorkspaceId workspaceId;
    private String key = "order-1001-receipt";
    private String fingerprint = "fingerprint-of-request-1";
    private String templateId;
    private Mailbox to = Mailbox.parse("Ada Lovelace <ada@example.com>");
    private String toExternalId;
    private Mailbox from;
    private EmailAddress replyTo;
    private String subject;
    private List<EmailAddress> cc = List.of();
    private List<EmailAddress> bcc = List.of();
    private String data = "{\"name\":\"Ada\"}";
    private Tracking tracking;
    private String subscriptionGroupId;

    private SendRequest(WorkspaceId workspaceId, String templateId) {
        this.workspaceId = workspaceId;
        this.templateId = templateId;
    }

    static SendRequest of(WorkspaceId workspaceId, String templateId) {
        return new SendRequest(workspaceId, templateId);
    }

    SendRequest key(String key) {
        this.key = key;
        return this;
    }

    SendRequest fingerprint(String fingerprint) {
        this.fingerprint = fingerprint;
        return this;
    }

    SendRequest templateId(String templateId) {
        this.templateId = templateId;
        return this;
    }

    SendRequest to(String mailbox, String externalId) {
        this.to = Mailbox.parse(mailbox);
        this.toExternalId = externalId;
        return this;
    }

    SendRequest from(String mailbox) {
        this.from = Mailbox.parse(mailbox);
        return this;
    }

    SendRequest replyTo(String address) {
        this.replyTo = EmailAddress.of(address);
        return this;
    }

    SendRequest subject(String subject) {
        this.subject = subject;
        return this;
    }

    SendRequest cc(List<EmailAddress> cc) {
        this.cc = cc;
        return this;
    }

    SendRequest bcc(List<EmailAddress> bcc) {
        this.bcc = bcc;
        return this;
    }

    SendRequest data(String data) {
        this.data = data;
        return this;
    }

    SendRequest tracking(Tracking tracking) {
        this.tracking = tracking;
        return this;
    }

    SendRequest subscriptionGroup(String subscriptionGroupId) {
        this.subscriptionGroupId = subscriptionGroupId;
        return this;
    }

    IdempotencyKey idempotencyKey() {
        return new IdempotencyKey(key);
    }

    SendEmailCommand command() {
        return new SendEmailCommand(
                workspaceId,
                new IdempotencyKey(key),
                fingerprint,
                templateId,
                to,
                toExternalId,
                from,
                replyTo,
                subject,
                cc,
                bcc,
                data,
                tracking,
                subscriptionGroupId);
    }
}
