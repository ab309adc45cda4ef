package io.segmentflow.it;

import static io.segmentflow.it.Client.call;
import static io.segmentflow.it.Client.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.it.client.ApiResponse;
import io.segmentflow.it.client.model.ApiKeyRequest;
import io.segmentflow.it.client.model.EmailSend;
import io.segmentflow.it.client.model.RecipientReply;
import io.segmentflow.it.client.model.Scope;
import io.segmentflow.it.client.model.SendEmailRequest;
import io.segmentflow.it.client.model.Suppression;
import io.segmentflow.it.client.model.SuppressionPage;
import io.segmentflow.it.client.model.SuppressionRequest;
import io.segmentflow.it.client.model.WithheldRecipient;
import jakarta.json.Json;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The suppression list through the API: managed by hand, matched without regard to case, kept per workspace, and
 * honoured for every recipient of a send, cc and bcc included.
 */
class SuppressionsIT {
    private static final Client api = Client.withBootstrapKey();
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    private static SuppressionRequest email(String address) {
        return new SuppressionRequest().email(address);
    }

    /** A unique address with capitals in both parts, so every test shows the list ignores case. */
    private static String newAddress() {
        String recipient = Api.newRecipient();
        return "Mixed." + recipient.replace("@example.test", "@Example.TEST");
    }

    private static Client withNewKey(Scope... scopes) {
        return Client.withKey(call(() -> api.access.apiKeysCreate(
                        new ApiKeyRequest().name("IT suppressions key").scopes(Arrays.asList(scopes))))
                .getKey());
    }

    private static ApiResponse<Suppression> add(Client client, SuppressionRequest request) {
        return call(() -> client.suppressions.suppressionsAddWithHttpInfo(request));
    }

