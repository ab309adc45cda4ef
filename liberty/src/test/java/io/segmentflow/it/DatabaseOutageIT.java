package io.segmentflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a PostgreSQL restart does to the server's pooled connections, done to them alone (the rest of the machine's
 * PostgreSQL is left running; bench/db-restart-test restarts it for real, under load): a request that meets a
 * connection the database ended is answered 503 with Retry-After, never 500, and the server recovers by itself.
 * Needs the server on PostgreSQL; skipped, saying so, on the embedded database.
 */
class DatabaseOutageIT {
    private static final String DB_URL = System.getenv("SEGMENTFLOW_DB_URL");
    private static final Api api = Api.withBootstrapKey();
    private static String templateId;

    @BeforeAll
    static void onPostgreSql() {
        assumeTrue(
                DB_URL != null && DB_URL.startsWith("jdbc:postgresql:"),
                "the server runs on the embedded database: database-outage tests skipped");
        templateId = api.createTemplate("Your code [[${data.code}]]", "<p>[[${data.code}]]</p>", null);
    }

    private static JsonObject aSend() {
        return Json.createObjectBuilder()
                .add("templateId", templateId)
                .add("to", Json.createObjectBuilder().add("email", Api.newRecipient()))
                .add("data", Json.createObjectBuilder().add("code", "493021"))
                .build();
    }

    @Test
    void connections_the_database_ended_are_answered_503_and_the_server_recovers_by_itself() throws SQLException {
        Api.Reply before = api.sendEmail(Api.newIdempotencyKey(), aSend());
        assertThat(before.status()).as(before.toString()).isEqualTo(202);

        assertThat(endTheServersConnections())
                .as("the server's pooled connections")
                .isPositive();
        List<Api.Reply> replies = new ArrayList<>();
        Api.Reply reply;
        do {
            reply = api.sendEmail(Api.newIdempotencyKey(), aSend());
            replies.add(reply);
        } while (reply.status() != 202 && replies.size() < 5);

        assertThat(reply.status()).as("recovered by itself: %s", replies).isEqualTo(202);
        for (Api.Reply refused : replies.subList(0, replies.size() - 1)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.error()).isEqualTo("service_unavailable");
            assertThat(refused.header("Retry-After")).hasValue("5");
        }
        Api.Reply accepted = api.get("/api/v1/emails/" + before.json().getString("id"));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(Api.anonymous().get("/health/ready").status()).isEqualTo(200);
    }

    /** Terminates every other session on the server's database, as a restart does; returns how many. */
    private static int endTheServersConnections() throws SQLException {
        String user = Optional.ofNullable(System.getenv("SEGMENTFLOW_DB_USER")).orElse("segmentflow");
        String password =
                Optional.ofNullable(System.getenv("SEGMENTFLOW_DB_PASSWORD")).orElse("");
        try (Connection admin = DriverManager.getConnection(DB_URL, user, password);
                Statement statement = admin.createStatement();
                ResultSet ended = statement.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))"
                        + " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            ended.next();
            return ended.getInt(1);
        }
    }
}
