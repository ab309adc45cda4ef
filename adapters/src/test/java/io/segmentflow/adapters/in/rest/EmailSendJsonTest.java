package io.segmentflow.adapters.in.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.adapters.shared.Jsonp;
import io.segmentflow.domain.email.AttemptOutcome;
import io.segmentflow.domain.email.DeliveryAttempt.Result;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendDetails;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.RecipientRefusal;
import io.segmentflow.domain.email.RelayAnswer;
import io.segmentflow.domain.email.RetryPolicy;
import io.segmentflow.domain.suppression.SuppressionReason;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmailSendJsonTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");

    @Test
    void withheld_recipients_and_each_recipient_s_reply_are_shown_but_never_a_bcc_address() {
        Mailbox from = Mailbox.parse("no-reply@acme.test");
        EmailSend send = EmailSend.accept(new EmailSendDetails(
                "em_1",
                new WorkspaceId("ws_1"),
                null,
                "tpl_1",
                "tsn_1",
                Mailbox.parse("ada@example.test"),
                null,
                from,
                null,
                null,
                List.of(EmailAddress.of("cy@example.test"), EmailAddress.of("dan@example.test")),
                List.of(EmailAddress.of("Secret@example.test"), EmailAddress.of("hidden@example.test")),
                "{}",
                null,
                null,
                "<em_1@acme.test>",
                null,
                NOW));
        send.claim(NOW, NOW.plusSeconds(60));
        send.withhold(
                Map.of(
                        EmailAddress.of("cy@example.test"),
                        SuppressionReason.MANUAL,
                        EmailAddress.of("hidden@example.test"),
                        SuppressionReason.HARD_BOUNCE),
                NOW);
        AttemptOutcome outcome = send.recordAttempt(
                new RelayAnswer(
                        Result.ACCEPTED,
                        "250 2.0.0 queued as 1",
                        List.of(new RecipientRefusal(
                                EmailAddress.of("Secret@example.test"),
                                Result.PERMANENT_FAILURE,
                                "550 5.1.1 <secret@example.test>: no such user")),
                        Set.of()),
                NOW,
                NOW,
                new RetryPolicy(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(4), 200),
                0.0);

        String text = EmailSendJson.view(send, List.of(outcome.attempt()));
        JsonObject view = Jsonp.PROVIDER.createReader(new StringReader(text)).readObject();

        assertThat(text)
                .doesNotContainIgnoringCase("secret@example.test")
                .doesNotContainIgnoringCase("hidden@example.test");
        assertThat(view.keySet())
                .containsExactly(
                        "object",
                        "id",
                        "status",
                        "to",
                        "profileId",
                        "from",
                        "replyTo",
                        "cc",
                        "subject",
                        "templateId",
                        "templateSnapshotId",
                        "messageId",
                        "tracking",
                        "attempts",
                        "nextAttemptAt",
                        "lastReply",
                        "failureMessage",
                        "withheldRecipients",
                        "dkim",
                        "createdAt",
                        "updatedAt",
                        "deliveryAttempts");
        assertThat(Jsonp.PROVIDER
                        .createReader(new StringReader(EmailSendJson.view(send)))
                        .readObject())
                .isEqualTo(Jsonp.PROVIDER
                        .createObjectBuilder(view)
                        .remove("deliveryAttempts")
                        .build());
        assertThat(view.getJsonArray("withheldRecipients").getValuesAs(JsonObject.class))
                .extracting(Object::toString)
                .containsExactly(
                        "{\"email\":\"cy@example.test\",\"kind\":\"cc\",\"reason\":\"suppressed\",\"suppressionReason\":\"manual\"}",
                        "{\"kind\":\"bcc\",\"reason\":\"suppressed\",\"suppressionReason\":\"hard_bounce\"}");
        assertThat(view.getJsonArray("deliveryAttempts")
                        .getJsonObject(0)
                        .getJsonArray("recipients")
                        .getValuesAs(JsonObject.class))
                .extracting(Object::toString)
                .containsExactly(
                        "{\"email\":\"ada@example.test\",\"kind\":\"to\",\"result\":\"accepted\",\"reply\":\"250 2.0.0 queued as 1\"}",
                        "{\"email\":\"dan@example.test\",\"kind\":\"cc\",\"result\":\"accepted\",\"reply\":\"250 2.0.0 queued as 1\"}",
                        "{\"kind\":\"bcc\",\"result\":\"permanent_failure\",\"reply\":\"550 5.1.1 <(bcc recipient)>: no such user\"}");
    }
}
