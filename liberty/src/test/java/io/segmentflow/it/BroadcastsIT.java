package io.segmentflow.it;

import static io.segmentflow.it.Client.call;
import static io.segmentflow.it.Client.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.it.client.ApiResponse;
import io.segmentflow.it.client.model.ApiKeyRequest;
import io.segmentflow.it.client.model.Broadcast;
import io.segmentflow.it.client.model.BroadcastPage;
import io.segmentflow.it.client.model.BroadcastRequest;
import io.segmentflow.it.client.model.CarrierStatus;
import io.segmentflow.it.client.model.Confirmation;
import io.segmentflow.it.client.model.EmailSend;
import io.segmentflow.it.client.model.Preflight;
import io.segmentflow.it.client.model.ProfileReference;
import io.segmentflow.it.client.model.ScheduleRequest;
import io.segmentflow.it.client.model.Scope;
import io.segmentflow.it.client.model.SendResults;
import io.segmentflow.it.client.model.SubscriptionGroupRequest;
import io.segmentflow.it.client.model.SubscriptionUpdate;
import io.segmentflow.it.client.model.TestSendRequest;
import io.segmentflow.it.client.model.TrackEventRequest;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Broadcasts through the API: drafted, checked, tested, scheduled, cancelled and handed over for confirmation; every
 * illegal move refused with 409, another workspace's Broadcast never found, and nothing sent by any API call.
 */
class BroadcastsIT {
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final Client api = Client.withBootstrapKey();

    /** Audience sends go out from a verified sender domain only. */
    @BeforeAll
    static void verifiedSenderDomain() {
        VerifiedDomains.of(api, "acme.example");
    }

    /** An opt-in subscription group of its own per test: no one another test made has consented to it. */
    static String group() {
        return group(api);
    }

    static String group(Client client) {
        return call(() -> client.subscriptionGroups.subscriptionGroupsCreate(new SubscriptionGroupRequest()
                        .name("IT " + UUID.randomUUID())
                        .type(SubscriptionGroupRequest.TypeEnum.OPT_IN)))
                .getId();
    }

    private static String template() {
        return api.createTemplate("Spring sale", "<p>Half price, <span th:text=\"${data.name}\">you</span>.</p>", null);
    }

    private static BroadcastRequest sale(String templateId, String group) {
        return new BroadcastRequest()
                .name("Spring sale " + UUID.randomUUID())
                .templateId(templateId)
                .subscriptionGroupId(group)
                .from("Acme News <news@acme.example>");
    }

    private static Broadcast draft() {
        return call(() -> api.broadcasts.broadcastsCreate(sale(template(), group())));
    }

    private static ScheduleRequest at(Instant when) {
        return new ScheduleRequest().sendAt(when.toString());
    }

