package io.segmentflow.application.access;

import io.segmentflow.domain.apikey.ApiKey;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.workspace.Workspace;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** API keys and workspaces: who may call, and on whose behalf. */
public interface ManageAccessUseCase {
    /** A new workspace with its first key, which has every scope but the right to create workspaces. */
    record NewWorkspace(Workspace workspace, ApiKey.Issued key) {}

    /**
     * The caller a secret stands for. Failures are limited per client address ({@link AuthenticationLimit}).
     *
     * @throws io.segmentflow.application.error.UnauthorizedException when the secret is missing, unknown or revoked
     * @throws io.segmentflow.application.error.TooManyFailuresException when {@code clientAddress} failed too often
     *                                                                   lately; the secret is not looked up
     */
    Caller authenticate(String secret, String clientAddress);

    /** Issues a key; a caller can grant only scopes it holds itself. */
    ApiKey.Issued issueKey(Caller caller, String name, Set<Scope> scopes);

    List<ApiKey> listKeys(Caller caller);

    void revokeKey(Caller caller, String keyId);

    NewWorkspace createWorkspace(Caller caller, String name);

    /**
     * On first start, creates the first workspace and its full-access bootstrap key: the configured secret when
     * one is given, else a generated one. The first workspace has one bootstrap key at a time: a configured
     * secret not yet known, on any start, becomes its bootstrap key and every other bootstrap key is revoked
     * (a revoked one stays revoked). A configured secret must be as hard to guess as a generated one.
     *
     * @param handOver given a generated key before it is committed, to pass the secret to the operator; if it
     *                 throws, nothing is created, so a key that could not be handed over never exists
     * @throws io.segmentflow.domain.shared.InvalidValueException when the configured secret is too easy to guess
     */
    void bootstrap(Optional<String> configuredSecret, Consumer<ApiKey.Issued> handOver);
}
