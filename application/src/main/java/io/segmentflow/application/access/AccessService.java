package io.segmentflow.application.access;

import io.segmentflow.application.error.InsufficientScopeException;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.UnauthorizedException;
import io.segmentflow.application.port.out.ApiKeys;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.application.port.out.Workspaces;
import io.segmentflow.domain.apikey.ApiKey;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.workspace.Workspace;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Authenticates API keys and manages keys and workspaces. */
public class AccessService implements ManageAccessUseCase {
    private final ApiKeys apiKeys;
    private final Workspaces workspaces;
    private final Transactions transactions;
    private final Clock clock;

    public AccessService(ApiKeys apiKeys, Workspaces workspaces, Transactions transactions, Clock clock) {
        this.apiKeys = apiKeys;
        this.workspaces = workspaces;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public Caller authenticate(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new UnauthorizedException("an API key is required: send it as 'x-api-key: <key>' or 'Authorization: Bearer <key>'");
        }
        ApiKey key = apiKeys.findByHash(ApiKey.hashOf(secret.strip()))
                .filter(ApiKey::isActive)
                .orElseThrow(() -> new UnauthorizedException("the API key is unknown or revoked"));
        return new Caller(key.workspaceId(), key.id(), key.scopes());
    }

    @Override
    public ApiKey.Issued issueKey(Caller caller, String name, Set<Scope> scopes) {
        caller.require(Scope.API_KEYS_WRITE);
        for (Scope scope : scopes) {
            if (!caller.scopes().contains(scope)) {
                throw new InsufficientScopeException(scope.wireName());
            }
        }
        ApiKey.Issued issued = ApiKey.issue(caller.workspaceId(), name, scopes, clock.instant());
        return transactions.inTransaction(() -> {
            apiKeys.add(issued.key());
            return issued;
        });
    }

    @Override
    public List<ApiKey> listKeys(Caller caller) {
        caller.require(Scope.API_KEYS_WRITE);
        return apiKeys.list(caller.workspaceId());
    }

    @Override
    public void revokeKey(Caller caller, String keyId) {
        caller.require(Scope.API_KEYS_WRITE);
        transactions.inTransaction(() -> {
            ApiKey key = apiKeys.find(caller.workspaceId(), keyId)
                    .orElseThrow(() -> new NotFoundException("API key", keyId));
            apiKeys.update(key.revoke(clock.instant()));
            return key;
        });
    }

    @Override
    public NewWorkspace createWorkspace(Caller caller, String name) {
        caller.require(Scope.WORKSPACES_CREATE);
        Instant now = clock.instant();
        Workspace workspace = Workspace.create(name, now);
        Set<Scope> scopes = EnumSet.copyOf(Scope.all());
        scopes.remove(Scope.WORKSPACES_CREATE);
        ApiKey.Issued key = ApiKey.issue(workspace.id(), "First key", scopes, now);
        return transactions.inTransaction(() -> {
            workspaces.add(workspace);
            apiKeys.add(key.key());
            return new NewWorkspace(workspace, key);
        });
    }

    @Override
    public Optional<ApiKey.Issued> bootstrap(Optional<String> configuredSecret) {
        return transactions.inTransaction(() -> {
            Instant now = clock.instant();
            Optional<Workspace> existing = workspaces.first();
            Workspace workspace = existing.orElseGet(() -> Workspace.create("Default workspace", now));
            if (existing.isEmpty()) {
                workspaces.add(workspace);
            }
            if (configuredSecret.isPresent()) {
                String secret = configuredSecret.get().strip();
                if (apiKeys.findByHash(ApiKey.hashOf(secret)).isEmpty()) {
                    apiKeys.add(ApiKey.withSecret(workspace.id(), "Bootstrap key", Scope.all(), secret, now).key());
                }
                return Optional.<ApiKey.Issued>empty();
            }
            if (existing.isPresent()) {
                return Optional.<ApiKey.Issued>empty();
            }
            ApiKey.Issued generated = ApiKey.issue(workspace.id(), "Bootstrap key", Scope.all(), now);
            apiKeys.add(generated.key());
            return Optional.of(generated);
        });
    }
}