    @Test
    void a_broadcast_is_drafted_checked_tested_and_handed_over_and_nothing_goes_out_on_its_own() throws Exception {
        String templateId = template();
        String group = group();
        ApiResponse<Broadcast> created =
                call(() -> api.broadcasts.broadcastsCreateWithHttpInfo(sale(templateId, group)));
        assertThat(created.getStatusCode()).isEqualTo(201);
        Broadcast draft = created.getData();
        assertThat(draft.getId()).startsWith("brd_");
        assertThat(draft.getStatus()).isEqualTo(CarrierStatus.DRAFT);
        assertThat(draft.getTemplateId()).isEqualTo(templateId);
        assertThat(draft.getOwnTemplate()).isFalse();
        assertThat(draft.getSubscriptionGroupId()).isEqualTo(group);
        assertThat(draft.getFrom()).isEqualTo("Acme News <news@acme.example>");
        assertThat(call(() -> api.broadcasts.broadcastsGet(draft.getId())).getName())
                .isEqualTo(draft.getName());

        Broadcast renamed = call(() -> api.broadcasts.broadcastsReplace(
                draft.getId(), sale(templateId, group).name("Renamed").segmentId(null)));
        assertThat(renamed.getName()).isEqualTo("Renamed");

        Preflight preflight = call(() -> api.broadcasts.broadcastsPreflight(draft.getId()));
        assertThat(preflight.getAudienceSize()).isGreaterThanOrEqualTo(preflight.getEligible());
        assertThat(preflight.getEligible()).isZero();
        assertThat(preflight.getSender()).isEqualTo("Acme News <news@acme.example>");
        assertThat(preflight.getSenderReady()).isTrue();
        assertThat(preflight.getWarnings()).noneSatisfy(w -> assertThat(w).containsIgnoringCase("sender"));

        String me = Api.newRecipient();
        ApiResponse<EmailSend> test = call(() -> api.broadcasts.broadcastsTestSendWithHttpInfo(
                draft.getId(), new TestSendRequest().to(me).data(Map.of("name", "Ada"))));
        assertThat(test.getStatusCode()).isEqualTo(202);
        assertThat(api.awaitFinal(test.getData().getId(), DELIVERY).getStatus()).isEqualTo(EmailSend.StatusEnum.SENT);
        MimeMessage message = SmtpServer.awaitOneMessageTo(me, DELIVERY);
        assertThat(message.getSubject()).isEqualTo("Spring sale");
        assertThat(message.getFrom()[0].toString()).contains("news@acme.example");
        assertThat(SmtpServer.header(message, "DKIM-Signature")).contains("d=acme.example");
        SendResults results = call(() -> api.broadcasts.broadcastsResults(draft.getId()));
        assertThat(results.getTotal()).isZero();

        Instant before = Instant.now();
        Confirmation link = call(() -> api.broadcasts.broadcastsConfirmation(draft.getId()));
        Instant after = Instant.now();
        assertThat(link.getConfirmationUrl())
                .startsWith(ItServer.setting("SEGMENTFLOW_PUBLIC_URL") + "/dashboard/confirmations/cfm_");
        assertThat(link.getExpiresAt().toInstant())
                .isBetween(
                        before.plus(Duration.ofMinutes(15)).truncatedTo(ChronoUnit.SECONDS),
                        after.plus(Duration.ofMinutes(15)).plusSeconds(1));
        Broadcast awaiting = call(() -> api.broadcasts.broadcastsGet(draft.getId()));
        assertThat(awaiting.getStatus()).isEqualTo(CarrierStatus.AWAITING_CONFIRMATION);
        Confirmation again = call(() -> api.broadcasts.broadcastsConfirmation(draft.getId()));
        assertThat(again.getConfirmationUrl()).isNotEqualTo(link.getConfirmationUrl());

        Api.sleep(1500);
        assertThat(call(() -> api.broadcasts.broadcastsGet(draft.getId())).getStatus())
                .isEqualTo(CarrierStatus.AWAITING_CONFIRMATION);
    }

    @Test
    void a_subject_and_html_make_the_broadcasts_own_template() {
        Broadcast own = call(() -> api.broadcasts.broadcastsCreate(new BroadcastRequest()
                .name("Launch")
                .subject("We launched")
                .html("<p>New!</p>")
                .subscriptionGroupId(group())));

        assertThat(own.getOwnTemplate()).isTrue();
        assertThat(call(() -> api.templates.templatesGet(own.getTemplateId())).getSubject())
                .isEqualTo("We launched");

        Broadcast copy = call(() -> api.broadcasts.broadcastsDuplicate(own.getId()));
        assertThat(copy.getId()).isNotEqualTo(own.getId());
        assertThat(copy.getStatus()).isEqualTo(CarrierStatus.DRAFT);
        assertThat(copy.getTemplateId()).isNotEqualTo(own.getTemplateId());
    }

    @Test
    void illegal_moves_are_refused_with_409_and_change_nothing() {
        Broadcast broadcast = draft();
        String id = broadcast.getId();
        call(() -> api.broadcasts.broadcastsSchedule(id, at(Instant.now().plus(Duration.ofDays(1)))));

        Client.Refusal edit = refusal(() -> api.broadcasts.broadcastsReplace(
                id, sale(broadcast.getTemplateId(), broadcast.getSubscriptionGroupId())));
        assertThat(edit.status()).isEqualTo(409);
        assertThat(edit.error()).isEqualTo("invalid_state");
        assertThat(edit.problem().getDetail()).contains("scheduled and cannot be edited");
        Client.Refusal handover = refusal(() -> api.broadcasts.broadcastsConfirmation(id));
        assertThat(handover.status()).isEqualTo(409);

        call(() -> api.broadcasts.broadcastsCancel(id));
        Client.Refusal cancelAgain = refusal(() -> api.broadcasts.broadcastsCancel(id));
        assertThat(cancelAgain.status()).isEqualTo(409);
        assertThat(cancelAgain.error()).isEqualTo("invalid_state");
        Client.Refusal schedule = refusal(
                () -> api.broadcasts.broadcastsSchedule(id, at(Instant.now().plusSeconds(3600))));
        assertThat(schedule.status()).isEqualTo(409);
        assertThat(call(() -> api.broadcasts.broadcastsGet(id)).getStatus()).isEqualTo(CarrierStatus.CANCELLED);
    }

