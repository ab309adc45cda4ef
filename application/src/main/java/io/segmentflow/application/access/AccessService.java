package io.segmentflow.application.access;

import io.segmentflow.application.error.InsufficientScopeException;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.UnauthorizedException;
import io.segmentflow.application.port.out.ApiKeys;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.application.port.out.Workspaces;
import io.segmentflow.domain.apikey.ApiKey;
import io.segmentflow.domain.apikey.Scope;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.Workspace;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Authenticates API keys, kept in memory while this node hears every revocation ({@link ApiKeyCache}), and manages
 * keys and workspaces.
 */
public class AccessService implements ManageAccessUseCase, HearKeyRevocationsUseCase {
    private final ApiKeys apiKeys;
    private final Workspaces workspaces;
    private final Transactions transactions;
    private final Clock clock;
    private final AuthenticationLimit limit;
    private final ApiKeyCache cache;

    public AccessService(
            ApiKeys apiKeys, Workspaces workspaces, Transactions transactions, Clock clock, AuthenticationLimit limit) {
        this.apiKeys = apiKeys;
        this.workspaces = workspaces;
        this.transactions = transactions;
        this.clock = clock;
        this.limit = limit;
        this.cache = new ApiKeyCache(clock);
    }

    @Override
    public Caller authenticate(String secret, String clientAddress) {
        if (secret == null || secret.isBlank()) {
            throw new UnauthorizedException(
                    "an API key is required: send it as 'x-api-key: <key>' or 'Authorization: Bearer <key>'");
        }
        limit.check(clientAddress);
        String hash = ApiKey.hashOf(secret.strip());
        ApiKey key = cache.find(hash);
        if (key == null) {
            long readAt = cache.generation();
            key = apiKeys.findByHash(hash).filter(ApiKey::isActive).orElse(null);
            if (key == null) {
                limit.failed(clientAddress);
                throw new UnauthorizedException("the API key is unknown or revoked");
            }
            cache.keep(key, readAt);
        }
        return new Caller(key.workspaceId(), key.id(), key.scopes());
    }

    @Override
    public void hearsRevocations(boolean hears) {
        cache.hearsRevocations(hears);
    }

    @Override
    public void keyRevokedElsewhere() {
        cache.forgetAll();
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
        cache.forgetAll();
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
    public void bootstrap(Optional<String> configuredSecret, Consumer<ApiKey.Issued> handOver) {
        transactions.inTransaction(() -> {
            Instant now = clock.instant();
            Optional<Workspace> existing = workspaces.first();
            Workspace workspace = existing.orElseGet(() -> Workspace.create("Default workspace", now));
            if (existing.isEmpty()) {
                workspaces.add(workspace);
            }
            if (configuredSecret.isPresent()) {
                ApiKey.Issued configured = ApiKey.configuredBootstrap(
                        workspace.id(), configuredSecret.get().strip(), now);
                Optional<ApiKey> known = apiKeys.findByHash(configured.key().hash());
                if (known.isPresent()
                        && !(known.get().bootstrap() && known.get().isActive())) {
                    // Going back to a replaced key, or naming a key issued through the API, would leave no bootstrap
                    // key.
                    throw new InvalidValueException(
                            "key",
                            "is a key that was revoked or replaced, or one issued"
                                    + " through the API, not the bootstrap key; configure a new random key");
                }
                if (known.isEmpty()) {
                    apiKeys.add(configured.key());
                }
                revokeBootstrapKeysBut(known.orElse(configured.key()), workspace, now);
            } else if (existing.isEmpty()) {
                ApiKey.Issued generated = ApiKey.generateBootstrap(workspace.id(), now);
                apiKeys.add(generated.key());
                handOver.accept(generated);
            }
            return workspace;
        });
        cache.forgetAll();
    }

    /** One bootstrap key at a time: a configured secret that changed replaces the key of the old one. */
    private void revokeBootstrapKeysBut(ApiKey current, Workspace workspace, Instant now) {
        for (ApiKey key : apiKeys.list(workspace.id())) {
            if (key.bootstrap() && key.isActive() && !key.id().equals(current.id())) {
                apiKeys.update(key.revoke(now));
            }
        }
    }
}
