package io.segmentflow.application.email;

import io.segmentflow.application.error.ValidationFailedException;
import java.util.Objects;

/** One item of emails.batchSend as read from the request: a well-formed send, or why it is not one. */
public sealed interface BatchItem {
    /** The item's idempotency key as the caller wrote it, or null when it gave none. */
    String idempotencyKey();

    record Send(SendEmailCommand command) implements BatchItem {
        public Send {
            Objects.requireNonNull(command);
        }

        @Override
        public String idempotencyKey() {
            return command.idempotencyKey().value();
        }
    }

    /** An item that broke field rules; it is rejected alone, the others of its batch go on. */
    record Malformed(String idempotencyKey, ValidationFailedException refusal) implements BatchItem {
        public Malformed {
            Objects.requireNonNull(refusal);
        }
    }
}
