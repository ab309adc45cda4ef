package io.segmentflow.adapters.in.rest;

import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.application.broadcast.BroadcastRequest;
import io.segmentflow.application.broadcast.ConfirmationLink;
import io.segmentflow.application.broadcast.ContentRequest;
import io.segmentflow.application.broadcast.IssueRequest;
import io.segmentflow.application.broadcast.Preflight;
import io.segmentflow.application.broadcast.TestSendRequest;
import io.segmentflow.domain.audience.AudienceCounts;
import io.segmentflow.domain.audience.CarrierContent;
import io.segmentflow.domain.audience.CarrierLifecycle;
import io.segmentflow.domain.audience.SendResults;
import io.segmentflow.domain.broadcast.Broadcast;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.newsletter.Newsletter;
import io.segmentflow.domain.newsletter.NewsletterDefinition;
import io.segmentflow.domain.newsletter.NewsletterIssue;
import io.segmentflow.domain.shared.InvalidValueException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;
import java.util.Set;
import java.util.TreeMap;

/** How Broadcasts, Newsletters and their Issues are read from requests and written in answers. */
final class AudienceSendJson {
    private static final Set<String> BROADCAST_FIELDS =
            Set.of("name", "templateId", "subject", "html", "text", "segmentId", "subscriptionGroupId", "from");
    private static final Set<String> NEWSLETTER_FIELDS =
            Set.of("name", "subscriptionGroupId", "from", "defaultTemplateId");
    private static final Set<String> ISSUE_FIELDS =
            Set.of("name", "templateId", "subject", "html", "text", "segmentId");
    /** Longer than any date-time with a zone name; a bound on what is parsed. */
    private static final int MAX_TIME_LENGTH = 100;
    /** A local date-time, then an offset, a zone in brackets, or both (ISO_DATE_TIME wants an offset before a zone). */
    private static final DateTimeFormatter SEND_AT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart()
            .appendOffsetId()
            .optionalEnd()
            .optionalStart()
            .appendLiteral('[')
            .parseCaseSensitive()
            .appendZoneRegionId()
            .appendLiteral(']')
            .optionalEnd()
            .toFormatter();

    private AudienceSendJson() {}

    static BroadcastRequest broadcast(JsonObject body) {
        JsonFields json = JsonFields.of(body).allowOnly(BROADCAST_FIELDS);
        String name = json.string("name", true);
        ContentRequest content = content(json);
        String segmentId = id(json, "segmentId", false);
        String group = id(json, "subscriptionGroupId", true);
        Mailbox from = json.parse("from", json.string("from", false), Mailbox::parse);
        json.throwIfInvalid();
        return new BroadcastRequest(name, content, segmentId, group, from);
    }

    static NewsletterDefinition newsletter(JsonObject body) {
        JsonFields json = JsonFields.of(body).allowOnly(NEWSLETTER_FIELDS);
        String name = json.string("name", true);
        String group = id(json, "subscriptionGroupId", true);
        Mailbox from = json.parse("from", json.string("from", false), Mailbox::parse);
        String template = id(json, "defaultTemplateId", false);
        json.throwIfInvalid();
        NewsletterDefinition definition = json.build(() -> new NewsletterDefinition(name, group, from, template));
        json.throwIfInvalid();
        return definition;
    }

    static IssueRequest issue(JsonObject body) {
        JsonFields json = JsonFields.of(body).allowOnly(ISSUE_FIELDS);
        String name = json.string("name", true);
        // A subject alone overrides the subject of the Newsletter's default template.
        boolean ownContent = json.has("templateId") || json.has("html") || json.has("text");
        ContentRequest content = ownContent ? content(json) : null;
        String subject = ownContent ? null : json.string("subject", false);
        String segmentId = id(json, "segmentId", false);
        json.throwIfInvalid();
        return new IssueRequest(name, content, subject, segmentId);
    }

    /** The content fields; their rules (templateId, or subject and html) are checked by {@link ContentRequest}. */
    private static ContentRequest content(JsonFields json) {
        String templateId = id(json, "templateId", false);
        String subject = json.string("subject", false);
        String html = json.string("html", false);
        String text = json.string("text", false);
        json.throwIfInvalid();
        return new ContentRequest(templateId, subject, html, text);
    }

    /** An id field: an id is short and plain, so anything else is refused here rather than looked up. */
    private static String id(JsonFields json, String field, boolean required) {
        String id = json.string(field, required);
        if (id != null && (id.isEmpty() || id.length() > 40 || !id.chars().allMatch(AudienceSendJson::idChar))) {
            json.error(field, "must be an id such as those this API answers");
            return null;
        }
        return id;
    }

    private static boolean idChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /** {@code {sendAt}}: a date-time with an offset or a zone; a local time alone would be a guess. */
    static Instant sendAt(JsonObject body) {
        JsonFields json = JsonFields.of(body).allowOnly(Set.of("sendAt"));
        String text = json.string("sendAt", true);
        json.throwIfInvalid();
        Instant at = json.parse("sendAt", text, AudienceSendJson::instant);
        json.throwIfInvalid();
        return at;
    }

