package io.segmentflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The bootstrap key across the starts of a server of its own ({@link OwnServer}), one start per test, in order:
 * a generated key goes to an owner-only file and never into the logs; a configured key replaces it, and a
 * changed one replaces that; a configured key too easy to guess keeps the application from starting.
 */
@TestMethodOrder(OrderAnnotation.class)
class BootstrapKeyIT {
    private static final String CONFIGURED = "sf_4f0c9a7e1b3d58c2e6a90f7d1c4b8e3a5f2d09c7b6e1a84d";
    private static final String CHANGED = "sf_b83e1d6f0a4c97e25d1b0f8a3c6e9d42a7f5c1e0b9d3a68f";
    /** Long enough for the old rule (20 characters), and guessable. */
    private static final String WEAK = "sf_it_0123456789abcdef0123456789abcdef";

    private static OwnServer server;
    private static String generated;
    private static String issuedWithConfigured;

    @BeforeAll
    static void ownServer() {
        server = new OwnServer();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void a_generated_key_is_written_to_an_owner_only_file_and_the_logs_say_where_never_what() throws Exception {
        server.start(Map.of());
        try {
            Path keyFile = server.outputDir().resolve("bootstrap-api-key");

            assertThat(keyFile).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                    .isEqualTo("rw-------");
            generated = Files.readString(keyFile).strip();
            assertThat(generated).matches("sf_[0-9A-Za-z]{40}");
            assertThat(server.get("/api/v1/templates", generated).statusCode()).isEqualTo(200);
            String logs = server.logs();
            assertThat(logs)
                    .contains(keyFile.toString())
                    .doesNotContain(generated)
                    .doesNotContain(generated.substring(3, 15));
        } finally {
            server.stop();
        }
    }

    @Test
    @Order(2)
    void a_configured_key_replaces_the_generated_one() {
        server.start(Map.of("SEGMENTFLOW_BOOTSTRAP_API_KEY", CONFIGURED));
        try {
            assertThat(server.get("/api/v1/templates", CONFIGURED).statusCode()).isEqualTo(200);
            assertThat(server.get("/api/v1/templates", generated).statusCode()).isEqualTo(401);
            HttpResponse<String> issued = server.post(
                    "/api/v1/api-keys", CONFIGURED, "{\"name\": \"Backend\", \"scopes\": [\"templates:read\"]}");
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
            issuedWithConfigured = jsonString(issued.body(), "key");
            assertThat(server.logs()).doesNotContain(CONFIGURED);
        } finally {
            server.stop();
        }
    }

    @Test
    @Order(3)
    void a_changed_configured_key_replaces_the_old_one_and_leaves_other_keys_alone() {
        server.start(Map.of("SEGMENTFLOW_BOOTSTRAP_API_KEY", CHANGED));
        try {
            assertThat(server.get("/api/v1/templates", CHANGED).statusCode()).isEqualTo(200);
            HttpResponse<String> old = server.get("/api/v1/templates", CONFIGURED);
            assertThat(old.statusCode()).isEqualTo(401);
            assertThat(old.body()).contains("\"error\":\"unauthorized\"");
            assertThat(server.get("/api/v1/templates", issuedWithConfigured).statusCode())
                    .isEqualTo(200);
        } finally {
            server.stop();
        }
    }

    @Test
    @Order(4)
    void a_configured_key_too_easy_to_guess_keeps_the_application_from_starting() {
        server.start(Map.of("SEGMENTFLOW_BOOTSTRAP_API_KEY", WEAK));
        try {
            String logs = server.logs();
            assertThat(logs)
                    .contains("SEGMENTFLOW_BOOTSTRAP_API_KEY is too easy to guess")
                    .contains("Segmentflow does not start with this key")
                    .doesNotContain(WEAK);
            assertThat(server.get("/api/v1/templates", WEAK).statusCode()).isNotEqualTo(200);
            assertThat(server.get("/api/v1/templates", CHANGED).statusCode())
                    .as("nothing is served")
                    .isNotEqualTo(200);
        } finally {
            server.stop();
        }
    }

    private static String jsonString(String json, String field) {
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(json))) {
            return reader.readObject().getString(field);
        }
    }
}