    @Test
    void a_schedule_needs_a_future_time_with_an_offset_or_a_zone() {
        String id = draft().getId();

        Client.Refusal past = refusal(
                () -> api.broadcasts.broadcastsSchedule(id, at(Instant.now().minusSeconds(60))));
        assertThat(past.status()).isEqualTo(422);
        assertThat(past.errorFields()).containsExactly("sendAt");
        Client.Refusal local = refusal(
                () -> api.broadcasts.broadcastsSchedule(id, new ScheduleRequest().sendAt("2099-01-01T10:00:00")));
        assertThat(local.status()).isEqualTo(422);
        assertThat(local.problem().getDetail()).contains("no offset or zone");
        assertThat(call(() -> api.broadcasts.broadcastsGet(id)).getStatus()).isEqualTo(CarrierStatus.DRAFT);

        Broadcast zoned = call(() -> api.broadcasts.broadcastsSchedule(
                id, new ScheduleRequest().sendAt("2099-01-01T10:00:00[Europe/Paris]")));
        assertThat(zoned.getSendAt()).isEqualTo(OffsetDateTime.of(2099, 1, 1, 9, 0, 0, 0, ZoneOffset.UTC));
        Broadcast offset = call(
                () -> api.broadcasts.broadcastsSchedule(id, new ScheduleRequest().sendAt("2099-01-01T10:00:00+02:00")));
        assertThat(offset.getSendAt().toInstant()).isEqualTo(Instant.parse("2099-01-01T08:00:00Z"));
    }

    @Test
    void scheduled_then_cancelled_sends_nothing_while_one_left_scheduled_starts_at_its_time() {
        Broadcast kept = draft();
        Broadcast cancelled = draft();
        Instant soon = Instant.now().plusSeconds(2);
        call(() -> api.broadcasts.broadcastsSchedule(kept.getId(), at(soon)));
        call(() -> api.broadcasts.broadcastsSchedule(cancelled.getId(), at(soon)));
        Broadcast cancel = call(() -> api.broadcasts.broadcastsCancel(cancelled.getId()));
        assertThat(cancel.getStatus()).isEqualTo(CarrierStatus.CANCELLED);

        Broadcast started = awaitStatusBeyond(kept.getId(), CarrierStatus.SCHEDULED, Duration.ofSeconds(20));
        assertThat(started.getStatus()).isIn(CarrierStatus.SENDING, CarrierStatus.SENT);
        assertThat(started.getStartedAt().toInstant()).isAfterOrEqualTo(soon.truncatedTo(ChronoUnit.MILLIS));

        Broadcast stillCancelled = call(() -> api.broadcasts.broadcastsGet(cancelled.getId()));
        assertThat(stillCancelled.getStatus()).isEqualTo(CarrierStatus.CANCELLED);
        assertThat(stillCancelled.getStartedAt()).isNull();
        assertThat(call(() -> api.broadcasts.broadcastsResults(cancelled.getId()))
                        .getTotal())
                .isZero();
    }

