package io.segmentflow.application.error;

import java.util.List;

/** A template asks for more than Segmentflow lets customer templates do; it was not saved. */
public class TemplateInvalidException extends ApplicationException {
    public TemplateInvalidException(List<FieldError> errors) {
        super(
                "template_invalid",
                "the template uses expressions that are not allowed: "
                        + errors.get(0).field() + ": " + errors.get(0).message(),
                errors);
    }
}
