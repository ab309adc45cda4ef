package io.segmentflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Templates: saved, previewed, edited, deleted; and customer templates cannot run code. */
class TemplateIT {
    private static final Api api = Api.withBootstrapKey();

    private static JsonObject template(String subject, String html) {
        return Json.createObjectBuilder().add("name", "IT template").add("subject", subject).add("html", html).build();
    }

    @Test
    void a_template_is_created_read_previewed_and_deleted() {
        Api.Reply created = api.post("/api/v1/templates", Json.createObjectBuilder(
                template("Welcome [[${profile.firstName}]]", "<p th:text=\"${data.plan}\">plan</p>"))
                .add("text", "Plan: [[${data.plan}]]").add("kind", "transactional").build());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().getString("id");
        assertThat(created.header("Location")).hasValue(Api.BASE_URL + "/api/v1/templates/" + id);

        Api.Reply read = api.get("/api/v1/templates/" + id);
        assertThat(read.json().getString("subject")).isEqualTo("Welcome [[${profile.firstName}]]");
        assertThat(read.json().getString("kind")).isEqualTo("transactional");

        Api.Reply preview = api.post("/api/v1/templates/" + id + "/render", Json.createObjectBuilder()
                .add("data", Json.createObjectBuilder().add("plan", "Pro"))
                .add("profile", Json.createObjectBuilder().add("firstName", "Grace")).build());
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        assertThat(preview.json().getString("subject")).isEqualTo("Welcome Grace");
        assertThat(preview.json().getString("html")).isEqualTo("<p>Pro</p>");
        assertThat(preview.json().getString("text")).isEqualTo("Plan: Pro");

        assertThat(api.get("/api/v1/templates").raw().body()).contains(id);
        assertThat(api.delete("/api/v1/templates/" + id).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/templates/" + id).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/templates/" + id).status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<p th:text=\"${T(java.lang.Runtime).getRuntime().exec('id')}\">x</p>",
            "<p th:text=\"${data.name.getClass().forName('java.lang.System')}\">x</p>",
            "<p th:text=\"${new java.io.File('/etc/passwd')}\">x</p>",
            "<p th:text=\"${#ctx}\">x</p>",
            "<p th:text=\"${__${data.expr}__}\">x</p>",
            "<p th:utext=\"${data.html}\">x</p>",
            "<div th:insert=\"~{other :: fragment}\">x</div>",
            "<p>[(${data.html})]</p>",
            "<p th:with=\"x=${data.a}\" th:text=\"${x}\">x</p>"})
    void a_template_that_asks_for_more_than_paths_is_refused_when_saved(String html) {
        Api.Reply reply = api.post("/api/v1/templates", template("Hi", html));

        assertThat(reply.status()).as(html + " -> " + reply).isEqualTo(422);
        assertThat(reply.error()).isEqualTo("template_invalid");
        assertThat(reply.errorFields()).contains("html");
    }

    @Test
    void an_expression_in_the_subject_is_checked_too() {
        Api.Reply reply = api.post("/api/v1/templates",
                template("Hi [[${T(java.lang.System).getenv()}]]", "<p>hi</p>"));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.errorFields()).contains("subject");
    }

    @Test
    void template_syntax_inside_data_renders_as_inert_text() throws Exception {
        String id = api.createTemplate("Hello [[${data.name}]]", "<p th:text=\"${data.name}\">x</p>", null);
        String payload = "${T(java.lang.Runtime).getRuntime().exec('id')} __${7*7}__ [[${data.secret}]] <script>";
        String recipient = Api.newRecipient();

        Api.Reply preview = api.post("/api/v1/templates/" + id + "/render", Json.createObjectBuilder()
                .add("data", Json.createObjectBuilder().add("name", payload).add("secret", "s3cret")).build());
        Api.Reply sent = api.sendEmail(Api.newIdempotencyKey(), Json.createObjectBuilder().add("templateId", id)
                .add("to", Json.createObjectBuilder().add("email", recipient))
                .add("data", Json.createObjectBuilder().add("name", payload).add("secret", "s3cret")).build());

        assertThat(preview.json().getString("html"))
                .contains("${T(java.lang.Runtime).getRuntime().exec(&#39;id&#39;)}")
                .contains("__${7*7}__")
                .contains("[[${data.secret}]]")
                .contains("&lt;script&gt;")
                .doesNotContain("s3cret")
                .doesNotContain("49");
        assertThat(sent.status()).isEqualTo(202);
        MimeMessage message = SmtpServer.awaitOneMessageTo(recipient, Duration.ofSeconds(20));
        assertThat(message.getSubject()).contains("__${7*7}__").doesNotContain("s3cret");
    }

    @Test
    void a_template_needs_a_name_a_subject_and_html() {
        Api.Reply reply = api.post("/api/v1/templates", Json.createObjectBuilder().add("kind", "newsletter").build());

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.errorFields()).contains("name", "subject", "html", "kind");
    }

    // --- no template can stall the server ---------------------------------------------------------------

    private static final String UNARY_CHAIN = "-1*!".repeat(13) + "1";

    static Stream<Arguments> costlyTemplates() {
        String quoteTrick = "'\\'' + " + UNARY_CHAIN;
        return Stream.of(
                Arguments.of("html", template("s", "<p th:text=\"" + quoteTrick + "\">x</p>")),
                Arguments.of("subject", template("[# th:text=\"" + quoteTrick + "\"/]", "<p>x</p>")),
                Arguments.of("html", template("s", "<a th:href=\"@{https://x.example/(p=" + UNARY_CHAIN + ")}\">x</a>")));
    }

    /** Before the fix the first took 37 s and 3 GB of heap to save; each is refused at once now. */
    @ParameterizedTest
    @MethodSource("costlyTemplates")
    void a_template_that_would_cost_the_parser_minutes_is_refused_at_once(String field, JsonObject template) {
        long start = System.nanoTime();
        Api.Reply reply = api.post("/api/v1/templates", template);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.error()).isEqualTo("template_invalid");
        assertThat(reply.errorFields()).containsExactly(field);
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    // --- values are safe where they land ------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
            "<script>var user = [[${data.name}]];</script>",
            "<style>p { color: [[${data.color}]] }</style>",
            "<p th:style=\"${data.css}\">x</p>",
            "<p th:onclick=\"${data.js}\">x</p>"})
    void expressions_in_script_style_and_handlers_are_refused_when_saved(String html) {
        Api.Reply reply = api.post("/api/v1/templates", template("Hi", html));

        assertThat(reply.status()).as(html + " -> " + reply).isEqualTo(422);
        assertThat(reply.error()).isEqualTo("template_invalid");
        assertThat(reply.raw().body()).containsAnyOf("script", "style", "event handler");
    }

    @Test
    void an_unsafe_url_from_data_becomes_a_harmless_link_in_the_preview_and_in_the_sent_message() throws Exception {
        String id = api.createTemplate("Link", "<a th:href=\"${data.url}\">open</a><img th:src=\"${data.url}\">", null);
        String recipient = Api.newRecipient();
        JsonObject data = Json.createObjectBuilder().add("url", "  JavaScript:alert(document.cookie)").build();

        Api.Reply preview = api.post("/api/v1/templates/" + id + "/render",
                Json.createObjectBuilder().add("data", data).build());
        Api.Reply sent = api.sendEmail(Api.newIdempotencyKey(), Json.createObjectBuilder().add("templateId", id)
                .add("to", Json.createObjectBuilder().add("email", recipient)).add("data", data).build());

        assertThat(preview.json().getString("html"))
                .isEqualTo("<a href=\"about:invalid#unsafe-url\">open</a><img src=\"about:invalid#unsafe-url\">");
        assertThat(preview.json().getJsonArray("warnings")).hasSize(2);
        assertThat(sent.status()).isEqualTo(202);
        MimeMessage message = SmtpServer.awaitOneMessageTo(recipient, Duration.ofSeconds(20));
        assertThat(htmlOf(message)).contains("href=\"about:invalid#unsafe-url\"").doesNotContainIgnoringCase("javascript:");
    }

    private static String htmlOf(MimeMessage message) throws Exception {
        if (message.getContent() instanceof MimeMultipart parts) {
            for (int i = 0; i < parts.getCount(); i++) {
                if (parts.getBodyPart(i).isMimeType("text/html")) {
                    return parts.getBodyPart(i).getContent().toString();
                }
            }
        }
        return message.getContent().toString();
    }
}
