package io.segmentflow.domain.audience;

import io.segmentflow.domain.shared.HeaderText;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.template.TemplateContent;
import java.util.Objects;

/**
 * What a Broadcast or a NewsletterIssue sends: a template of the workspace, with an optional subject of its own.
 *
 * @param subject overrides the template's subject, or null
 * @param ownTemplate whether the template was made for this carrier from a subject and HTML given with it (then
 *     the carrier's edits change that template; a template chosen by id is never changed by the carrier)
 */
public record CarrierContent(String templateId, String subject, boolean ownTemplate) {
    public CarrierContent {
        if (templateId == null || templateId.isBlank()) {
            throw new InvalidValueException("templateId", "is required");
        }
        if (subject != null) {
            if (subject.isBlank() || subject.length() > TemplateContent.MAX_SUBJECT_LENGTH) {
                throw new InvalidValueException(
                        "subject", "must be 1-" + TemplateContent.MAX_SUBJECT_LENGTH + " characters");
            }
            if (HeaderText.hasControlCharacters(subject)) {
                throw new InvalidValueException("subject", "must not contain CR, LF or other control characters");
            }
        }
    }

    /** A template chosen by id. */
    public static CarrierContent ofTemplate(String templateId, String subject) {
        return new CarrierContent(templateId, subject, false);
    }

    /** A template made for the carrier from its own subject and HTML. */
    public static CarrierContent ownTemplate(String templateId) {
        return new CarrierContent(Objects.requireNonNull(templateId), null, true);
    }
}
