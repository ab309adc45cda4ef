package io.segmentflow.domain.newsletter;

import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.shared.InvalidValueException;

/**
 * What a Newsletter is: its name, the subscription group its readers subscribe to, its sender and the template its
 * Issues start from.
 *
 * @param from the sender, or null for the server's default sender
 * @param defaultTemplateId the template an Issue sends unless it names another; null for none
 */
public record NewsletterDefinition(String name, String subscriptionGroupId, Mailbox from, String defaultTemplateId) {
    public static final int MAX_NAME_LENGTH = 200;

    public NewsletterDefinition {
        if (name == null || name.isBlank()) {
            throw new InvalidValueException("name", "must not be blank");
        }
        name = name.strip();
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidValueException("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (subscriptionGroupId == null || subscriptionGroupId.isBlank()) {
            throw new InvalidValueException(
                    "subscriptionGroupId", "is required: a Newsletter's readers subscribe to it");
        }
        if (defaultTemplateId != null && defaultTemplateId.isBlank()) {
            defaultTemplateId = null;
        }
    }
}
