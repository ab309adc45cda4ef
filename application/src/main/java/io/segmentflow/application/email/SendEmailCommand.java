package io.segmentflow.application.email;

import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.Tracking;
import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.shared.HeaderText;
import io.segmentflow.domain.template.TemplateContent;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * emails.send: one expected email to one recipient, rendered from a template.
 *
 * @param fingerprint a digest of the request, to tell a retry from a different request under the same key
 * @param from        the sender, or null for the workspace default
 * @param subject     overrides the template's subject, or null
 * @param data        the payload, a JSON object text (template state {@code /data/*})
 * @param subscriptionGroupId the group the send goes out under (it carries that group's unsubscribe link, and is
 *     skipped for a recipient the group does not admit), or null for none
 */
public record SendEmailCommand(
        WorkspaceId workspaceId,
        IdempotencyKey idempotencyKey,
        String fingerprint,
        String templateId,
        Mailbox to,
        String toExternalId,
        Mailbox from,
        EmailAddress replyTo,
        String subject,
        List<EmailAddress> cc,
        List<EmailAddress> bcc,
        String data,
        Tracking tracking,
        String subscriptionGroupId) {

    public static final int MAX_COPY_RECIPIENTS = 50;
    public static final int MAX_EXTERNAL_ID_LENGTH = 255;
    public static final int MAX_DATA_LENGTH = 256 * 1024;

    public SendEmailCommand {
        Objects.requireNonNull(workspaceId);
        Objects.requireNonNull(idempotencyKey);
        Objects.requireNonNull(fingerprint);
        cc = cc == null ? List.of() : List.copyOf(cc);
        bcc = bcc == null ? List.of() : List.copyOf(bcc);
        data = data == null ? "{}" : data;
        tracking = tracking == null ? Tracking.NONE : tracking;
        List<FieldError> errors = new ArrayList<>();
        if (templateId == null || templateId.isBlank()) {
            errors.add(new FieldError("templateId", "is required"));
        }
        if (to == null) {
            errors.add(new FieldError("to", "is required"));
        }
        if (toExternalId != null && (toExternalId.isBlank() || toExternalId.length() > MAX_EXTERNAL_ID_LENGTH)) {
            errors.add(new FieldError("to.externalId", "must be 1-" + MAX_EXTERNAL_ID_LENGTH + " characters"));
        }
        if (subject != null) {
            if (subject.isBlank() || subject.length() > TemplateContent.MAX_SUBJECT_LENGTH) {
                errors.add(
                        new FieldError("subject", "must be 1-" + TemplateContent.MAX_SUBJECT_LENGTH + " characters"));
            } else if (HeaderText.hasControlCharacters(subject)) {
                errors.add(new FieldError("subject", "must not contain CR, LF or other control characters"));
            }
        }
        if (cc.size() > MAX_COPY_RECIPIENTS) {
            errors.add(new FieldError("cc", "must have at most " + MAX_COPY_RECIPIENTS + " addresses"));
        }
        if (bcc.size() > MAX_COPY_RECIPIENTS) {
            errors.add(new FieldError("bcc", "must have at most " + MAX_COPY_RECIPIENTS + " addresses"));
        }
        if (data.length() > MAX_DATA_LENGTH) {
            errors.add(new FieldError("data", "must be at most " + MAX_DATA_LENGTH + " characters of JSON"));
        }
        if (subscriptionGroupId != null && (subscriptionGroupId.isBlank() || subscriptionGroupId.length() > 40)) {
            errors.add(new FieldError("subscriptionGroupId", "must be 1-40 characters"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
    }

    /** A send under no subscription group. */
    public SendEmailCommand(
            WorkspaceId workspaceId,
            IdempotencyKey idempotencyKey,
            String fingerprint,
            String templateId,
            Mailbox to,
            String toExternalId,
            Mailbox from,
            EmailAddress replyTo,
            String subject,
            List<EmailAddress> cc,
            List<EmailAddress> bcc,
            String data,
            Tracking tracking) {
        this(
                workspaceId,
                idempotencyKey,
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
                null);
    }
}
