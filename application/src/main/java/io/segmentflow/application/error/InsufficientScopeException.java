package io.segmentflow.application.error;

/** The API key is valid but lacks the scope this request needs. */
public class InsufficientScopeException extends ApplicationException {
    public InsufficientScopeException(String scope) {
        super("insufficient_scope", "this API key lacks the scope '" + scope + "'");
    }
}
