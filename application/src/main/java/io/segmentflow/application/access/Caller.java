package io.segmentflow.application.access;

import io.segmentflow.application.error.InsufficientScopeException;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.Set;

/** Who is calling: the workspace and scopes of the API key that authenticated the request. */
public record Caller(WorkspaceId workspaceId, String apiKeyId, Set<Scope> scopes) {
    public Caller {
        scopes = Scope.copyOf(scopes);
    }

    public void require(Scope scope) {
        if (!scopes.contains(scope)) {
            throw new InsufficientScopeException(scope.wireName());
        }
    }
}
