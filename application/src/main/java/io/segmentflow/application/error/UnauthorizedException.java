package io.segmentflow.application.error;

/** No API key, or one that is unknown or revoked. */
public class UnauthorizedException extends ApplicationException {
    public UnauthorizedException(String message) {
        super("unauthorized", message);
    }
}
