package io.segmentflow.application.error;

/** The idempotency key was already used for a different request. */
public class IdempotencyKeyReuseException extends ApplicationException {
    public IdempotencyKeyReuseException(String key) {
        super(
                "idempotency_key_reuse",
                "Idempotency-Key '" + key
                        + "' was already used with a different request; use a new key for a new request");
    }
}
