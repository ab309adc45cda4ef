package io.segmentflow.application.error;

/** Another request with the same idempotency key, or on the same thing, is still being processed; retry shortly. */
public class ConcurrentRequestException extends ApplicationException {
    public ConcurrentRequestException(String key) {
        super(
                "concurrent_request",
                "a request with Idempotency-Key '" + key + "' is still in progress; retry after it finishes");
    }

    /** Another request is changing {@code what} {@code id} at this moment. */
    public ConcurrentRequestException(String what, String id) {
        super("concurrent_request", what + " " + id + " is being changed by another request; retry shortly");
    }
}
