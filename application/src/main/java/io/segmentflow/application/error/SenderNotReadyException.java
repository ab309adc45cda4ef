package io.segmentflow.application.error;

/**
 * An audience send cannot go out from its sender: its From domain is not a verified sender domain of the workspace.
 */
public class SenderNotReadyException extends ApplicationException {
    public SenderNotReadyException(String reason) {
        super("sender_not_ready", reason);
    }
}
