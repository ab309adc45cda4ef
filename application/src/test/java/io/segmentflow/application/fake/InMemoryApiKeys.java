package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.ApiKeys;
import io.segmentflow.domain.apikey.ApiKey;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** API keys in memory. */
public final class InMemoryApiKeys implements ApiKeys, TransactionalStore {
    private final Map<String, ApiKey> keys = new LinkedHashMap<>();
    private int lookups;
    private Runnable duringLookup = () -> {};

    @Override
    public void add(ApiKey key) {
        if (keys.containsKey(key.id())
                || keys.values().stream().anyMatch(k -> k.hash().equals(key.hash()))) {
            throw new IllegalStateException("duplicate key " + key.id());
        }
        keys.put(key.id(), key);
    }

    @Override
    public Optional<ApiKey> findByHash(String hash) {
        lookups++;
        Optional<ApiKey> found =
                keys.values().stream().filter(k -> k.hash().equals(hash)).findFirst();
        duringLookup.run();
        return found;
    }

    @Override
    public Optional<ApiKey> find(WorkspaceId workspaceId, String id) {
        return Optional.ofNullable(keys.get(id)).filter(k -> k.workspaceId().equals(workspaceId));
    }

    @Override
    public List<ApiKey> list(WorkspaceId workspaceId) {
        return keys.values().stream()
                .filter(k -> k.workspaceId().equals(workspaceId))
                .toList();
    }

    @Override
    public void update(ApiKey key) {
        if (!keys.containsKey(key.id())) {
            throw new IllegalStateException("no key " + key.id() + " to update");
        }
        keys.put(key.id(), key);
    }

    /** Look-ups by hash so far: a secret refused unheard is never looked up. */
    public int lookups() {
        return lookups;
    }

    /** Runs {@code action} inside each later look-up by hash, after the key was read, as if concurrently. */
    public void duringLookup(Runnable action) {
        this.duringLookup = action;
    }

    public List<ApiKey> all() {
        return List.copyOf(keys.values());
    }

    @Override
    public Runnable checkpoint() {
        Map<String, ApiKey> saved = new LinkedHashMap<>(keys);
        return () -> {
            keys.clear();
            keys.putAll(saved);
        };
    }
}
