package io.segmentflow.it;

import static io.segmentflow.it.Client.call;
import static io.segmentflow.it.Client.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.segmentflow.it.client.ApiException;
import io.segmentflow.it.client.ApiResponse;
import io.segmentflow.it.client.model.ApiKey;
import io.segmentflow.it.client.model.ApiKeyRequest;
import io.segmentflow.it.client.model.EmailSend;
import io.segmentflow.it.client.model.IssuedApiKey;
import io.segmentflow.it.client.model.Scope;
import io.segmentflow.it.client.model.SendEmailRequest;
import io.segmentflow.it.client.model.TemplateRequest;
import io.segmentflow.it.client.model.WorkspaceRequest;
import jakarta.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API keys: authentication, scopes, revocation, and workspace isolation. */
class AccessIT {
    private static final Client api = Client.withBootstrapKey();
    private static String templateId;

    @BeforeAll
    static void template() {
        SmtpServer.get();
        templateId = api.createTemplate("Hello", "<p>Hello</p>", null);
    }

    private static SendEmailRequest hello() {
        return new SendEmailRequest().templateId(templateId).to(Client.to(Api.newRecipient()));
    }

    private static IssuedApiKey issue(Scope... scopes) {
        ApiResponse<IssuedApiKey> created = call(() -> api.access.apiKeysCreateWithHttpInfo(
                new ApiKeyRequest().name("IT key").scopes(Arrays.asList(scopes))));
        assertThat(created.getStatusCode()).isEqualTo(201);
        assertThat(created.getData().getKey()).startsWith("sf_");
        return created.getData();
    }

    private static String issueKey(Scope... scopes) {
        return issue(scopes).getKey();
    }

