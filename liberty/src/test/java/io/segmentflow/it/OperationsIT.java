package io.segmentflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    void a_clean_start_logs_no_error() throws IOException {
        Path log = Path.of(System.getProperty(
                "segmentflow.it.serverLog", "target/liberty/wlp/usr/servers/segmentflow-it/logs/messages.log"));
        List<String> errors = new ArrayList<>();
        boolean ready = false;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            // Liberty's lines read "[date] thread logger E message"; the start ends when the server says it is ready.
            if (line.contains("CWWKF0011I")) {
                ready = true;
                break;
            }
            if (line.matches("^\\[[^\\]]+\\] \\p{XDigit}+ \\S+ +E .*")) {
                errors.add(line);
            }
        }

        assertThat(ready).as("the server said it was ready in " + log).isTrue();
        assertThat(errors).isEmpty();
    }

    @Test
    void the_openapi_document_describes_every_endpoint_and_no_other() {
        Set<String> resources = Endpoints.ofTheResources();

        Api.Reply openapi = Api.anonymous().get("/openapi?format=JSON");

        assertThat(openapi.status()).isEqualTo(200);
        Set<String> documented = new TreeSet<>();
        JsonObject paths = openapi.json().getJsonObject("paths");
        paths.forEach((path, item) -> item.asJsonObject().keySet().stream()
                .filter(HTTP_METHODS::contains)
                .forEach(method -> documented.add(method.toUpperCase() + " " + path)));
        assertThat(resources).as("the JAX-RS resources").isNotEmpty().contains("POST /api/v1/emails");
        assertThat(documented)
                .as("operations in the document (left) against the JAX-RS resources (right)")
                .containsExactlyInAnyOrderElementsOf(resources);
    }

    /** The client the tests use is generated from the source, so the server must serve that document and no other. */
    @Test
    void the_served_openapi_document_is_the_source_document() throws IOException {
        Path source = Path.of(
                System.getProperty("segmentflow.it.openapi", "../war/src/main/resources/META-INF/openapi.yaml"));
        JsonNode written = new YAMLMapper().readTree(source.toFile());

        Api.Reply served = Api.anonymous().get("/openapi?format=JSON");

        assertThat(served.status()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(served.raw().body())).isEqualTo(written);
    }

    @Test
    void the_openapi_document_publishes_the_idempotency_window_and_the_failure_limit() {
        Api.Reply openapi = Api.anonymous().get("/openapi");

        assertThat(openapi.status()).isEqualTo(200);
        assertThat(openapi.raw().body())
                .contains("Idempotency-Key")
                .contains("24 hours")
                .contains("too_many_requests")
                .contains("Retry-After");
    }
}