    private static Instant instant(String text) {
        String rule = "must be an ISO-8601 date-time with an offset or a zone, such as 2026-12-01T09:00:00Z,"
                + " 2026-12-01T10:00:00+01:00 or 2026-12-01T10:00:00[Europe/Paris]";
        if (text.length() > MAX_TIME_LENGTH) {
            throw new InvalidValueException("sendAt", rule);
        }
        TemporalAccessor parsed;
        try {
            parsed = SEND_AT.parseBest(text, ZonedDateTime::from, LocalDateTime::from);
        } catch (DateTimeException e) {
            throw new InvalidValueException("sendAt", rule);
        }
        if (parsed instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        throw new InvalidValueException("sendAt", "has no offset or zone, so the moment it names is unknown: " + rule);
    }

    /** {@code {to, data?}}: {@code to} is an address, {@code Name <address>}, or {@code {email, name?}}. */
    static TestSendRequest testSend(JsonObject body) {
        JsonFields json = JsonFields.of(body).allowOnly(Set.of("to", "data"));
        Mailbox to = null;
        if (!json.has("to")) {
            json.error("to", "is required");
        } else if (json.raw("to").getValueType() == JsonValue.ValueType.OBJECT) {
            JsonFields toJson = json.object("to", true).allowOnly(Set.of("email", "name"));
            EmailAddress address = json.parse("to.email", toJson.string("email", true), EmailAddress::new);
            String name = toJson.string("name", false);
            if (address != null) {
                to = json.build("to.name", () -> new Mailbox(address, name));
            }
        } else {
            to = json.parse("to", json.string("to", true), Mailbox::parse);
        }
        String data = json.objectText("data");
        json.throwIfInvalid();
        return new TestSendRequest(to, data);
    }

    static JsonObject view(Broadcast broadcast) {
        JsonObjectBuilder json = Jsonp.PROVIDER
                .createObjectBuilder()
                .add("object", "broadcast")
                .add("id", broadcast.id())
                .add("name", broadcast.definition().name())
                .add("status", broadcast.status().wireName());
        content(json, broadcast.definition().content());
        JsonOutput.nullable(json, "segmentId", broadcast.definition().segmentId());
        json.add("subscriptionGroupId", broadcast.definition().subscriptionGroupId());
        JsonOutput.nullable(json, "from", mailbox(broadcast.definition().from()));
        lifecycle(json, broadcast.lifecycle());
        return json.add("createdAt", broadcast.createdAt().toString())
                .add("updatedAt", broadcast.updatedAt().toString())
                .build();
    }

    static JsonObject view(Newsletter newsletter) {
        NewsletterDefinition d = newsletter.definition();
        JsonObjectBuilder json = Jsonp.PROVIDER
                .createObjectBuilder()
                .add("object", "newsletter")
                .add("id", newsletter.id())
                .add("name", d.name())
                .add("subscriptionGroupId", d.subscriptionGroupId());
        JsonOutput.nullable(json, "from", mailbox(d.from()));
        JsonOutput.nullable(json, "defaultTemplateId", d.defaultTemplateId());
        return json.add("createdAt", newsletter.createdAt().toString())
                .add("updatedAt", newsletter.updatedAt().toString())
                .build();
    }

    static JsonObject view(NewsletterIssue issue) {
        JsonObjectBuilder json = Jsonp.PROVIDER
                .createObjectBuilder()
                .add("object", "newsletter_issue")
                .add("id", issue.id())
                .add("newsletterId", issue.newsletterId())
                .add("name", issue.definition().name())
                .add("status", issue.status().wireName());
        content(json, issue.definition().content());
        JsonOutput.nullable(json, "segmentId", issue.definition().segmentId());
        lifecycle(json, issue.lifecycle());
        return json.add("createdAt", issue.createdAt().toString())
                .add("updatedAt", issue.updatedAt().toString())
                .build();
    }

    private static void content(JsonObjectBuilder json, CarrierContent content) {
        json.add("templateId", content.templateId());
        JsonOutput.nullable(json, "subject", content.subject());
        json.add("ownTemplate", content.ownTemplate());
    }

    private static void lifecycle(JsonObjectBuilder json, CarrierLifecycle lifecycle) {
        JsonOutput.nullable(json, "sendAt", time(lifecycle.sendAt()));
        JsonOutput.nullable(json, "startedAt", time(lifecycle.startedAt()));
        JsonOutput.nullable(json, "finishedAt", time(lifecycle.finishedAt()));
        JsonOutput.nullable(json, "failureReason", lifecycle.failureReason());
    }

    static JsonObject view(Preflight preflight) {
        AudienceCounts counts = preflight.counts();
        return Jsonp.PROVIDER
                .createObjectBuilder()
                .add("object", "preflight")
                .add("audienceSize", counts.audienceSize())
                .add("eligible", counts.eligible())
                .add("suppressed", counts.suppressed())
                .add("unsubscribed", counts.unsubscribed())
                .add("neverSubscribed", counts.neverSubscribed())
                .add("noAddress", counts.noAddress())
                .add("sender", preflight.sender().toString())
                .add("senderReady", preflight.senderReady())
                .add("warnings", Jsonp.PROVIDER.createArrayBuilder(preflight.warnings()))
                .build();
    }

    static JsonObject view(SendResults results) {
        JsonObjectBuilder reasons = Jsonp.PROVIDER.createObjectBuilder();
        new TreeMap<>(results.skippedByReason()).forEach(reasons::add);
        return Jsonp.PROVIDER
                .createObjectBuilder()
                .add("object", "send_results")
                .add("queued", results.queued())
                .add("sent", results.sent())
                .add("failed", results.failed())
                .add("skipped", results.skipped())
                .add("skippedByReason", reasons)
                .add("total", results.total())
                .build();
    }

    static JsonObject view(ConfirmationLink link) {
        return Jsonp.PROVIDER
                .createObjectBuilder()
                .add("object", "confirmation")
                .add("confirmationUrl", link.url())
                .add("expiresAt", link.expiresAt().toString())
                .build();
    }

    private static String mailbox(Mailbox mailbox) {
        return mailbox == null ? null : mailbox.toString();
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
