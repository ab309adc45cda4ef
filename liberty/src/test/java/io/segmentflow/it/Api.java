package io.segmentflow.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A plain HTTP client for the running server, for what the client generated from the OpenAPI document cannot say:
 * malformed JSON, missing or odd headers, hostile bytes, bodies the document does not allow, answers compared byte for
 * byte. Everything else goes through {@link Client}.
 */
final class Api {
    static final String BASE_URL = "http://localhost:" + ItServer.setting("SEGMENTFLOW_HTTP_PORT");
    static final String BOOTSTRAP_KEY = ItServer.setting("SEGMENTFLOW_BOOTSTRAP_API_KEY");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static {
        // Every test class talks through this client, so the SMTP server is up before any send is made.
        SmtpServer.get();
    }

    private final String key;

    private Api(String key) {
        this.key = key;
    }

    static Api withBootstrapKey() {
        return new Api(BOOTSTRAP_KEY);
    }

    static Api withKey(String key) {
        return new Api(key);
    }

    static Api anonymous() {
        return new Api(null);
    }

    static String newIdempotencyKey() {
        return "it-" + UUID.randomUUID();
    }

    /** A unique recipient, so tests never see each other's mail. */
    static String newRecipient() {
        return "r" + UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "@example.test";
    }

    record Reply(int status, HttpResponse<String> raw) {
        JsonObject json() {
            try (var reader = Json.createReader(new StringReader(raw.body()))) {
                return reader.readObject();
            }
        }

        String contentType() {
            return raw.headers().firstValue("Content-Type").orElse("");
        }

        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        /** The stable error code of a problem document. */
        String error() {
            return json().getString("error");
        }

        List<String> errorFields() {
            List<String> fields = new ArrayList<>();
            if (json().containsKey("errors")) {
                json().getJsonArray("errors")
                        .forEach(e -> fields.add(e.asJsonObject().getString("field")));
            }
            return fields;
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    Reply get(String path) {
        return send(request(path).GET());
    }

    Reply delete(String path) {
        return send(request(path).DELETE());
    }

    Reply post(String path, JsonValue body, String... headers) {
        return postRaw(path, body.toString(), "application/json", headers);
    }

    Reply put(String path, JsonValue body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    Reply postRaw(String path, String body, String contentType, String... headers) {
        HttpRequest.Builder builder =
                request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder);
    }

    Reply sendEmail(String idempotencyKey, JsonValue body) {
        return post("/api/v1/emails", body, "Idempotency-Key", idempotencyKey);
    }

    /** Creates a template and returns its id. */
    String createTemplate(String subject, String html, String text) {
        var body = Json.createObjectBuilder()
                .add("name", "IT " + UUID.randomUUID())
                .add("subject", subject)
                .add("html", html);
        if (text != null) {
            body.add("text", text);
        }
        Reply reply = post("/api/v1/templates", body.build());
        if (reply.status() != 201) {
            throw new AssertionError("template not created: " + reply);
        }
        return reply.json().getString("id");
    }

    /** Waits until the send reaches a final status, and returns its view. */
    JsonObject awaitFinal(String emailId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonObject view;
        do {
            Reply reply = get("/api/v1/emails/" + emailId);
            view = reply.json();
            String status = view.getString("status", "");
            if (status.equals("sent") || status.equals("failed") || status.equals("skipped")) {
                return view;
            }
            sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("email " + emailId + " did not reach a final status: " + view);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(BASE_URL + path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            builder.header("x-api-key", key);
        }
        return builder;
    }

    private static Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response);
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
