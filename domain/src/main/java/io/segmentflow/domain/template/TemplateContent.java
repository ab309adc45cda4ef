package io.segmentflow.domain.template;

import io.segmentflow.domain.shared.HeaderText;
import io.segmentflow.domain.shared.InvalidValueException;

/**
 * The three parts a template renders: a subject (one header line, so never a line break), an HTML
 * body and an optional plain-text body.
 */
public record TemplateContent(String subject, String html, String text) {
    public static final int MAX_SUBJECT_LENGTH = 998;
    public static final int MAX_BODY_LENGTH = 512 * 1024;

    public TemplateContent {
        if (subject == null || subject.isBlank()) {
            throw new InvalidValueException("subject", "must not be blank");
        }
        if (subject.length() > MAX_SUBJECT_LENGTH) {
            throw new InvalidValueException("subject", "must be at most " + MAX_SUBJECT_LENGTH + " characters");
        }
        if (HeaderText.hasControlCharacters(subject)) {
            throw new InvalidValueException("subject", "must not contain CR, LF or other control characters");
        }
        if (html == null || html.isBlank()) {
            throw new InvalidValueException("html", "must not be blank");
        }
        if (html.length() > MAX_BODY_LENGTH) {
            throw new InvalidValueException("html", "must be at most " + MAX_BODY_LENGTH + " characters");
        }
        if (text != null && text.isBlank()) {
            text = null;
        }
        if (text != null && text.length() > MAX_BODY_LENGTH) {
            throw new InvalidValueException("text", "must be at most " + MAX_BODY_LENGTH + " characters");
        }
    }
}
