package io.segmentflow.it;

import static io.segmentflow.it.Client.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.it.client.ApiResponse;
import io.segmentflow.it.client.model.EmailSend;
import io.segmentflow.it.client.model.RenderRequest;
import io.segmentflow.it.client.model.Rendered;
import io.segmentflow.it.client.model.SendEmailRequest;
import io.segmentflow.it.client.model.Template;
import io.segmentflow.it.client.model.TemplateRequest;
import jakarta.json.Json;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Templates: saved, previewed, edited, deleted; and customer templates cannot run code. */
class TemplateIT {
    private static final Client api = Client.withBootstrapKey();

    private static TemplateRequest template(String subject, String html) {
        return new TemplateRequest().name("IT template").subject(subject).html(html);
    }

    private static Client.Refusal refusedToSave(TemplateRequest template) {
        return Client.refusal(() -> api.templates.templatesCreate(template));
    }

    @Test
    void a_template_is_created_read_previewed_and_deleted() {
        ApiResponse<Template> created = call(() -> api.templates.templatesCreateWithHttpInfo(
                template("Welcome [[${profile.firstName}]]", "<p th:text=\"${data.plan}\">plan</p>")
                        .text("Plan: [[${data.plan}]]")
                        .kind(TemplateRequest.KindEnum.TRANSACTIONAL)));
        assertThat(created.getStatusCode()).isEqualTo(201);
        String id = created.getData().getId();
        assertThat(Client.header(created, "Location")).hasValue(Api.BASE_URL + "/api/v1/templates/" + id);

        Template read = call(() -> api.templates.templatesGet(id));
        assertThat(read.getSubject()).isEqualTo("Welcome [[${profile.firstName}]]");
        assertThat(read.getKind()).isEqualTo(Template.KindEnum.TRANSACTIONAL);

        Rendered preview = call(() -> api.templates.templatesRender(
                id, new RenderRequest().data(Map.of("plan", "Pro")).profile(Map.of("firstName", "Grace"))));
        assertThat(preview.getSubject()).isEqualTo("Welcome Grace");
        assertThat(preview.getHtml()).isEqualTo("<p>Pro</p>");
        assertThat(preview.getText()).isEqualTo("Plan: Pro");

        assertThat(call(() -> api.templates.templatesList()).getData())
                .extracting(Template::getId)
                .contains(id);
        assertThat(call(() -> api.templates.templatesDeleteWithHttpInfo(id)).getStatusCode())
                .isEqualTo(204);
        assertThat(Client.refusal(() -> api.templates.templatesGet(id)).status())
                .isEqualTo(404);
        assertThat(Client.refusal(() -> api.templates.templatesDeleteWithHttpInfo(id))
                        .status())
                .isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<p th:text=\"${T(java.lang.Runtime).getRuntime().exec('id')}\">x</p>",
                "<p th:text=\"${data.name.getClass().forName('java.lang.System')}\">x</p>",
                "<p th:text=\"${new java.io.File('/etc/passwd')}\">x</p>",
                "<p th:text=\"${#ctx}\">x</p>",
                "<p th:text=\"${__${data.expr}__}\">x</p>",
                "<p th:utext=\"${data.html}\">x</p>",
                "<div th:insert=\"~{other :: fragment}\">x</div>",
                "<p>[(${data.html})]</p>",
                "<p th:with=\"x=${data.a}\" th:text=\"${x}\">x</p>"
            })
    void a_template_that_asks_for_more_than_paths_is_refused_when_saved(String html) {
        Client.Refusal reply = refusedToSave(template("Hi", html));

        assertThat(reply.status()).as(html + " -> " + reply).isEqualTo(422);
        assertThat(reply.error()).isEqualTo("template_invalid");
        assertThat(reply.errorFields()).contains("html");
    }

    @Test
    void an_expression_in_the_subject_is_checked_too() {
        Client.Refusal reply = refusedToSave(template("Hi [[${T(java.lang.System).getenv()}]]", "<p>hi</p>"));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.errorFields()).contains("subject");
    }

    @Test
    void template_syntax_inside_data_renders_as_inert_text() throws Exception {
        String id = api.createTemplate("Hello [[${data.name}]]", "<p th:text=\"${data.name}\">x</p>", null);
        String payload = "${T(java.lang.Runtime).getRuntime().exec('id')} __${7*7}__ [[${data.secret}]] <script>";
        String recipient = Api.newRecipient();
        Map<String, Object> data = Map.of("name", payload, "secret", "s3cret");

        Rendered preview = call(() -> api.templates.templatesRender(id, new RenderRequest().data(data)));
        ApiResponse<EmailSend> sent = call(() -> api.emails.emailsSendWithHttpInfo(
                Api.newIdempotencyKey(),
                new SendEmailRequest().templateId(id).to(Client.to(recipient)).data(data)));

        assertThat(preview.getHtml())
                .contains("${T(java.lang.Runtime).getRuntime().exec(&#39;id&#39;)}")
                .contains("__${7*7}__")
                .contains("[[${data.secret}]]")
                .contains("&lt;script&gt;")
                .doesNotContain("s3cret")
                .doesNotContain("49");
        assertThat(sent.getStatusCode()).isEqualTo(202);
        MimeMessage message = SmtpServer.awaitOneMessageTo(recipient, Duration.ofSeconds(20));
        assertThat(message.getSubject()).contains("__${7*7}__").doesNotContain("s3cret");
    }

    @Test
    void a_template_needs_a_name_a_subject_and_html() {
        // The client cannot send a kind the document does not list, so this body is written by hand.
        Api.Reply reply = Api.withBootstrapKey()
                .post(
                        "/api/v1/templates",
                        Json.createObjectBuilder().add("kind", "newsletter").build());

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
                Arguments.of(
                        "html", template("s", "<a th:href=\"@{https://x.example/(p=" + UNARY_CHAIN + ")}\">x</a>")));
    }

    /** Before the fix the first took 37 s and 3 GB of heap to save; each is refused at once now. */
    @ParameterizedTest
    @MethodSource("costlyTemplates")
    void a_template_that_would_cost_the_parser_minutes_is_refused_at_once(String field, TemplateRequest template) {
        long start = System.nanoTime();
        Client.Refusal reply = refusedToSave(template);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.error()).isEqualTo("template_invalid");
        assertThat(reply.errorFields()).containsExactly(field);
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    // --- values are safe where they land ------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<script>var user = [[${data.name}]];</script>",
                "<style>p { color: [[${data.color}]] }</style>",
                "<p th:style=\"${data.css}\">x</p>",
                "<p th:onclick=\"${data.js}\">x</p>"
            })
    void expressions_in_script_style_and_handlers_are_refused_when_saved(String html) {
        Client.Refusal reply = refusedToSave(template("Hi", html));

        assertThat(reply.status()).as(html + " -> " + reply).isEqualTo(422);
        assertThat(reply.error()).isEqualTo("template_invalid");
        assertThat(reply.body()).containsAnyOf("script", "style", "event handler");
    }

    @Test
    void an_unsafe_url_from_data_becomes_a_harmless_link_in_the_preview_and_in_the_sent_message() throws Exception {
        String id = api.createTemplate("Link", "<a th:href=\"${data.url}\">open</a><img th:src=\"${data.url}\">", null);
        String recipient = Api.newRecipient();
        Map<String, Object> data = Map.of("url", "  JavaScript:alert(document.cookie)");

        Rendered preview = call(() -> api.templates.templatesRender(id, new RenderRequest().data(data)));
        ApiResponse<EmailSend> sent = call(() -> api.emails.emailsSendWithHttpInfo(
                Api.newIdempotencyKey(),
                new SendEmailRequest().templateId(id).to(Client.to(recipient)).data(data)));

        assertThat(preview.getHtml())
                .isEqualTo("<a href=\"about:invalid#unsafe-url\">open</a><img src=\"about:invalid#unsafe-url\">");
        assertThat(preview.getWarnings()).hasSize(2);
        assertThat(sent.getStatusCode()).isEqualTo(202);
        MimeMessage message = SmtpServer.awaitOneMessageTo(recipient, Duration.ofSeconds(20));
        assertThat(htmlOf(message))
                .contains("href=\"about:invalid#unsafe-url\"")
                .doesNotContainIgnoringCase("javascript:");
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