    @Test
    void an_address_is_added_read_listed_and_removed() {
        Client api = Workspaces.createOther();
        String address = newAddress();
        String listed = address.toLowerCase(Locale.ROOT);

        ApiResponse<Suppression> added = add(api, email(address));
        assertThat(added.getStatusCode()).isEqualTo(201);
        assertThat(Client.header(added, "Location")).hasValue(Api.BASE_URL + "/api/v1/suppressions/" + listed);
        Suppression entry = added.getData();
        assertThat(entry.getObject()).isEqualTo(Suppression.ObjectEnum.SUPPRESSION);
        assertThat(entry.getEmail()).isEqualTo(listed);
        assertThat(entry.getReason()).isEqualTo(Suppression.ReasonEnum.MANUAL);
        assertThat(entry.getDetail()).isNull();
        assertThat(entry.getEmailId()).isNull();
        assertThat(entry.getCreatedAt()).isNotNull();
        // null, not absent: the raw body says so, which the generated model cannot tell apart.
        assertThat(api.raw().get("/api/v1/suppressions/" + listed).raw().body())
                .contains("\"detail\":null")
                .contains("\"emailId\":null");

        ApiResponse<Suppression> read = call(() -> api.suppressions.suppressionsGetWithHttpInfo(listed));
        assertThat(read.getStatusCode()).isEqualTo(200);
        assertThat(read.getData()).isEqualTo(entry);
        SuppressionPage list = call(() -> api.suppressions.suppressionsList(null, null));
        assertThat(list.getData()).containsExactly(entry);
        assertThat(list.getHasMore()).isFalse();
        assertThat(list.getNextCursor()).isNull();

        assertThat(call(() -> api.suppressions.suppressionsRemoveWithHttpInfo(listed))
                        .getStatusCode())
                .isEqualTo(204);
        Client.Refusal gone = refusal(() -> api.suppressions.suppressionsGet(listed));
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.error()).isEqualTo("not_found");
        assertThat(refusal(() -> api.suppressions.suppressionsRemoveWithHttpInfo(listed))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void an_address_matches_whatever_its_case() {
        String address = newAddress();
        add(api, email(address));

        ApiResponse<Suppression> upper =
                call(() -> api.suppressions.suppressionsGetWithHttpInfo(address.toUpperCase(Locale.ROOT)));
        Suppression lower = call(() -> api.suppressions.suppressionsGet(address.toLowerCase(Locale.ROOT)));
        ApiResponse<Void> removed =
                call(() -> api.suppressions.suppressionsRemoveWithHttpInfo(address.toUpperCase(Locale.ROOT)));

        assertThat(upper.getStatusCode()).isEqualTo(200);
        assertThat(lower).isEqualTo(upper.getData());
        assertThat(removed.getStatusCode()).isEqualTo(204);
        assertThat(refusal(() -> api.suppressions.suppressionsGet(address)).status())
                .isEqualTo(404);
    }

    @Test
    void adding_an_address_again_answers_200_with_the_first_entry() {
        String address = newAddress();
        ApiResponse<Suppression> first = add(api, email(address));

        ApiResponse<Suppression> again =
                add(api, email(address.toUpperCase(Locale.ROOT)).reason(SuppressionRequest.ReasonEnum.MANUAL));

        assertThat(first.getStatusCode()).isEqualTo(201);
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(again.getData()).isEqualTo(first.getData());
    }

    @Test
    void a_local_part_with_a_plus_or_a_slash_is_addressed_in_the_path() {
        // Written into the path as they are, unencoded, as a caller building the URL by hand would.
        String plus = "ada+news." + Api.newRecipient();
        String slash = "ada/news." + Api.newRecipient();
        add(api, email(plus));
        add(api, email(slash));
        Api raw = api.raw();

        assertThat(raw.get("/api/v1/suppressions/" + plus).json().getString("email"))
                .isEqualTo(plus);
        assertThat(raw.get("/api/v1/suppressions/" + slash).json().getString("email"))
                .isEqualTo(slash);
        assertThat(raw.delete("/api/v1/suppressions/" + slash).status()).isEqualTo(204);
    }

    @Test
    void another_workspaces_entries_are_invisible() {
        Client other = Workspaces.createOther();
        String address = newAddress().toLowerCase(Locale.ROOT);
        add(api, email(address));

        Client.Refusal read = refusal(() -> other.suppressions.suppressionsGet(address));
        Client.Refusal removed = refusal(() -> other.suppressions.suppressionsRemoveWithHttpInfo(address));
        ApiResponse<SuppressionPage> list = call(() -> other.suppressions.suppressionsListWithHttpInfo(null, null));
        ApiResponse<Suppression> addedThere = add(other, email(address));

        assertThat(read.status()).isEqualTo(404);
        assertThat(read.error()).isEqualTo("not_found");
        assertThat(removed.status()).isEqualTo(404);
        assertThat(list.getStatusCode()).isEqualTo(200);
        assertThat(list.getData().getData()).extracting(Suppression::getEmail).doesNotContain(address);
        assertThat(addedThere.getStatusCode())
                .as("listed anew in the other workspace")
                .isEqualTo(201);
        assertThat(call(() -> api.suppressions.suppressionsGetWithHttpInfo(address))
                        .getStatusCode())
                .isEqualTo(200);
    }

    @Test
    void each_operation_needs_its_scope() {
        Client sender = withNewKey(Scope.EMAILS_READ);
        Client reader = withNewKey(Scope.SUPPRESSIONS_READ);
        String address = newAddress();

        Client.Refusal listBySender = refusal(() -> sender.suppressions.suppressionsList(null, null));
        Client.Refusal addByReader = refusal(() -> reader.suppressions.suppressionsAdd(email(address)));
        add(api, email(address));
        ApiResponse<Suppression> readByReader = call(() -> reader.suppressions.suppressionsGetWithHttpInfo(address));
        Client.Refusal removeByReader = refusal(() -> reader.suppressions.suppressionsRemoveWithHttpInfo(address));

        assertThat(listBySender.status()).isEqualTo(403);
        assertThat(listBySender.error()).isEqualTo("insufficient_scope");
        assertThat(addByReader.status()).isEqualTo(403);
        assertThat(addByReader.error()).isEqualTo("insufficient_scope");
        assertThat(readByReader.getStatusCode()).isEqualTo(200);
        assertThat(removeByReader.status()).isEqualTo(403);
        assertThat(refusal(() -> Client.anonymous().suppressions.suppressionsList(null, null))
                        .status())
                .isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ada@example.test\r\nRCPT TO:<victim@example.test>",
                "not an address",
                "Ada Lovelace <ada@example.test>",
                "ada@",
                ""
            })
    void an_address_that_is_not_one_is_refused(String address) {
        Client.Refusal reply = refusal(() -> api.suppressions.suppressionsAdd(email(address)));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.error()).isEqualTo("validation_failed");
        assertThat(reply.errorFields()).containsExactly("email");
    }

    @Test
    void an_address_too_long_is_refused() {
        Client.Refusal reply = refusal(() -> api.suppressions.suppressionsAdd(
                email("a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + ".test")));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.errorFields()).containsExactly("email");
    }

    @Test
    void only_a_manual_entry_can_be_added_and_only_known_fields_are_taken() {
        // Bodies the document does not allow, so written by hand.
        Api raw = api.raw();
        Api.Reply bounce = raw.post(
                "/api/v1/suppressions",
                Json.createObjectBuilder()
                        .add("email", newAddress())
                        .add("reason", "hard_bounce")
                        .build());
        Api.Reply unknown = raw.post(
                "/api/v1/suppressions",
                Json.createObjectBuilder().add("emial", newAddress()).build());

        assertThat(bounce.status()).isEqualTo(422);
        assertThat(bounce.errorFields()).containsExactly("reason");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.errorFields()).containsExactlyInAnyOrder("emial", "email");
    }

    @Test
    void an_address_in_the_path_that_is_not_one_is_refused() {
        Api raw = api.raw();
        for (String path : List.of(
                "/api/v1/suppressions/not-an-address",
                "/api/v1/suppressions/ada@example.test%20RCPT%20TO:%3Cx@example.test%3E",
                "/api/v1/suppressions/" + "x".repeat(300) + "@example.test")) {
            Api.Reply read = raw.get(path);
            Api.Reply removed = raw.delete(path);

            assertThat(read.status()).as(path + " -> " + read).isEqualTo(422);
            assertThat(read.errorFields()).containsExactly("email");
            assertThat(removed.status()).as(path + " -> " + removed).isEqualTo(422);
        }
    }

    @Test
    void a_line_break_in_the_path_is_refused() throws Exception {
        // Liberty itself refuses it, before the application sees it, and leaves the connection unusable: so
        // this request goes over a client of its own, not the pooled connections the other tests share.
        HttpResponse<String> reply = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                Api.BASE_URL
                                                        + "/api/v1/suppressions/ada%40example.test%0D%0ARCPT%20TO:%3Cx@example.test%3E"))
                                .header("x-api-key", Api.BOOTSTRAP_KEY)
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(reply.statusCode()).as(reply.body()).isBetween(400, 499);
    }

    @Test
    void a_bad_page_size_or_cursor_is_refused() {
        Api raw = api.raw();
        for (String query : List.of("limit=0", "limit=101", "limit=ten", "after=%0D%0Abad")) {
            Api.Reply reply = raw.get("/api/v1/suppressions?" + query);

            assertThat(reply.status()).as(query + " -> " + reply).isEqualTo(422);
            assertThat(reply.error()).isEqualTo("validation_failed");
        }
        Api.Reply both = raw.get("/api/v1/suppressions?limit=ten&after=nonsense");
        assertThat(both.errorFields()).containsExactlyInAnyOrder("limit", "after");
    }

    @Test
    void pages_follow_one_another_until_the_last() {
        Client fresh = Workspaces.createOther();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String address = "p" + i + "." + Api.newRecipient();
            addresses.add(address);
            assertThat(add(fresh, email(address)).getStatusCode()).isEqualTo(201);
        }

        List<String> seen = new ArrayList<>();
        List<Boolean> hasMore = new ArrayList<>();
        String after = null;
        do {
            String cursor = after;
            SuppressionPage page = call(() -> fresh.suppressions.suppressionsList(2, cursor));
            assertThat(page.getObject()).isEqualTo(SuppressionPage.ObjectEnum.LIST);
            page.getData().forEach(s -> seen.add(s.getEmail()));
            hasMore.add(page.getHasMore());
            after = page.getNextCursor();
        } while (after != null);

        assertThat(seen).containsExactlyElementsOf(addresses.stream().sorted().toList());
        assertThat(hasMore).containsExactly(true, true, false);
        SuppressionPage all = call(() -> fresh.suppressions.suppressionsList(null, null));
        assertThat(all.getData()).hasSize(5);
        assertThat(all.getHasMore()).isFalse();
    }

    private static String sendWithCopies(String to, List<String> cc, List<String> bcc) {
        String templateId = api.createTemplate("Receipt", "<p>Thanks</p>", null);
        ApiResponse<EmailSend> accepted = call(() -> api.emails.emailsSendWithHttpInfo(
                Api.newIdempotencyKey(),
                new SendEmailRequest()
                        .templateId(templateId)
                        .to(Client.to(to))
                        .cc(cc)
                        .bcc(bcc)));
        assertThat(accepted.getStatusCode()).isEqualTo(202);
        return accepted.getData().getId();
    }

    @Test
    void a_suppressed_cc_or_bcc_in_any_case_is_withheld_from_the_envelope_and_the_cc_header() {
        String to = Api.newRecipient();
        String ccKept = Api.newRecipient();
        String ccListed = newAddress();
        String bccKept = Api.newRecipient();
        String bccListed = Api.newRecipient();
        add(api, email(ccListed.toLowerCase(Locale.ROOT)));
        add(api, email(bccListed.toUpperCase(Locale.ROOT)));

        String id = sendWithCopies(to, List.of(ccKept, ccListed), List.of(bccKept, bccListed));
        EmailSend sent = api.awaitFinal(id, DELIVERY);

        assertThat(sent.getStatus()).isEqualTo(EmailSend.StatusEnum.SENT);
        MimeMessage received = SmtpServer.awaitOneMessageTo(to, DELIVERY);
        SmtpServer.awaitOneMessageTo(ccKept, DELIVERY);
        SmtpServer.awaitOneMessageTo(bccKept, DELIVERY);
        assertThat(SmtpServer.header(received, "Cc")).contains(ccKept).doesNotContainIgnoringCase(ccListed);
        assertThat(SmtpServer.messagesToAnyCase(ccListed)).isEmpty();
        assertThat(SmtpServer.messagesToAnyCase(bccListed)).isEmpty();
        assertThat(sent.getWithheldRecipients())
                .containsExactly(
                        new WithheldRecipient()
                                .email(ccListed.replace("@Example.TEST", "@example.test"))
                                .kind(WithheldRecipient.KindEnum.CC)
                                .reason(WithheldRecipient.ReasonEnum.SUPPRESSED)
                                .suppressionReason(WithheldRecipient.SuppressionReasonEnum.MANUAL),
                        new WithheldRecipient()
                                .kind(WithheldRecipient.KindEnum.BCC)
                                .reason(WithheldRecipient.ReasonEnum.SUPPRESSED)
                                .suppressionReason(WithheldRecipient.SuppressionReasonEnum.MANUAL));
        List<RecipientReply> recipients = sent.getDeliveryAttempts().get(0).getRecipients();
        assertThat(recipients)
                .extracting(r -> r.getKind().getValue() + " " + (r.getEmail() == null ? "-" : r.getEmail()) + " "
                        + r.getResult().getValue())
                .containsExactly("to " + to + " accepted", "cc " + ccKept + " accepted", "bcc - accepted");
        assertThat(api.raw().get("/api/v1/emails/" + id).raw().body())
                .doesNotContainIgnoringCase(bccKept)
                .doesNotContainIgnoringCase(bccListed);
    }

    @Test
    void a_send_whose_every_recipient_is_suppressed_is_skipped() {
        String to = newAddress();
        String cc = newAddress();
        String bcc = newAddress();
        for (String address : List.of(to, cc, bcc)) {
            add(api, email(address.toUpperCase(Locale.ROOT)));
        }

        EmailSend skipped = api.awaitFinal(sendWithCopies(to, List.of(cc), List.of(bcc)), DELIVERY);

        assertThat(skipped.getStatus()).isEqualTo(EmailSend.StatusEnum.SKIPPED);
        assertThat(skipped.getAttempts()).isZero();
        assertThat(skipped.getDeliveryAttempts()).isEmpty();
        assertThat(skipped.getWithheldRecipients())
                .extracting(r -> r.getKind().getValue())
                .containsExactly("to", "cc", "bcc");
        for (String address : List.of(to, cc, bcc)) {
            assertThat(SmtpServer.messagesToAnyCase(address)).isEmpty();
        }
    }

    @Test
    void a_send_whose_to_recipient_is_suppressed_is_skipped_and_its_copies_are_not_sent() {
        String to = newAddress();
        String cc = Api.newRecipient();
        add(api, email(to));

        EmailSend skipped = api.awaitFinal(sendWithCopies(to, List.of(cc), List.of()), DELIVERY);
        // A send to someone else goes out after it, so a copy to cc would have arrived by then.
        String other = Api.newRecipient();
        api.awaitFinal(sendWithCopies(other, List.of(), List.of()), DELIVERY);
        SmtpServer.awaitOneMessageTo(other, DELIVERY);

        assertThat(skipped.getStatus()).isEqualTo(EmailSend.StatusEnum.SKIPPED);
        assertThat(skipped.getFailureMessage()).contains("suppression list");
        assertThat(SmtpServer.messagesToAnyCase(cc)).isEmpty();
    }
}