    static Broadcast awaitStatusBeyond(String id, CarrierStatus status, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Broadcast view;
        do {
            view = call(() -> api.broadcasts.broadcastsGet(id));
            if (view.getStatus() != status) {
                return view;
            }
            Api.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("broadcast " + id + " stayed " + status);
    }

    @Test
    void another_workspaces_broadcast_is_not_found() {
        Broadcast mine = draft();
        String id = mine.getId();
        Client other = Workspaces.createOther();

        for (Client.Call<?> attempt : List.<Client.Call<?>>of(
                () -> other.broadcasts.broadcastsGet(id),
                () -> other.broadcasts.broadcastsReplace(id, sale(mine.getTemplateId(), group(other))),
                () -> other.broadcasts.broadcastsDuplicate(id),
                () -> other.broadcasts.broadcastsPreflight(id),
                () -> other.broadcasts.broadcastsTestSend(id, new TestSendRequest().to(Api.newRecipient())),
                () -> other.broadcasts.broadcastsSchedule(id, at(Instant.now().plusSeconds(3600))),
                () -> other.broadcasts.broadcastsCancel(id),
                () -> other.broadcasts.broadcastsResults(id),
                () -> other.broadcasts.broadcastsConfirmation(id))) {
            Client.Refusal refused = refusal(attempt);
            assertThat(refused.status()).isEqualTo(404);
            assertThat(refused.error()).isEqualTo("not_found");
        }
        BroadcastPage theirs = call(() -> other.broadcasts.broadcastsList(null, 100));
        assertThat(theirs.getData()).extracting(Broadcast::getId).doesNotContain(id);
        assertThat(call(() -> api.broadcasts.broadcastsGet(id)).getStatus()).isEqualTo(CarrierStatus.DRAFT);
    }

    @Test
    void the_list_pages_by_cursor() {
        Client tenant = Workspaces.createOther();
        String templateId = Client.call(
                        () -> tenant.templates.templatesCreate(new io.segmentflow.it.client.model.TemplateRequest()
                                .name("t")
                                .subject("s")
                                .html("<p>h</p>")))
                .getId();
        for (int i = 0; i < 3; i++) {
            call(() -> tenant.broadcasts.broadcastsCreate(sale(templateId, group(tenant))));
        }

        BroadcastPage first = call(() -> tenant.broadcasts.broadcastsList(null, 2));
        BroadcastPage rest = call(() -> tenant.broadcasts.broadcastsList(first.getNextCursor(), 2));

        assertThat(first.getData()).hasSize(2);
        assertThat(first.getHasMore()).isTrue();
        assertThat(rest.getData()).hasSize(1);
        assertThat(rest.getHasMore()).isFalse();
        assertThat(rest.getNextCursor()).isNull();
    }

    @Test
    void a_key_without_the_scope_is_refused() {
        String readOnly = call(() -> api.access.apiKeysCreate(
                        new ApiKeyRequest().name("IT read").scopes(List.of(Scope.BROADCASTS_READ))))
                .getKey();
        Client reader = Client.withKey(readOnly);
        String id = draft().getId();

        assertThat(call(() -> reader.broadcasts.broadcastsGet(id)).getId()).isEqualTo(id);
        assertThat(refusal(() -> reader.broadcasts.broadcastsCancel(id)).status())
                .isEqualTo(403);
        assertThat(refusal(() -> reader.broadcasts.broadcastsConfirmation(id)).error())
                .isEqualTo("insufficient_scope");
    }

    @Test
    void a_malformed_request_is_refused_with_its_fields() {
        Api raw = Api.withBootstrapKey();
        String group = group();
        String template = template();

        Api.Reply both = raw.postRaw(
                "/api/v1/broadcasts",
                "{\"name\":\"x\",\"templateId\":\"" + template + "\",\"html\":\"<p/>\",\"subscriptionGroupId\":\""
                        + group + "\"}",
                "application/json");
        assertThat(both.status()).isEqualTo(422);
        assertThat(both.raw().body()).contains("either a templateId or html");
        Api.Reply unknown = raw.postRaw(
                "/api/v1/broadcasts",
                "{\"name\":\"x\",\"subject\":\"s\",\"html\":\"<p/>\",\"subscriptionGroupId\":\"" + group
                        + "\",\"sendNow\":true}",
                "application/json");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.raw().body()).contains("sendNow");
        Api.Reply crlf = raw.postRaw(
                "/api/v1/broadcasts",
                "{\"name\":\"x\",\"subject\":\"Hi\\r\\nBcc: all@example.com\",\"html\":\"<p/>\","
                        + "\"subscriptionGroupId\":\"" + group + "\"}",
                "application/json");
        assertThat(crlf.status()).isEqualTo(422);
        assertThat(crlf.raw().body()).contains("\"field\":\"subject\"");
        Api.Reply noGroup = raw.postRaw(
                "/api/v1/broadcasts", "{\"name\":\"x\",\"subject\":\"s\",\"html\":\"<p/>\"}", "application/json");
        assertThat(noGroup.status()).isEqualTo(422);
        assertThat(noGroup.raw().body()).contains("subscriptionGroupId");
        Api.Reply unknownGroup = raw.postRaw(
                "/api/v1/broadcasts",
                "{\"name\":\"x\",\"templateId\":\"" + template + "\",\"subscriptionGroupId\":\"sg_nowhere\"}",
                "application/json");
        assertThat(unknownGroup.status()).isEqualTo(422);
        assertThat(unknownGroup.raw().body()).contains("subscription group sg_nowhere was not found");
    }

