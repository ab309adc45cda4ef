package io.segmentflow.application.error;

/** No such thing in the caller's workspace (whether it exists in another one is not told). */
public class NotFoundException extends ApplicationException {
    public NotFoundException(String what, String id) {
        super("not_found", what + " " + id + " was not found");
    }
}
