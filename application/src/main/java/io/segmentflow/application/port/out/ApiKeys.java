package io.segmentflow.application.port.out;

import io.segmentflow.domain.apikey.ApiKey;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;
import java.util.Optional;

/** API keys, found by the hash of their secret. */
public interface ApiKeys {
    void add(ApiKey key);

    Optional<ApiKey> findByHash(String hash);

    Optional<ApiKey> find(WorkspaceId workspaceId, String id);

    List<ApiKey> list(WorkspaceId workspaceId);

    void update(ApiKey key);
}
