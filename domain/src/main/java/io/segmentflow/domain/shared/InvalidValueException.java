package io.segmentflow.domain.shared;

/** A value object refused its input; {@code field} names the input in the caller's words. */
public class InvalidValueException extends RuntimeException {
    private final String field;

    public InvalidValueException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The same problem reported under another field name, e.g. {@code to.email} instead of {@code email}. */
    public InvalidValueException at(String otherField) {
        return new InvalidValueException(otherField, getMessage());
    }
}
