package io.segmentflow.adapters.in.rest;

import io.segmentflow.application.port.out.ResponseEncoder;
import io.segmentflow.domain.email.DeliveryAttempt;
import io.segmentflow.domain.email.DeliveryProgress;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendDetails;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The public view of an EmailSend. Bcc recipients are never shown. */
@ApplicationScoped
public class EmailSendJson implements ResponseEncoder {
    private static final JsonBuilderFactory BUILDERS = JsonBody.JSON.createBuilderFactory(Map.of());

    @Override
    public String acceptedSend(EmailSend send) {
        return view(send).toString();
    }

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
            log.add(entry);
        }
        return BUILDERS.createObjectBuilder(view(send)).add("deliveryAttempts", log).build();
    }

    JsonObject view(EmailSend send) {
        EmailSendDetails d = send.details();
        DeliveryProgress p = send.progress();
        JsonObjectBuilder to = BUILDERS.createObjectBuilder().add("email", d.to().address().value());
        JsonOutput.nullable(to, "name", d.to().displayName());
        JsonOutput.nullable(to, "externalId", d.toExternalId());
        JsonArrayBuilder cc = BUILDERS.createArrayBuilder();
        d.cc().stream().map(EmailAddress::value).forEach(cc::add);
        JsonObjectBuilder json = BUILDERS.createObjectBuilder()
                .add("object", "email")
                .add("id", d.id())
                .add("status", p.status().wireName())
                .add("to", to)
                .add("from", d.from().toString());
        JsonOutput.nullable(json, "replyTo", d.replyTo() == null ? null : d.replyTo().value());
        json.add("cc", cc);
        JsonOutput.nullable(json, "subject", d.subject());
        json.add("templateId", d.templateId())
                .add("templateSnapshotId", d.templateSnapshotId())
                .add("messageId", d.messageId())
                .add("tracking", BUILDERS.createObjectBuilder()
                        .add("clicks", d.tracking().clicks())
                        .add("opens", d.tracking().opens()))
                .add("attempts", p.attempts());
        JsonOutput.nullable(json, "nextAttemptAt", p.status().isFinal() ? null : time(p.nextAttemptAt()));
        JsonOutput.nullable(json, "lastReply", p.lastReply());
        JsonOutput.nullable(json, "failureMessage", p.failureMessage());
        json.add("createdAt", time(d.createdAt()))
                .add("updatedAt", time(p.updatedAt()));
        return json.build();
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
