package io.segmentflow.application.error;

/** Another request with the same idempotency key is still being processed; retry shortly. */
public class ConcurrentRequestException extends ApplicationException {
    public ConcurrentRequestException(String key) {
        super("concurrent_request",
                "a request with Idempotency-Key '" + key + "' is still in progress; retry after it finishes");
    }
}
