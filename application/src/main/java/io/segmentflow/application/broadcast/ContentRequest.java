package io.segmentflow.application.broadcast;

import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.ValidationFailedException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an audience send is asked to send: a template of the workspace by id (with an optional subject of its own),
 * or a subject and HTML (and optional text) from which a template is made for it.
 */
public record ContentRequest(String templateId, String subject, String html, String text) {
    public ContentRequest {
        List<FieldError> errors = new ArrayList<>();
        if (templateId != null) {
            if (html != null) {
                errors.add(new FieldError("html", "is given with templateId: send either a templateId or html"));
            }
            if (text != null) {
                errors.add(new FieldError("text", "is given with templateId: send either a templateId or html"));
            }
        } else {
            if (subject == null) {
                errors.add(new FieldError("subject", "is required without a templateId"));
            }
            if (html == null) {
                errors.add(new FieldError("html", "is required without a templateId"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
    }

    /** Whether a template is to be made (or changed) from a subject and HTML given here. */
    public boolean hasOwnContent() {
        return templateId == null;
    }
}
