package io.segmentflow.it;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The dashboard's first operator across the starts of a server of its own ({@link OwnServer}), in order: without a
 * configured password one is generated into an owner-only file, never into the logs; a configured password then
 * becomes the account's; one too weak keeps the application from starting.
 */
@TestMethodOrder(OrderAnnotation.class)
class AdminPasswordIT {
    private static final String ADMIN = "owner@segmentflow.test";
    private static final String CONFIGURED = "a configured passphrase for the owner";

    private static OwnServer server;
    private static String generated;

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
    void a_generated_password_is_written_to_an_owner_only_file_and_the_logs_say_where_never_what() throws Exception {
        server.start(Map.of("SEGMENTFLOW_ADMIN_EMAIL", ADMIN));
        try {
            Path file = server.outputDir().resolve("admin-password");

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            generated = Files.readString(file).strip();
            assertThat(generated).hasSize(24);
            assertThat(server.logs()).contains(file.toString()).contains(ADMIN).doesNotContain(generated);
            assertThat(new DashboardClient(server.baseUrl())
                            .signIn(ADMIN, generated)
                            .statusCode())
                    .isEqualTo(302);
        } finally {
            server.stop();
        }
    }

    @Test
    @Order(2)
    void a_configured_password_becomes_the_accounts() {
        server.start(Map.of("SEGMENTFLOW_ADMIN_EMAIL", ADMIN, "SEGMENTFLOW_ADMIN_PASSWORD", CONFIGURED));
        try {
            assertThat(new DashboardClient(server.baseUrl())
                            .signIn(ADMIN, CONFIGURED)
                            .statusCode())
                    .isEqualTo(302);
            assertThat(new DashboardClient(server.baseUrl())
                            .signIn(ADMIN, generated)
                            .statusCode())
                    .isEqualTo(401);
            assertThat(server.logs()).doesNotContain(CONFIGURED);
        } finally {
            server.stop();
        }
    }

    @Test
    @Order(3)
    void a_configured_password_too_weak_keeps_the_application_from_starting() {
        server.start(Map.of("SEGMENTFLOW_ADMIN_EMAIL", ADMIN, "SEGMENTFLOW_ADMIN_PASSWORD", "admin"));
        try {
            assertThat(server.logs())
                    .contains("SEGMENTFLOW_ADMIN_PASSWORD must be at least 12 characters")
                    .contains("Segmentflow does not start with it");
            assertThat(new DashboardClient(server.baseUrl())
                            .get("/dashboard/sign-in")
                            .statusCode())
                    .as("nothing is served")
                    .isNotEqualTo(200);
        } finally {
            server.stop();
        }
    }
}
