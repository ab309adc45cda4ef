package io.segmentflow.application.access;

import io.segmentflow.domain.apikey.ApiKey;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.workspace.Workspace;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** API keys and workspaces: who may call, and on whose behalf. */
public interface ManageAccessUseCase {
    /** A new workspace with its first key, which has every scope but the right to create workspaces. */
    record NewWorkspace(Workspace workspace, ApiKey.Issued key) {
    }

    /** @throws io.segmentflow.application.error.UnauthorizedException when the secret is missing, unknown or revoked */
    Caller authenticate(String secret);

    /** Issues a key; a caller can grant only scopes it holds itself. */
    ApiKey.Issued issueKey(Caller caller, String name, Set<Scope> scopes);

    List<ApiKey> listKeys(Caller caller);

    void revokeKey(Caller caller, String keyId);

    NewWorkspace createWorkspace(Caller caller, String name);

    /**
     * On first start, creates the first workspace and its full-access key: the configured secret when
     * one is given, else a generated one. A configured secret not yet known is added to the first
     * workspace on a later start too.
     *
     * @return the key when it was generated here, to be shown once; empty otherwise
     */
    Optional<ApiKey.Issued> bootstrap(Optional<String> configuredSecret);
}