    @Test
    void no_key_gets_401_problem() {
        Client.Refusal reply = refusal(() -> Client.anonymous().emails.emailsSend(Api.newIdempotencyKey(), hello()));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.error()).isEqualTo("unauthorized");
        assertThat(reply.problem().getStatus()).isEqualTo(401);
        assertThat(reply.problem().getType()).isNotBlank();
        assertThat(reply.problem().getTitle()).isNotBlank();
    }

    @Test
    void an_unknown_key_gets_401() {
        Client.Refusal reply = refusal(() ->
                Client.withKey("sf_not_a_real_key_0000000000000000").templates.templatesList());

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
            Api.Reply withKey = api.raw().get(path);

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
        Api.Reply route = api.raw().get("/api/v1/nothing-here");
        Api.Reply method = api.raw().delete("/api/v1/emails");
        Api.Reply mediaType = api.raw().postRaw("/api/v1/emails", "hello", "text/plain", "Idempotency-Key", "k-media");
        HttpResponse<String> accept = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(Api.BASE_URL + "/api/v1/templates/" + templateId))
                                .header("x-api-key", Api.BOOTSTRAP_KEY)
                                .header("Accept", "text/csv")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(route.status()).isEqualTo(404);
        assertThat(route.error()).isEqualTo("not_found");
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.error()).isEqualTo("method_not_allowed");
        assertThat(method.header("Allow"))
                .hasValueSatisfying(allow -> assertThat(allow).contains("POST"));
        assertThat(method.json().getString("detail")).contains("POST");
        assertThat(mediaType.status()).isEqualTo(415);
        assertThat(mediaType.error()).isEqualTo("unsupported_media_type");
        assertThat(mediaType.json().getString("detail")).contains("application/json");
        assertThat(accept.statusCode()).isEqualTo(406);
        assertThat(accept.body()).contains("\"error\":\"not_acceptable\"");
        for (String body :
                List.of(route.raw().body(), method.raw().body(), mediaType.raw().body(), accept.body())) {
            assertThat(body)
                    .doesNotContainIgnoringCase("resteasy")
                    .doesNotContain("Exception")
                    .doesNotContain("jakarta.");
        }
    }

    @Test
    void a_bearer_token_works_like_x_api_key() throws Exception {
        HttpResponse<String> reply = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(Api.BASE_URL + "/api/v1/templates/" + templateId))
                                .header("Authorization", "Bearer " + Api.BOOTSTRAP_KEY)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(reply.statusCode()).isEqualTo(200);
    }

    @Test
    void a_key_without_the_scope_gets_403_and_with_it_succeeds() {
        Client readOnly = Client.withKey(issueKey(Scope.EMAILS_READ));
        Client writer = Client.withKey(issueKey(Scope.EMAILS_WRITE));

        Client.Refusal refused = refusal(() -> readOnly.emails.emailsSend(Api.newIdempotencyKey(), hello()));
        ApiResponse<EmailSend> accepted =
                call(() -> writer.emails.emailsSendWithHttpInfo(Api.newIdempotencyKey(), hello()));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).isEqualTo("insufficient_scope");
        assertThat(accepted.getStatusCode()).isEqualTo(202);
        String id = accepted.getData().getId();
        assertThat(refusal(() -> writer.emails.emailsGet(id)).status()).isEqualTo(403);
        assertThat(call(() -> readOnly.emails.emailsGetWithHttpInfo(id)).getStatusCode())
                .isEqualTo(200);
    }

    @Test
    void a_key_cannot_grant_scopes_it_does_not_hold() {
        Client limited = Client.withKey(issueKey(Scope.API_KEYS_WRITE, Scope.EMAILS_READ));

        Client.Refusal reply = refusal(() -> limited.access.apiKeysCreate(
                new ApiKeyRequest().name("escalate").scopes(List.of(Scope.EMAILS_WRITE))));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.error()).isEqualTo("insufficient_scope");
    }

    @Test
    void a_revoked_key_is_refused_at_once() {
        IssuedApiKey created = issue(Scope.TEMPLATES_READ);
        Client key = Client.withKey(created.getKey());
        assertThat(call(() -> key.templates.templatesListWithHttpInfo()).getStatusCode())
                .isEqualTo(200);

        assertThat(call(() -> api.access.apiKeysRevokeWithHttpInfo(created.getId()))
                        .getStatusCode())
                .isEqualTo(204);

        assertThat(refusal(() -> key.templates.templatesList()).status()).isEqualTo(401);
    }

    /**
     * Another node shares only the database: its revocation reaches this server as a notification at its commit, and
     * the key this server kept in memory since its last use is refused from then on.
     */
    @Test
    void a_key_revoked_by_another_node_is_refused_as_soon_as_its_commit_is_heard() throws Exception {
        String url = System.getenv("SEGMENTFLOW_DB_URL");
        assumeTrue(
                url != null && url.startsWith("jdbc:postgresql:"),
                "nodes share a PostgreSQL database; the server runs on its embedded one");
        IssuedApiKey created = issue(Scope.TEMPLATES_READ);
        Client key = Client.withKey(created.getKey());
        for (int i = 0; i < 3; i++) {
            assertThat(call(() -> key.templates.templatesListWithHttpInfo()).getStatusCode())
                    .isEqualTo(200);
        }

        try (Connection otherNode = DriverManager.getConnection(
                        url,
                        Optional.ofNullable(System.getenv("SEGMENTFLOW_DB_USER"))
                                .orElse("segmentflow"),
                        Optional.ofNullable(System.getenv("SEGMENTFLOW_DB_PASSWORD"))
                                .orElse(""));
                PreparedStatement revoke =
                        otherNode.prepareStatement("UPDATE api_keys SET revoked_at = now() WHERE id = ?");
                PreparedStatement tell =
                        otherNode.prepareStatement("SELECT pg_notify('segmentflow_key_revoked', '')")) {
            otherNode.setAutoCommit(false);
            revoke.setString(1, created.getId());
            assertThat(revoke.executeUpdate()).isEqualTo(1);
            tell.execute();
            otherNode.commit();
        }
        long committed = System.nanoTime();

        // The notification crosses to the server's listener while this request is on its way: a few tries at most.
        int status;
        do {
            try {
                status = key.templates.templatesListWithHttpInfo().getStatusCode();
            } catch (ApiException e) {
                status = e.getCode();
            }
        } while (status == 200
                && System.nanoTime() - committed < Duration.ofSeconds(2).toNanos());
        System.out.printf(
                "AccessIT: the key revoked by another node was refused %d ms after its commit%n",
                Duration.ofNanos(System.nanoTime() - committed).toMillis());
        assertThat(status).isEqualTo(401);
    }

    @Test
    void the_key_list_never_shows_secrets() {
        String secret = issueKey(Scope.EMAILS_READ);

        ApiResponse<?> list = call(() -> api.access.apiKeysListWithHttpInfo());
        Api.Reply raw = api.raw().get("/api/v1/api-keys");

        assertThat(list.getStatusCode()).isEqualTo(200);
        assertThat(call(() -> api.access.apiKeysList()).getData())
                .extracting(ApiKey::getPrefix)
                .contains(secret.substring(0, 12));
        assertThat(raw.raw().body()).doesNotContain(secret).contains(secret.substring(0, 12));
    }

    @Test
    void another_workspaces_ids_are_not_found() {
        Client other = Workspaces.createOther();
        String emailId = call(() -> api.emails.emailsSend(Api.newIdempotencyKey(), hello()))
                .getId();

        Client.Refusal email = refusal(() -> other.emails.emailsGet(emailId));
        Client.Refusal template = refusal(() -> other.templates.templatesGet(templateId));
        Client.Refusal sendWithMyTemplate = refusal(() -> other.emails.emailsSend(Api.newIdempotencyKey(), hello()));
        Client.Refusal editMyTemplate = refusal(() -> other.templates.templatesReplace(
                templateId, new TemplateRequest().name("x").subject("x").html("<p>x</p>")));

        assertThat(email.status()).isEqualTo(404);
        assertThat(email.error()).isEqualTo("not_found");
        assertThat(template.status()).isEqualTo(404);
        assertThat(sendWithMyTemplate.status()).isEqualTo(404);
        assertThat(editMyTemplate.status()).isEqualTo(404);
        assertThat(refusal(() -> other.templates.templatesDeleteWithHttpInfo(templateId))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void only_the_operator_key_creates_workspaces() {
        Client tenant = Workspaces.createOther();

        Client.Refusal reply = refusal(() -> tenant.access.workspacesCreate(new WorkspaceRequest().name("nested")));

        assertThat(reply.status()).isEqualTo(403);
    }
}
