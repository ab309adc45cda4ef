package io.segmentflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What an operator looks at: health and the API description. */
class OperationsIT {
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void health_reports_the_database_up() {
        Api.Reply ready = Api.anonymous().get("/health/ready");

        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().getString("status")).isEqualTo("UP");
        assertThat(ready.raw().body()).contains("database");
    }

    @Test
    void the_openapi_document_describes_every_endpoint_and_no_other() {
        Set<String> resources = Endpoints.ofTheResources();

        Api.Reply openapi = Api.anonymous().get("/openapi?format=JSON");

        assertThat(openapi.status()).isEqualTo(200);
        Set<String> documented = new TreeSet<>();
        JsonObject paths = openapi.json().getJsonObject("paths");
        paths.forEach((path, item) -> item.asJsonObject().keySet().stream().filter(HTTP_METHODS::contains)
                .forEach(method -> documented.add(method.toUpperCase() + " " + path)));
        assertThat(resources).as("the JAX-RS resources").isNotEmpty().contains("POST /api/v1/emails");
        assertThat(documented).as("operations in the document (left) against the JAX-RS resources (right)")
                .containsExactlyInAnyOrderElementsOf(resources);
    }

    @Test
    void the_openapi_document_publishes_the_idempotency_window() {
        Api.Reply openapi = Api.anonymous().get("/openapi");

        assertThat(openapi.status()).isEqualTo(200);
        assertThat(openapi.raw().body()).contains("Idempotency-Key").contains("24 hours");
    }
}
