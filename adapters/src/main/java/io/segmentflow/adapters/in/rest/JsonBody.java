package io.segmentflow.adapters.in.rest;

import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.domain.shared.Sha256;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Reads a request body as one JSON object, within a size limit, and fingerprints it for idempotency. */
final class JsonBody {
    /** The largest request body accepted, documented in the README and the OpenAPI document. */
    static final int MAX_BYTES = 1024 * 1024;

    private JsonBody() {}

    static JsonObject read(InputStream in) {
        return read(in, MAX_BYTES);
    }

    /** Reads a body that may be as large as {@code maxBytes} (a batch is larger than one request). */
    static JsonObject read(InputStream in, int maxBytes) {
        String text = readText(in, maxBytes);
        if (text.isBlank()) {
            throw new RequestRejected(400, "invalid_json", "the request body must be a JSON object");
        }
        JsonValue value;
        try (var reader = Jsonp.PROVIDER.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (JsonParsingException e) {
            throw new RequestRejected(
                    400,
                    "invalid_json",
                    "the request body is not valid JSON (line "
                            + e.getLocation().getLineNumber() + ", column "
                            + e.getLocation().getColumnNumber() + ")");
        } catch (RuntimeException e) {
            // The parser reports some refusals (such as nesting deeper than it allows) as bare runtime exceptions.
            throw new RequestRejected(400, "invalid_json", "the request body is not valid JSON: " + e.getMessage());
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new RequestRejected(400, "invalid_json", "the request body must be a JSON object");
        }
        return value.asJsonObject();
    }

    private static String readText(InputStream in, int maxBytes) {
        if (in == null) {
            return "";
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (out.size() + n > maxBytes) {
                    throw new RequestRejected(
                            413, "payload_too_large", "the request body is larger than " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RequestRejected(400, "invalid_json", "the request body could not be read");
        }
    }

    /**
     * A digest of what was asked, independent of key order and white space, so that a retry of the same
     * request matches and a different request under the same key does not.
     */
    static String fingerprint(String operation, JsonValue body) {
        StringBuilder canonical = new StringBuilder(operation).append('\n');
        canonical(body, canonical);
        return Sha256.ofChars(canonical);
    }

    private static void canonical(JsonValue value, StringBuilder out) {
        switch (value.getValueType()) {
            case OBJECT -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonValue> e : new TreeMap<>(value.asJsonObject()).entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    out.append(Jsonp.PROVIDER.createValue(e.getKey())).append(':');
                    canonical(e.getValue(), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                JsonArray array = value.asJsonArray();
                for (int i = 0; i < array.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    canonical(array.get(i), out);
                }
                out.append(']');
            }
            case STRING -> out.append(Jsonp.PROVIDER.createValue(((JsonString) value).getString()));
            default -> out.append(value);
        }
    }
}
