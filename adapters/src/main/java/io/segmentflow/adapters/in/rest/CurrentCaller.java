package io.segmentflow.adapters.in.rest;

import io.segmentflow.application.access.Caller;
import io.segmentflow.application.error.UnauthorizedException;
import io.segmentflow.domain.apikey.Scope;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current request, set by {@link ApiKeyAuthentication}. */
@RequestScoped
public class CurrentCaller {
    private Caller caller;

    public void set(Caller caller) {
        this.caller = caller;
    }

    /** The caller, provided its key holds {@code scope}. */
    public Caller require(Scope scope) {
        if (caller == null) {
            throw new UnauthorizedException("an API key is required");
        }
        caller.require(scope);
        return caller;
    }
}
