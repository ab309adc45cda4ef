package io.segmentflow.adapters.in.rest;

import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.domain.email.DeliveryAttempt;
import io.segmentflow.domain.email.DeliveryProgress;
import io.segmentflow.domain.email.DkimSignature;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendDetails;
import io.segmentflow.domain.email.RecipientKind;
import io.segmentflow.domain.email.RecipientReply;
import io.segmentflow.domain.email.WithheldRecipient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The public view of an EmailSend. Bcc addresses are never shown: a withheld bcc recipient or a bcc recipient's
 * reply is listed with its kind but without its address, which is blanked out of the reply too.
 */
@ApplicationScoped
public class EmailSendJson {
    private static final JsonBuilderFactory BUILDERS = Jsonp.PROVIDER.createBuilderFactory(Map.of());

    /** The send with its delivery attempts, as {@code GET /emails/{id}} shows it. */
    JsonObject view(EmailSend send, List<DeliveryAttempt> attempts) {
        JsonArrayBuilder log = BUILDERS.createArrayBuilder();
        for (DeliveryAttempt attempt : attempts) {
            JsonObjectBuilder entry = BUILDERS.createObjectBuilder()
                    .add("attempt", attempt.number())
                    .add("startedAt", time(attempt.startedAt()))
                    .add("finishedAt", time(attempt.finishedAt()))
                    .add("result", attempt.result().wireName());
            JsonOutput.nullable(entry, "reply", attempt.reply());
            JsonArrayBuilder recipients = BUILDERS.createArrayBuilder();
            for (RecipientReply reply : attempt.recipients()) {
                JsonObjectBuilder recipient = recipient(reply.address(), reply.kind())
                        .add("result", reply.result().wireName());
                JsonOutput.nullable(
                        recipient,
                        "reply",
                        reply.kind() == RecipientKind.BCC ? blankOut(reply.reply(), reply.address()) : reply.reply());
                recipients.add(recipient);
            }
            log.add(entry.add("recipients", recipients));
        }
        return BUILDERS.createObjectBuilder(view(send))
                .add("deliveryAttempts", log)
                .build();
    }

    JsonObject view(EmailSend send) {
        EmailSendDetails d = send.details();
        DeliveryProgress p = send.progress();
        JsonArrayBuilder cc = BUILDERS.createArrayBuilder();
        d.cc().stream().map(EmailAddress::value).forEach(cc::add);
        JsonObjectBuilder json = BUILDERS.createObjectBuilder()
                .add("object", "email")
                .add("id", d.id())
                .add("status", p.status().wireName());
        // A send skipped because its Profile has no address names no recipient: "to" is left out.
        if (d.to() != null) {
            JsonObjectBuilder to =
                    BUILDERS.createObjectBuilder().add("email", d.to().address().value());
            JsonOutput.nullable(to, "name", d.to().displayName());
            JsonOutput.nullable(to, "externalId", d.toExternalId());
            json.add("to", to);
        }
        JsonOutput.nullable(json, "profileId", d.profileId());
        json.add("from", d.from().toString());
        JsonOutput.nullable(
                json, "replyTo", d.replyTo() == null ? null : d.replyTo().value());
        json.add("cc", cc);
        JsonOutput.nullable(json, "subject", d.subject());
        json.add("templateId", d.templateId())
                .add("templateSnapshotId", d.templateSnapshotId())
                .add("messageId", d.messageId())
                .add(
                        "tracking",
                        BUILDERS.createObjectBuilder()
                                .add("clicks", d.tracking().clicks())
                                .add("opens", d.tracking().opens()))
                .add("attempts", p.attempts());
        JsonOutput.nullable(json, "nextAttemptAt", p.status().isFinal() ? null : time(p.nextAttemptAt()));
        JsonOutput.nullable(json, "lastReply", p.lastReply());
        JsonOutput.nullable(json, "failureMessage", p.failureMessage());
        JsonArrayBuilder withheld = BUILDERS.createArrayBuilder();
        for (WithheldRecipient recipient : send.withheld()) {
            withheld.add(recipient(recipient.address(), recipient.kind())
                    .add("reason", "suppressed")
                    .add("suppressionReason", recipient.suppressionReason().wireName()));
        }
        json.add("withheldRecipients", withheld);
        DkimSignature dkim = send.dkim();
        if (dkim == null) {
            json.addNull("dkim");
        } else {
            JsonObjectBuilder signature = BUILDERS.createObjectBuilder()
                    .add("status", dkim.status().wireName())
                    .add("domain", dkim.domain());
            JsonOutput.nullable(signature, "reason", dkim.reason());
            json.add("dkim", signature);
        }
        json.add("createdAt", time(d.createdAt())).add("updatedAt", time(p.updatedAt()));
        return json.build();
    }

    /** A recipient's kind, and its address unless it is a bcc recipient. */
    private static JsonObjectBuilder recipient(EmailAddress address, RecipientKind kind) {
        JsonObjectBuilder json = BUILDERS.createObjectBuilder();
        if (kind != RecipientKind.BCC) {
            json.add("email", address.value());
        }
        return json.add("kind", kind.wireName());
    }

    /** A relay often names the recipient in its reply ({@code 550 5.1.1 <bea@example.com>: no such user}). */
    static String blankOut(String reply, EmailAddress address) {
        return reply == null
                ? null
                : Pattern.compile(Pattern.quote(address.value()), Pattern.CASE_INSENSITIVE)
                        .matcher(reply)
                        .replaceAll("(bcc recipient)");
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
