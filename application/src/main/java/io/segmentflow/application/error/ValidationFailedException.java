package io.segmentflow.application.error;

import java.util.List;

/** The input broke one or more field rules; every broken rule is listed. Nothing was stored. */
public class ValidationFailedException extends ApplicationException {
    public ValidationFailedException(List<FieldError> errors) {
        super("validation_failed", describe(errors), errors);
    }

    public ValidationFailedException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    private static String describe(List<FieldError> errors) {
        return errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are not valid";
    }
}
