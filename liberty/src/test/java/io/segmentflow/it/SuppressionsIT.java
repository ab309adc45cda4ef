package io.segmentflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
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
    private static final Api api = Api.withBootstrapKey();
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    private static JsonObject email(String address) {
        return Json.createObjectBuilder().add("email", address).build();
    }

    /** A unique address with capitals in both parts, so every test shows the list ignores case. */
    private static String newAddress() {
        String recipient = Api.newRecipient();
        return "Mixed." + recipient.replace("@example.test", "@Example.TEST");
    }

    private static String issueKey(String... scopes) {
        var list = Json.createArrayBuilder();
        for (String s : scopes) {
            list.add(s);
        }
        Api.Reply created = api.post("/api/v1/api-keys",
                Json.createObjectBuilder().add("name", "IT suppressions key").add("scopes", list).build());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().getString("key");
    }

    @Test
    void an_address_is_added_read_listed_and_removed() {
        Api api = Workspaces.createOther();
        String address = newAddress();
        String listed = address.toLowerCase(Locale.ROOT);

        Api.Reply added = api.post("/api/v1/suppressions", email(address));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.header("Location")).hasValue(Api.BASE_URL + "/api/v1/suppressions/" + listed);
        JsonObject entry = added.json();
        assertThat(entry.getString("object")).isEqualTo("suppression");
        assertThat(entry.getString("email")).isEqualTo(listed);
        assertThat(entry.getString("reason")).isEqualTo("manual");
        assertThat(entry.get("detail")).isEqualTo(JsonValue.NULL);
        assertThat(entry.get("emailId")).isEqualTo(JsonValue.NULL);
        assertThat(entry.getString("createdAt")).isNotBlank();

        Api.Reply read = api.get("/api/v1/suppressions/" + listed);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(entry);
        Api.Reply list = api.get("/api/v1/suppressions");
        assertThat(list.json().getJsonArray("data")).containsExactly(entry);
        assertThat(list.json().getBoolean("hasMore")).isFalse();
        assertThat(list.json().get("nextCursor")).isEqualTo(JsonValue.NULL);

        assertThat(api.delete("/api/v1/suppressions/" + listed).status()).isEqualTo(204);
        Api.Reply gone = api.get("/api/v1/suppressions/" + listed);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.error()).isEqualTo("not_found");
        assertThat(api.delete("/api/v1/suppressions/" + listed).status()).isEqualTo(404);
    }

    @Test
    void an_address_matches_whatever_its_case() {
        String address = newAddress();
        api.post("/api/v1/suppressions", email(address));

        Api.Reply upper = api.get("/api/v1/suppressions/" + address.toUpperCase(Locale.ROOT));
        Api.Reply lower = api.get("/api/v1/suppressions/" + address.toLowerCase(Locale.ROOT));
        Api.Reply removed = api.delete("/api/v1/suppressions/" + address.toUpperCase(Locale.ROOT));

        assertThat(upper.status()).as(upper.toString()).isEqualTo(200);
        assertThat(lower.json()).isEqualTo(upper.json());
        assertThat(removed.status()).isEqualTo(204);
        assertThat(api.get("/api/v1/suppressions/" + address).status()).isEqualTo(404);
    }

    @Test
    void adding_an_address_again_answers_200_with_the_first_entry() {
        String address = newAddress();
        Api.Reply first = api.post("/api/v1/suppressions", email(address));

        Api.Reply again = api.post("/api/v1/suppressions", Json.createObjectBuilder()
                .add("email", address.toUpperCase(Locale.ROOT)).add("reason", "manual").build());

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
    }

    @Test
    void a_local_part_with_a_plus_or_a_slash_is_addressed_in_the_path() {
        String plus = "ada+news." + Api.newRecipient();
        String slash = "ada/news." + Api.newRecipient();
        api.post("/api/v1/suppressions", email(plus));
        api.post("/api/v1/suppressions", email(slash));

        assertThat(api.get("/api/v1/suppressions/" + plus).json().getString("email")).isEqualTo(plus);
        assertThat(api.get("/api/v1/suppressions/" + slash).json().getString("email")).isEqualTo(slash);
        assertThat(api.delete("/api/v1/suppressions/" + slash).status()).isEqualTo(204);
    }

    @Test
    void another_workspaces_entries_are_invisible() {
        Api other = Workspaces.createOther();
        String address = newAddress().toLowerCase(Locale.ROOT);
        api.post("/api/v1/suppressions", email(address));

        Api.Reply read = other.get("/api/v1/suppressions/" + address);
        Api.Reply removed = other.delete("/api/v1/suppressions/" + address);
        Api.Reply list = other.get("/api/v1/suppressions");
        Api.Reply addedThere = other.post("/api/v1/suppressions", email(address));

        assertThat(read.status()).isEqualTo(404);
        assertThat(read.error()).isEqualTo("not_found");
        assertThat(removed.status()).isEqualTo(404);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.raw().body()).doesNotContain(address);
        assertThat(addedThere.status()).as("listed anew in the other workspace").isEqualTo(201);
        assertThat(api.get("/api/v1/suppressions/" + address).status()).isEqualTo(200);
    }

    @Test
    void each_operation_needs_its_scope() {
        Api sender = Api.withKey(issueKey("emails:read"));
        Api reader = Api.withKey(issueKey("suppressions:read"));
        String address = newAddress();

        Api.Reply listBySender = sender.get("/api/v1/suppressions");
        Api.Reply addByReader = reader.post("/api/v1/suppressions", email(address));
        api.post("/api/v1/suppressions", email(address));
        Api.Reply readByReader = reader.get("/api/v1/suppressions/" + address);
        Api.Reply removeByReader = reader.delete("/api/v1/suppressions/" + address);

        assertThat(listBySender.status()).isEqualTo(403);
        assertThat(listBySender.error()).isEqualTo("insufficient_scope");
        assertThat(addByReader.status()).isEqualTo(403);
        assertThat(addByReader.error()).isEqualTo("insufficient_scope");
        assertThat(readByReader.status()).isEqualTo(200);
        assertThat(removeByReader.status()).isEqualTo(403);
        assertThat(Api.anonymous().get("/api/v1/suppressions").status()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ada@example.test\r\nRCPT TO:<victim@example.test>",
            "not an address",
            "Ada Lovelace <ada@example.test>",
            "ada@",
            ""})
    void an_address_that_is_not_one_is_refused(String address) {
        Api.Reply reply = api.post("/api/v1/suppressions", email(address));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.error()).isEqualTo("validation_failed");
        assertThat(reply.errorFields()).containsExactly("email");
    }

    @Test
    void an_address_too_long_is_refused() {
        Api.Reply reply = api.post("/api/v1/suppressions", email("a".repeat(64) + "@" + "b".repeat(63) + "."
                + "c".repeat(63) + "." + "d".repeat(63) + ".test"));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
        assertThat(reply.errorFields()).containsExactly("email");
    }

    @Test
    void only_a_manual_entry_can_be_added_and_only_known_fields_are_taken() {
        Api.Reply bounce = api.post("/api/v1/suppressions", Json.createObjectBuilder().add("email", newAddress())
                .add("reason", "hard_bounce").build());
        Api.Reply unknown = api.post("/api/v1/suppressions", Json.createObjectBuilder()
                .add("emial", newAddress()).build());

        assertThat(bounce.status()).isEqualTo(422);
        assertThat(bounce.errorFields()).containsExactly("reason");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.errorFields()).containsExactlyInAnyOrder("emial", "email");
    }

    @Test
    void an_address_in_the_path_that_is_not_one_is_refused() {
        for (String path : List.of("/api/v1/suppressions/not-an-address",
                "/api/v1/suppressions/ada@example.test%20RCPT%20TO:%3Cx@example.test%3E",
                "/api/v1/suppressions/" + "x".repeat(300) + "@example.test")) {
            Api.Reply read = api.get(path);
            Api.Reply removed = api.delete(path);

            assertThat(read.status()).as(path + " -> " + read).isEqualTo(422);
            assertThat(read.errorFields()).containsExactly("email");
            assertThat(removed.status()).as(path + " -> " + removed).isEqualTo(422);
        }
    }

    @Test
    void a_line_break_in_the_path_is_refused() throws Exception {
        // Liberty itself refuses it, before the application sees it, and leaves the connection unusable: so
        // this request goes over a client of its own, not the pooled connections the other tests share.
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(Api.BASE_URL
                                + "/api/v1/suppressions/ada%40example.test%0D%0ARCPT%20TO:%3Cx@example.test%3E"))
                        .header("x-api-key", Api.BOOTSTRAP_KEY).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(reply.statusCode()).as(reply.body()).isBetween(400, 499);
    }

    @Test
    void a_bad_page_size_or_cursor_is_refused() {
        for (String query : List.of("limit=0", "limit=101", "limit=ten", "after=%0D%0Abad")) {
            Api.Reply reply = api.get("/api/v1/suppressions?" + query);

            assertThat(reply.status()).as(query + " -> " + reply).isEqualTo(422);
            assertThat(reply.error()).isEqualTo("validation_failed");
        }
        Api.Reply both = api.get("/api/v1/suppressions?limit=ten&after=nonsense");
        assertThat(both.errorFields()).containsExactlyInAnyOrder("limit", "after");
    }

    @Test
    void pages_follow_one_another_until_the_last() {
        Api fresh = Workspaces.createOther();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String address = "p" + i + "." + Api.newRecipient();
            addresses.add(address);
            assertThat(fresh.post("/api/v1/suppressions", email(address)).status()).isEqualTo(201);
        }

        List<String> seen = new ArrayList<>();
        List<Boolean> hasMore = new ArrayList<>();
        String query = "/api/v1/suppressions?limit=2";
        while (query != null) {
            JsonObject page = fresh.get(query).json();
            assertThat(page.getString("object")).isEqualTo("list");
            page.getJsonArray("data").forEach(s -> seen.add(s.asJsonObject().getString("email")));
            hasMore.add(page.getBoolean("hasMore"));
            query = page.isNull("nextCursor") ? null
                    : "/api/v1/suppressions?limit=2&after=" + page.getString("nextCursor");
        }

        assertThat(seen).containsExactlyElementsOf(addresses.stream().sorted().toList());
        assertThat(hasMore).containsExactly(true, true, false);
        JsonObject all = fresh.get("/api/v1/suppressions").json();
        assertThat(all.getJsonArray("data")).hasSize(5);
        assertThat(all.getBoolean("hasMore")).isFalse();
    }

    private static String sendWithCopies(String to, List<String> cc, List<String> bcc) {
        String templateId = api.createTemplate("Receipt", "<p>Thanks</p>", null);
        JsonArrayBuilder ccs = Json.createArrayBuilder();
        cc.forEach(ccs::add);
        JsonArrayBuilder bccs = Json.createArrayBuilder();
        bcc.forEach(bccs::add);
        Api.Reply accepted = api.sendEmail(Api.newIdempotencyKey(), Json.createObjectBuilder()
                .add("templateId", templateId).add("to", email(to)).add("cc", ccs).add("bcc", bccs).build());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.json().getString("id");
    }

    @Test
    void a_suppressed_cc_or_bcc_in_any_case_is_withheld_from_the_envelope_and_the_cc_header() {
        String to = Api.newRecipient();
        String ccKept = Api.newRecipient();
        String ccListed = newAddress();
        String bccKept = Api.newRecipient();
        String bccListed = Api.newRecipient();
        api.post("/api/v1/suppressions", email(ccListed.toLowerCase(Locale.ROOT)));
        api.post("/api/v1/suppressions", email(bccListed.toUpperCase(Locale.ROOT)));

        String id = sendWithCopies(to, List.of(ccKept, ccListed), List.of(bccKept, bccListed));
        JsonObject sent = api.awaitFinal(id, DELIVERY);

        assertThat(sent.getString("status")).isEqualTo("sent");
        MimeMessage received = SmtpServer.awaitOneMessageTo(to, DELIVERY);
        SmtpServer.awaitOneMessageTo(ccKept, DELIVERY);
        SmtpServer.awaitOneMessageTo(bccKept, DELIVERY);
        assertThat(SmtpServer.header(received, "Cc")).contains(ccKept).doesNotContainIgnoringCase(ccListed);
        assertThat(SmtpServer.messagesToAnyCase(ccListed)).isEmpty();
        assertThat(SmtpServer.messagesToAnyCase(bccListed)).isEmpty();
        assertThat(sent.getJsonArray("withheldRecipients")).containsExactly(
                Json.createObjectBuilder().add("email", ccListed.replace("@Example.TEST", "@example.test")).add("kind", "cc").add("reason", "suppressed")
                        .add("suppressionReason", "manual").build(),
                Json.createObjectBuilder().add("kind", "bcc").add("reason", "suppressed")
                        .add("suppressionReason", "manual").build());
        JsonObject attempt = sent.getJsonArray("deliveryAttempts").getJsonObject(0);
        assertThat(attempt.getJsonArray("recipients").getValuesAs(JsonObject.class))
                .extracting(r -> r.getString("kind") + " " + r.getString("email", "-") + " " + r.getString("result"))
                .containsExactly("to " + to + " accepted", "cc " + ccKept + " accepted", "bcc - accepted");
        assertThat(sent.toString()).doesNotContainIgnoringCase(bccKept).doesNotContainIgnoringCase(bccListed);
    }

    @Test
    void a_send_whose_every_recipient_is_suppressed_is_skipped() {
        String to = newAddress();
        String cc = newAddress();
        String bcc = newAddress();
        for (String address : List.of(to, cc, bcc)) {
            api.post("/api/v1/suppressions", email(address.toUpperCase(Locale.ROOT)));
        }

        JsonObject skipped = api.awaitFinal(sendWithCopies(to, List.of(cc), List.of(bcc)), DELIVERY);

        assertThat(skipped.getString("status")).isEqualTo("skipped");
        assertThat(skipped.getInt("attempts")).isZero();
        assertThat(skipped.getJsonArray("deliveryAttempts")).isEmpty();
        assertThat(skipped.getJsonArray("withheldRecipients").getValuesAs(JsonObject.class))
                .extracting(r -> r.getString("kind")).containsExactly("to", "cc", "bcc");
        for (String address : List.of(to, cc, bcc)) {
            assertThat(SmtpServer.messagesToAnyCase(address)).isEmpty();
        }
    }

    @Test
    void a_send_whose_to_recipient_is_suppressed_is_skipped_and_its_copies_are_not_sent() {
        String to = newAddress();
        String cc = Api.newRecipient();
        api.post("/api/v1/suppressions", email(to));

        JsonObject skipped = api.awaitFinal(sendWithCopies(to, List.of(cc), List.of()), DELIVERY);
        // A send to someone else goes out after it, so a copy to cc would have arrived by then.
        String other = Api.newRecipient();
        api.awaitFinal(sendWithCopies(other, List.of(), List.of()), DELIVERY);
        SmtpServer.awaitOneMessageTo(other, DELIVERY);

        assertThat(skipped.getString("status")).isEqualTo("skipped");
        assertThat(skipped.getString("failureMessage")).contains("suppression list");
        assertThat(SmtpServer.messagesToAnyCase(cc)).isEmpty();
    }
}
