package io.segmentflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API keys: authentication, scopes, revocation, and workspace isolation. */
class AccessIT {
    private static final Api api = Api.withBootstrapKey();
    private static String templateId;

    @BeforeAll
    static void template() {
        SmtpServer.get();
        templateId = api.createTemplate("Hello", "<p>Hello</p>", null);
    }

    private static JsonObject hello() {
        return Json.createObjectBuilder().add("templateId", templateId)
                .add("to", Json.createObjectBuilder().add("email", Api.newRecipient())).build();
    }

    private static String issueKey(String... scopes) {
        var list = Json.createArrayBuilder();
        for (String s : scopes) {
            list.add(s);
        }
        Api.Reply created = api.post("/api/v1/api-keys",
                Json.createObjectBuilder().add("name", "IT key").add("scopes", list).build());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().getString("key")).startsWith("sf_");
        return created.json().getString("key");
    }

    @Test
    void no_key_gets_401_problem() {
        Api.Reply reply = Api.anonymous().sendEmail(Api.newIdempotencyKey(), hello());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.error()).isEqualTo("unauthorized");
        assertThat(reply.json().getInt("status")).isEqualTo(401);
        assertThat(reply.json().getString("type")).isNotBlank();
        assertThat(reply.json().getString("title")).isNotBlank();
    }

    @Test
    void an_unknown_key_gets_401() {
        Api.Reply reply = Api.withKey("sf_not_a_real_key_0000000000000000").get("/api/v1/templates");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.error()).isEqualTo("unauthorized");
    }

    @Test
    void without_a_valid_key_an_unknown_route_or_method_answers_401_not_404_or_405() throws Exception {
        Api anonymous = Api.anonymous();

        List<Api.Reply> replies = List.of(
                anonymous.get("/api/v1/nothing-here"),
                anonymous.get("/api/v1/emails/em_1/nothing-here"),
                anonymous.delete("/api/v1/emails"),
                anonymous.put("/api/v1/emails", Json.createObjectBuilder().build()),
                anonymous.postRaw("/api/v1/emails", "hello", "text/plain"),
                Api.withKey("sf_not_a_real_key_1111111111111111").get("/api/v1/nothing-here"));

        for (Api.Reply reply : replies) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.error()).isEqualTo("unauthorized");
            assertThat(reply.header("WWW-Authenticate")).isPresent();
        }
    }

    @Test
    void paths_under_api_outside_v1_ask_for_a_key_first_then_are_not_found_as_problems() {
        for (String path : List.of("/api/", "/api/v2/emails", "/api/nothing-here")) {
            Api.Reply anonymous = Api.anonymous().get(path);
            Api.Reply withKey = api.get(path);

            assertThat(anonymous.status()).as(path + " -> " + anonymous).isEqualTo(401);
            assertThat(anonymous.contentType()).startsWith("application/problem+json");
            assertThat(anonymous.error()).isEqualTo("unauthorized");
            assertThat(withKey.status()).as(path + " -> " + withKey).isEqualTo(404);
            assertThat(withKey.contentType()).startsWith("application/problem+json");
            assertThat(withKey.error()).isEqualTo("not_found");
            assertThat(withKey.raw().body()).doesNotContain("SRVE").doesNotContain("Exception");
        }
    }

    @Test
    void with_a_valid_key_routing_refusals_are_problems_in_the_apis_own_words() throws Exception {
        Api.Reply route = api.get("/api/v1/nothing-here");
        Api.Reply method = api.delete("/api/v1/emails");
        Api.Reply mediaType = api.postRaw("/api/v1/emails", "hello", "text/plain", "Idempotency-Key", "k-media");
        HttpResponse<String> accept = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(Api.BASE_URL + "/api/v1/templates/" + templateId))
                .header("x-api-key", Api.BOOTSTRAP_KEY).header("Accept", "text/csv").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(route.status()).isEqualTo(404);
        assertThat(route.error()).isEqualTo("not_found");
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.error()).isEqualTo("method_not_allowed");
        assertThat(method.header("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("POST"));
        assertThat(method.json().getString("detail")).contains("POST");
        assertThat(mediaType.status()).isEqualTo(415);
        assertThat(mediaType.error()).isEqualTo("unsupported_media_type");
        assertThat(mediaType.json().getString("detail")).contains("application/json");
        assertThat(accept.statusCode()).isEqualTo(406);
        assertThat(accept.body()).contains("\"error\":\"not_acceptable\"");
        for (String body : List.of(route.raw().body(), method.raw().body(), mediaType.raw().body(), accept.body())) {
            assertThat(body).doesNotContainIgnoringCase("resteasy").doesNotContain("Exception").doesNotContain("jakarta.");
        }
    }

    @Test
    void a_bearer_token_works_like_x_api_key() throws Exception {
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(Api.BASE_URL + "/api/v1/templates/" + templateId))
                .header("Authorization", "Bearer " + Api.BOOTSTRAP_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(reply.statusCode()).isEqualTo(200);
    }

    @Test
    void a_key_without_the_scope_gets_403_and_with_it_succeeds() {
        Api readOnly = Api.withKey(issueKey("emails:read"));
        Api writer = Api.withKey(issueKey("emails:write"));

        Api.Reply refused = readOnly.sendEmail(Api.newIdempotencyKey(), hello());
        Api.Reply accepted = writer.sendEmail(Api.newIdempotencyKey(), hello());

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).isEqualTo("insufficient_scope");
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(writer.get("/api/v1/emails/" + accepted.json().getString("id")).status()).isEqualTo(403);
        assertThat(readOnly.get("/api/v1/emails/" + accepted.json().getString("id")).status()).isEqualTo(200);
    }

    @Test
    void a_key_cannot_grant_scopes_it_does_not_hold() {
        Api limited = Api.withKey(issueKey("api_keys:write", "emails:read"));

        Api.Reply reply = limited.post("/api/v1/api-keys", Json.createObjectBuilder().add("name", "escalate")
                .add("scopes", Json.createArrayBuilder().add("emails:write")).build());

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.error()).isEqualTo("insufficient_scope");
    }

    @Test
    void a_revoked_key_is_refused_at_once() {
        Api.Reply created = api.post("/api/v1/api-keys", Json.createObjectBuilder().add("name", "to revoke")
                .add("scopes", Json.createArrayBuilder().add("templates:read")).build());
        Api key = Api.withKey(created.json().getString("key"));
        assertThat(key.get("/api/v1/templates").status()).isEqualTo(200);

        assertThat(api.delete("/api/v1/api-keys/" + created.json().getString("id")).status()).isEqualTo(204);

        assertThat(key.get("/api/v1/templates").status()).isEqualTo(401);
    }

    @Test
    void the_key_list_never_shows_secrets() {
        String secret = issueKey("emails:read");

        Api.Reply list = api.get("/api/v1/api-keys");

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.raw().body()).doesNotContain(secret).contains(secret.substring(0, 12));
    }

    @Test
    void another_workspaces_ids_are_not_found() {
        Api other = Workspaces.createOther();
        Api.Reply mine = api.sendEmail(Api.newIdempotencyKey(), hello());
        String emailId = mine.json().getString("id");

        Api.Reply email = other.get("/api/v1/emails/" + emailId);
        Api.Reply template = other.get("/api/v1/templates/" + templateId);
        Api.Reply sendWithMyTemplate = other.sendEmail(Api.newIdempotencyKey(), hello());
        Api.Reply editMyTemplate = other.put("/api/v1/templates/" + templateId, Json.createObjectBuilder()
                .add("name", "x").add("subject", "x").add("html", "<p>x</p>").build());

        assertThat(email.status()).isEqualTo(404);
        assertThat(email.error()).isEqualTo("not_found");
        assertThat(template.status()).isEqualTo(404);
        assertThat(sendWithMyTemplate.status()).isEqualTo(404);
        assertThat(editMyTemplate.status()).isEqualTo(404);
        assertThat(other.delete("/api/v1/templates/" + templateId).status()).isEqualTo(404);
    }

    @Test
    void only_the_operator_key_creates_workspaces() {
        Api tenant = Workspaces.createOther();

        Api.Reply reply = tenant.post("/api/v1/workspaces", Json.createObjectBuilder().add("name", "nested").build());

        assertThat(reply.status()).isEqualTo(403);
    }
}
