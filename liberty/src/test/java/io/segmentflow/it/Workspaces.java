package io.segmentflow.it;

import io.segmentflow.it.client.model.WorkspaceRequest;
import java.util.UUID;

/** Makes a second tenant through the API, to prove that nothing crosses between workspaces. */
final class Workspaces {
    private Workspaces() {}

    static Client createOther() {
        var created = Client.call(() -> Client.withBootstrapKey()
                .access
                .workspacesCreate(new WorkspaceRequest().name("Other " + UUID.randomUUID())));
        return Client.withKey(created.getApiKey().getKey());
    }
}
