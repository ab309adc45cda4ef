package io.segmentflow.it;

import static org.assertj.core.api.Assertions.assertThat;

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
