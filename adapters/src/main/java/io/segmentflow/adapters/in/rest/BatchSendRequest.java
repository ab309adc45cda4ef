package io.segmentflow.adapters.in.rest;

import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.application.email.BatchItem;
import io.segmentflow.application.email.SendBatchCommand;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of emails.batchSend, {@code {defaults?, items: [...]}}, read into a {@link SendBatchCommand}.
 * An item is what emails.send takes plus its {@code idempotencyKey}; the defaults fill what an item leaves
 * out. A malformed item becomes a {@link BatchItem.Malformed}, refused alone; a malformed envelope (no
 * items, too many, defaults naming a recipient) refuses the whole request.
 */
final class BatchSendRequest {
    /**
     * The largest batch body, documented in the README and the OpenAPI document: 100 typical items fit
     * many times over; 100 items each with the largest {@code data} (256 KiB) do not, and must be split.
     */
    static final int MAX_BYTES = 5 * 1024 * 1024;

    private static final Set<String> FIELDS = Set.of("defaults", "items");
    private static final Set<String> DEFAULT_FIELDS =
            Set.of("templateId", "from", "replyTo", "subject", "tracking", "subscriptionGroupId");
    /** What differs from one recipient to the next belongs to each item. */
    private static final Set<String> ITEM_ONLY_FIELDS = Set.of("to", "data", "cc", "bcc", "idempotencyKey");

    private static final String KEY = "idempotencyKey";

    private BatchSendRequest() {}

    static SendBatchCommand parse(WorkspaceId workspace, JsonObject body) {
        JsonFields json = JsonFields.of(body).allowOnly(FIELDS);
        JsonObject defaults = JsonValue.EMPTY_JSON_OBJECT;
        if (json.object("defaults", false) != null) {
            defaults = body.getJsonObject("defaults");
            for (String name : defaults.keySet()) {
                if (ITEM_ONLY_FIELDS.contains(name)) {
                    json.error("defaults." + name, "belongs to each item, not to the defaults");
                } else if (!DEFAULT_FIELDS.contains(name)) {
                    json.error("defaults." + name, "is not a known field");
                }
            }
        }
        JsonArray items = null;
        if (!json.has("items")) {
            json.error("items", "is required");
        } else if (body.get("items").getValueType() != JsonValue.ValueType.ARRAY) {
            json.error("items", "must be an array");
        } else {
            items = body.getJsonArray("items");
            if (items.isEmpty() || items.size() > SendBatchCommand.MAX_ITEMS) {
                json.error("items", "must hold 1-" + SendBatchCommand.MAX_ITEMS + " items, not " + items.size());
            }
        }
        json.throwIfInvalid();
        List<BatchItem> parsed = new ArrayList<>(items.size());
        for (JsonValue item : items) {
            parsed.add(
                    item.getValueType() == JsonValue.ValueType.OBJECT
                            ? item(workspace, defaults, item.asJsonObject())
                            : new BatchItem.Malformed(
                                    null, new ValidationFailedException("item", "must be an object")));
        }
        return new SendBatchCommand(workspace, parsed);
    }

    /**
     * One item, read as the emails.send body it stands for: the defaults, overridden by the item's own
     * fields. Its fingerprint is that body's, so a retry with other items around it still matches.
     */
    private static BatchItem item(WorkspaceId workspace, JsonObject defaults, JsonObject item) {
        JsonObjectBuilder merged = Jsonp.PROVIDER.createObjectBuilder(defaults);
        for (Map.Entry<String, JsonValue> field : item.entrySet()) {
            if (!field.getKey().equals(KEY) && field.getValue().getValueType() != JsonValue.ValueType.NULL) {
                merged.add(field.getKey(), field.getValue());
            }
        }
        JsonObject send = merged.build();
        JsonFields json = JsonFields.of(send).allowOnly(SendEmailRequest.FIELDS);
        JsonValue rawKey = item.get(KEY);
        String keyText = rawKey instanceof JsonString text ? text.getString() : null;
        if (rawKey == null || rawKey.getValueType() == JsonValue.ValueType.NULL) {
            json.error(KEY, "is required (1-255 printable ASCII characters)");
        } else if (keyText == null) {
            json.error(KEY, "must be a string");
        }
        IdempotencyKey key = json.parse(KEY, keyText, IdempotencyKey::new);
        try {
            return new BatchItem.Send(SendEmailRequest.read(workspace, key, json, send));
        } catch (ValidationFailedException e) {
            return new BatchItem.Malformed(keyText, e);
        }
    }
}
