package io.segmentflow.application.error;

import java.util.List;

/**
 * A request the application refuses, with a stable machine-readable code that callers can branch on.
 * Adapters turn it into their own form (an HTTP problem document).
 */
public abstract class ApplicationException extends RuntimeException {
    private final String code;
    private final List<FieldError> fieldErrors;

    protected ApplicationException(String code, String message, List<FieldError> fieldErrors) {
        super(message, null, false, false);
        this.code = code;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    protected ApplicationException(String code, String message) {
        this(code, message, List.of());
    }

    public String code() {
        return code;
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }
}