    @Test
    void a_scheduled_broadcast_reaches_each_subscriber_once_and_counts_the_others_by_reason() throws Exception {
        Client tenant = Workspaces.createOther();
        VerifiedDomains.of(tenant, "acme.example");
        String group = group(tenant);
        List<String> subscribers = List.of(Api.newRecipient(), Api.newRecipient(), Api.newRecipient());
        String unsubscribed = Api.newRecipient();
        String silent = Api.newRecipient();
        subscribers.forEach(address -> consent(tenant, address, group, SubscriptionUpdate.StatusEnum.SUBSCRIBED));
        consent(tenant, unsubscribed, group, SubscriptionUpdate.StatusEnum.UNSUBSCRIBED);
        consent(tenant, silent, null, null);
        Broadcast broadcast = call(() -> tenant.broadcasts.broadcastsCreate(new BroadcastRequest()
                .name("Spring sale")
                .subject("Spring sale for subscribers")
                .html("<p>Half price.</p>")
                .subscriptionGroupId(group)
                .from("Acme News <news@acme.example>")));
        Preflight preflight = call(() -> tenant.broadcasts.broadcastsPreflight(broadcast.getId()));
        assertThat(preflight.getAudienceSize()).isEqualTo(5);
        assertThat(preflight.getEligible()).isEqualTo(3);
        assertThat(preflight.getUnsubscribed()).isEqualTo(1);
        assertThat(preflight.getNeverSubscribed()).isEqualTo(1);

        call(() -> tenant.broadcasts.broadcastsSchedule(
                broadcast.getId(), at(Instant.now().plusSeconds(1))));

        for (String subscriber : subscribers) {
            assertThat(SmtpServer.awaitOneMessageTo(subscriber, DELIVERY).getSubject())
                    .isEqualTo("Spring sale for subscribers");
        }
        // The fan-out's last step marks it sent, once every partition wrote its sends (the skipped ones too), which
        // may come after the subscribers' emails went out.
        assertThat(awaitStatus(tenant, broadcast.getId(), CarrierStatus.SENT)).isEqualTo(CarrierStatus.SENT);
        SendResults results = awaitSent(tenant, broadcast.getId(), 3);
        assertThat(results.getSkipped()).isEqualTo(2);
        assertThat(results.getSkippedByReason())
                .containsEntry("unsubscribed", 1L)
                .containsEntry("never_subscribed", 1L);
        Api.sleep(500);
        for (String subscriber : subscribers) {
            assertThat(SmtpServer.messagesTo(subscriber)).hasSize(1);
        }
        assertThat(SmtpServer.messagesTo(unsubscribed)).isEmpty();
        assertThat(SmtpServer.messagesTo(silent)).isEmpty();
    }

    /** A Profile of the address, made by a tracked event, and its consent to the group when one is given. */
    static void consent(Client client, String address, String group, SubscriptionUpdate.StatusEnum status) {
        String profileId = call(() -> client.events.eventsTrack(
                        Api.newIdempotencyKey(),
                        new TrackEventRequest().event("it.seen").profile(new ProfileReference().email(address))))
                .getProfileId();
        if (group != null) {
            call(() ->
                    client.profiles.profilesSetSubscription(profileId, group, new SubscriptionUpdate().status(status)));
        }
    }

    /** Waits until the carrier's sends are all delivered, {@code sent} of them sent. */
    /** The Broadcast's status once it is {@code wanted}, or the last one seen when it is not within the delivery wait. */
    static CarrierStatus awaitStatus(Client client, String broadcastId, CarrierStatus wanted) {
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        CarrierStatus status;
        do {
            status = call(() -> client.broadcasts.broadcastsGet(broadcastId)).getStatus();
            if (status == wanted) {
                return status;
            }
            Api.sleep(100);
        } while (System.nanoTime() < deadline);
        return status;
    }

    static SendResults awaitSent(Client client, String broadcastId, long sent) {
        return awaitSent(client, broadcastId, sent, DELIVERY);
    }

    /** {@link #awaitSent(Client, String, long)}, waiting at most {@code patience}. */
    static SendResults awaitSent(Client client, String broadcastId, long sent, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        SendResults results;
        do {
            results = call(() -> client.broadcasts.broadcastsResults(broadcastId));
            if (results.getSent() == sent && results.getQueued() == 0) {
                return results;
            }
            Api.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("broadcast " + broadcastId + " did not reach " + sent + " sent: " + results);
    }
}
