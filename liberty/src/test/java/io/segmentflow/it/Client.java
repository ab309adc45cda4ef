package io.segmentflow.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmentflow.it.client.ApiClient;
import io.segmentflow.it.client.ApiException;
import io.segmentflow.it.client.ApiResponse;
import io.segmentflow.it.client.api.AccessApi;
import io.segmentflow.it.client.api.BroadcastsApi;
import io.segmentflow.it.client.api.EmailsApi;
import io.segmentflow.it.client.api.EventsApi;
import io.segmentflow.it.client.api.JourneysApi;
import io.segmentflow.it.client.api.NewslettersApi;
import io.segmentflow.it.client.api.ProfilesApi;
import io.segmentflow.it.client.api.SegmentsApi;
import io.segmentflow.it.client.api.SenderDomainsApi;
import io.segmentflow.it.client.api.SubscriptionGroupsApi;
import io.segmentflow.it.client.api.SuppressionsApi;
import io.segmentflow.it.client.api.TemplatesApi;
import io.segmentflow.it.client.model.EmailSend;
import io.segmentflow.it.client.model.FieldError;
import io.segmentflow.it.client.model.Problem;
import io.segmentflow.it.client.model.Recipient;
import io.segmentflow.it.client.model.TemplateRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The API as the OpenAPI document describes it: a client generated from the document, holding one API key. It
 * refuses answers the document does not describe (an unknown field or enum value), so the server cannot drift from
 * its contract unnoticed.
 */
final class Client {
    final EmailsApi emails;
    final EventsApi events;
    final JourneysApi journeys;
    final TemplatesApi templates;
    final SuppressionsApi suppressions;
    final ProfilesApi profiles;
    final SegmentsApi segments;
    final SubscriptionGroupsApi subscriptionGroups;
    final AccessApi access;
    final BroadcastsApi broadcasts;
    final NewslettersApi newsletters;
    final SenderDomainsApi domains;
    private final String key;

    static {
        // Every test class talks through a client, so the SMTP server is up before any send is made.
        SmtpServer.get();
    }

    private Client(String key) {
        this.key = key;
        ObjectMapper strict = ApiClient.createDefaultObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        ApiClient client = new ApiClient(
                        ApiClient.createDefaultHttpClientBuilder().connectTimeout(Duration.ofSeconds(5)),
                        strict,
                        Api.BASE_URL)
                .setReadTimeout(Duration.ofSeconds(30));
        if (key != null) {
            client.setRequestInterceptor(request -> request.header("x-api-key", key));
        }
        emails = new EmailsApi(client);
        events = new EventsApi(client);
        journeys = new JourneysApi(client);
        templates = new TemplatesApi(client);
        suppressions = new SuppressionsApi(client);
        profiles = new ProfilesApi(client);
        segments = new SegmentsApi(client);
        subscriptionGroups = new SubscriptionGroupsApi(client);
        access = new AccessApi(client);
        broadcasts = new BroadcastsApi(client);
        newsletters = new NewslettersApi(client);
        domains = new SenderDomainsApi(client);
    }

    /** The key this client calls with (null: none). */
    String key() {
        return key;
    }

    static Client withBootstrapKey() {
        return new Client(Api.BOOTSTRAP_KEY);
    }

    static Client withKey(String key) {
        return new Client(key);
    }

    static Client anonymous() {
        return new Client(null);
    }

    /** The raw client with the same key, for requests the document cannot express. */
    Api raw() {
        return key == null ? Api.anonymous() : Api.withKey(key);
    }

    static Recipient to(String address) {
        return new Recipient().email(address);
    }

    /** Creates a template and returns its id. */
    String createTemplate(String subject, String html, String text) {
        return call(() -> templates.templatesCreate(new TemplateRequest()
                        .name("IT " + UUID.randomUUID())
                        .subject(subject)
                        .html(html)
                        .text(text)))
                .getId();
    }

    /** Waits until the send reaches a final status, and returns its view. */
    EmailSend awaitFinal(String emailId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        EmailSend view;
        do {
            view = call(() -> emails.emailsGet(emailId));
            if (view.getStatus() == EmailSend.StatusEnum.SENT
                    || view.getStatus() == EmailSend.StatusEnum.FAILED
                    || view.getStatus() == EmailSend.StatusEnum.SKIPPED) {
                return view;
            }
            Api.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("email " + emailId + " did not reach a final status: " + view);
    }

    /** A call made through the generated client. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws ApiException;
    }

    /** Makes a call the test expects to succeed; a refusal fails the test with the problem document. */
    static <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (ApiException e) {
            throw new AssertionError("refused: " + e.getCode() + " " + e.getResponseBody(), e);
        }
    }

    /** Makes a call the test expects to be refused, and returns the refusal. */
    static Refusal refusal(Call<?> call) {
        try {
            Object answer = call.run();
            throw new AssertionError("expected a refusal, got " + answer);
        } catch (ApiException e) {
            return Refusal.of(e);
        }
    }

    /** The first value of a response header. */
    static Optional<String> header(ApiResponse<?> response, String name) {
        for (Map.Entry<String, List<String>> header : response.getHeaders().entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return Optional.of(header.getValue().get(0));
            }
        }
        return Optional.empty();
    }

    /** A call answered with a problem document (RFC 9457), read as the OpenAPI document describes it. */
    record Refusal(int status, String contentType, Problem problem, String body) {
        private static final ObjectMapper STRICT = ApiClient.createDefaultObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

        static Refusal of(ApiException e) {
            String contentType = e.getResponseHeaders() == null
                    ? ""
                    : e.getResponseHeaders().firstValue("Content-Type").orElse("");
            try {
                return new Refusal(
                        e.getCode(),
                        contentType,
                        STRICT.readValue(e.getResponseBody(), Problem.class),
                        e.getResponseBody());
            } catch (JsonProcessingException | IllegalArgumentException notAProblem) {
                throw new AssertionError(
                        "not a problem document: " + e.getCode() + " " + e.getResponseBody(), notAProblem);
            }
        }

        /** The stable error code. */
        String error() {
            return problem.getError().getValue();
        }

        List<String> errorFields() {
            return problem.getErrors() == null
                    ? List.of()
                    : problem.getErrors().stream().map(FieldError::getField).toList();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
