package io.segmentflow.it;

import jakarta.json.Json;
import java.util.UUID;

/** Makes a second tenant through the API, to prove that nothing crosses between workspaces. */
final class Workspaces {
    private Workspaces() {
    }

    static Api createOther() {
        Api.Reply created = Api.withBootstrapKey().post("/api/v1/workspaces",
                Json.createObjectBuilder().add("name", "Other " + UUID.randomUUID()).build());
        if (created.status() != 201) {
            throw new AssertionError("workspace not created: " + created);
        }
        return Api.withKey(created.json().getJsonObject("apiKey").getString("key"));
    }
}
