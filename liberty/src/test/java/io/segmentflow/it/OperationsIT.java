package io.segmentflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an operator looks at: health and the API description. */
class OperationsIT {

    @Test
    void health_reports_the_database_up() {
        Api.Reply ready = Api.anonymous().get("/health/ready");

        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().getString("status")).isEqualTo("UP");
        assertThat(ready.raw().body()).contains("database");
    }

    @Test
    void a_clean_start_logs_no_error() throws IOException {
        Path log = Path.of(System.getProperty("segmentflow.it.serverLog",
                "target/liberty/wlp/usr/servers/segmentflow-it/logs/messages.log"));
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
    void the_openapi_document_describes_every_endpoint() {
        Api.Reply openapi = Api.anonymous().get("/openapi");

        assertThat(openapi.status()).isEqualTo(200);
        assertThat(openapi.raw().body())
                .contains("/api/v1/emails:")
                .contains("/api/v1/emails/{id}:")
                .contains("/api/v1/templates:")
                .contains("/api/v1/templates/{id}/render:")
                .contains("/api/v1/suppressions:")
                .contains("/api/v1/suppressions/{email}:")
                .contains("/api/v1/api-keys:")
                .contains("Idempotency-Key")
                .contains("24 hours")
                .contains("too_many_requests")
                .contains("Retry-After");
    }
}
