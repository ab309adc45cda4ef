package io.segmentflow.adapters.in.rest;

import io.segmentflow.application.email.SendEmailCommand;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.Tracking;
import io.segmentflow.domain.idempotency.IdempotencyKey;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.IntStream;

/** The body of emails.send, read into a {@link SendEmailCommand}. */
final class SendEmailRequest {
    static final Set<String> FIELDS = Set.of(
            "templateId", "to", "from", "replyTo", "subject", "cc", "bcc", "data", "tracking", "subscriptionGroupId");

    private SendEmailRequest() {}

    static SendEmailCommand parse(WorkspaceId workspace, String idempotencyKey, JsonObject body) {
        JsonFields json = JsonFields.of(body).allowOnly(FIELDS);
        IdempotencyKey key =
                json.parse("Idempotency-Key", idempotencyKey == null ? "" : idempotencyKey, IdempotencyKey::new);
        return read(workspace, key, json, body);
    }

    /**
     * Reads the fields of one send from {@code json} (over {@code body}), adding to the problems found so
     * far, such as a refused {@code key}. The fingerprint covers the whole body, so the same send asked for
     * by emails.send or as an item of emails.batchSend has the same fingerprint.
     */
    static SendEmailCommand read(WorkspaceId workspace, IdempotencyKey key, JsonFields json, JsonObject body) {
        String templateId = json.string("templateId", true);
        Mailbox to = null;
        String externalId = null;
        JsonFields toJson = json.object("to", true);
        if (toJson != null) {
            toJson.allowOnly(Set.of("email", "name", "externalId"));
            EmailAddress address = json.parse("to.email", toJson.string("email", true), EmailAddress::new);
            String name = toJson.string("name", false);
            externalId = toJson.string("externalId", false);
            if (address != null) {
                to = json.build("to.name", () -> new Mailbox(address, name));
            }
        }
        Mailbox from = json.parse("from", json.string("from", false), Mailbox::parse);
        EmailAddress replyTo = json.parse("replyTo", json.string("replyTo", false), EmailAddress::new);
        String subject = json.string("subject", false);
        List<EmailAddress> cc = addresses(json, "cc");
        List<EmailAddress> bcc = addresses(json, "bcc");
        String data = json.objectText("data");
        String subscriptionGroupId = json.string("subscriptionGroupId", false);
        Tracking tracking = Tracking.NONE;
        JsonFields trackingJson = json.object("tracking", false);
        if (trackingJson != null) {
            trackingJson.allowOnly(Set.of("clicks", "opens"));
            tracking = new Tracking(
                    Boolean.TRUE.equals(trackingJson.bool("clicks")), Boolean.TRUE.equals(trackingJson.bool("opens")));
        }
        json.throwIfInvalid();
        return new SendEmailCommand(
                workspace,
                key,
                JsonBody.fingerprint("emails.send", body),
                templateId,
                to,
                externalId,
                from,
                replyTo,
                subject,
                cc,
                bcc,
                data,
                tracking,
                subscriptionGroupId);
    }

    private static List<EmailAddress> addresses(JsonFields json, String name) {
        List<String> raw = json.strings(name);
        return IntStream.range(0, raw.size())
                .mapToObj(i -> json.parse(name + "[" + i + "]", raw.get(i), EmailAddress::new))
                .filter(Objects::nonNull)
                .toList();
    }
}
