package io.segmentflow.application.error;

/** The signed-in operator's role in the workspace does not allow what they asked for (a viewer sends nothing). */
public class RoleRefusedException extends ApplicationException {
    public RoleRefusedException(String message) {
        super("forbidden", message);
    }
}
