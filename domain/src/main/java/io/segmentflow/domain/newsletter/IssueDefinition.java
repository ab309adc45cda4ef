package io.segmentflow.domain.newsletter;

import io.segmentflow.domain.audience.CarrierContent;
import io.segmentflow.domain.shared.InvalidValueException;
import java.util.Objects;

/**
 * What a NewsletterIssue is: its name, what it sends, and optionally a segment that narrows the Newsletter's
 * subscribers.
 *
 * @param segmentId null to send to every subscriber of the Newsletter
 */
public record IssueDefinition(String name, CarrierContent content, String segmentId) {
    public static final int MAX_NAME_LENGTH = 200;

    public IssueDefinition {
        if (name == null || name.isBlank()) {
            throw new InvalidValueException("name", "must not be blank");
        }
        name = name.strip();
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidValueException("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        Objects.requireNonNull(content, "content");
    }

    public IssueDefinition withContent(CarrierContent other) {
        return new IssueDefinition(name, other, segmentId);
    }
}
