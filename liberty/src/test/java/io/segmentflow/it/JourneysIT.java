package io.segmentflow.it;

import static io.segmentflow.it.Client.call;
import static io.segmentflow.it.Client.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.segmentflow.it.client.ApiResponse;
import io.segmentflow.it.client.model.Condition;
import io.segmentflow.it.client.model.Journey;
import io.segmentflow.it.client.model.JourneyRequest;
import io.segmentflow.it.client.model.JourneyRun;
import io.segmentflow.it.client.model.JourneyStep;
import io.segmentflow.it.client.model.JourneyTrigger;
import io.segmentflow.it.client.model.ProfileReference;
import io.segmentflow.it.client.model.PublicTriggerRequest;
import io.segmentflow.it.client.model.PublicTriggerRequestRecipient;
import io.segmentflow.it.client.model.PublicTriggeredRun;
import io.segmentflow.it.client.model.RunStatus;
import io.segmentflow.it.client.model.TrackEventRequest;
import io.segmentflow.it.client.model.TrackedEvent;
import io.segmentflow.it.client.model.TrackedEventSkippedJourneysInner;
import io.segmentflow.it.client.model.TriggerJourneyRequest;
import io.segmentflow.it.client.model.TriggerJourneyRequestProfile;
import io.segmentflow.it.client.model.TriggeredRun;
import io.segmentflow.it.client.model.UserEvent;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * events.track and journeys.trigger end to end: Journeys enroll Profiles, wait on durable timers, branch on profile
 * fields, wait for events, and send their emails through the outbox to a real SMTP server.
 */
class JourneysIT {
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    private static final Client api = Client.withBootstrapKey();

    /** Event names of their own per test, so no other test's Journeys listen to them. */
    private static String eventName(String name) {
        return "it" + UUID.randomUUID().toString().substring(0, 8) + "." + name;
    }

    private static String address(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@journeys.test";
    }

    private static JourneyStep email(String id, String templateId, String next) {
        return new JourneyStep()
                .id(id)
                .type(JourneyStep.TypeEnum.SEND_EMAIL)
                .templateId(templateId)
                .next(next);
    }

    private static Journey activeJourney(
            JourneyTrigger trigger, JourneyRequest.ReEntryEnum reEntry, JourneyStep... steps) {
        Journey draft = call(() -> api.journeys.journeysCreate(new JourneyRequest()
                .name("IT " + UUID.randomUUID())
                .trigger(trigger)
                .reEntry(reEntry)
                .steps(List.of(steps))));
        assertThat(draft.getStatus()).isEqualTo(Journey.StatusEnum.DRAFT);
        return call(() -> api.journeys.journeysActivate(draft.getId()));
    }

    private static JourneyTrigger on(String event) {
        return new JourneyTrigger().type(JourneyTrigger.TypeEnum.EVENT).event(event);
    }

    private static ApiResponse<TrackedEvent> track(
            String event, String email, Map<String, Object> properties, Map<String, Object> data) {
        return call(() -> api.events.eventsTrackWithHttpInfo(
                Api.newIdempotencyKey(),
                new TrackEventRequest()
                        .event(event)
                        .profile(new ProfileReference().email(email).properties(properties))
                        .data(data)));
    }

    private static String body(MimeMessage message) {
        return GreenMailUtil.getBody(message).replace("=\r\n", "");
    }

    @Test
    void a_tracked_event_sends_a_journey_email_showing_the_event_and_the_profile() throws Exception {
        String event = eventName("password_reset.requested");
        String templateId = api.createTemplate(
                "Reset your password",
                "<p>Hi <span th:text=\"${profile.firstName}\">there</span>, your code is"
                        + " <b th:text=\"${event.code}\">0</b>.</p>",
                "Hi [[${profile.firstName}]], your code is [[${event.code}]].");
        Journey journey = activeJourney(on(event), JourneyRequest.ReEntryEnum.ALWAYS, email("reset", templateId, null));
        String ada = address("ada");

        ApiResponse<TrackedEvent> answer = track(event, ada, Map.of("firstName", "Ada"), Map.of("code", "493021"));

        assertThat(answer.getStatusCode()).isEqualTo(202);
        TrackedEvent tracked = answer.getData();
        assertThat(tracked.getMatchedJourneys()).containsExactly(journey.getId());
        assertThat(tracked.getEnrolledJourneys())
                .singleElement()
                .satisfies(e -> assertThat(e.getJourneyId()).isEqualTo(journey.getId()));
        MimeMessage message = SmtpServer.awaitOneMessageTo(ada, DELIVERY);
        assertThat(message.getSubject()).isEqualTo("Reset your password");
        assertThat(body(message)).contains("Hi Ada, your code is 493021.");

        String runId = tracked.getEnrolledJourneys().get(0).getRunId();
        JourneyRun run = awaitRun(runId, RunStatus.COMPLETED);
        assertThat(run.getEventId()).isEqualTo(tracked.getEventId());
        assertThat(run.getSteps())
                .singleElement()
                .satisfies(step -> assertThat(step.getStepId()).isEqualTo("reset"));
        UserEvent stored = call(() -> api.events.eventsGet(tracked.getEventId()));
        assertThat(stored.getData()).containsEntry("code", "493021");
    }

    @Test
    void an_order_waits_then_branches_on_a_profile_property_to_different_templates() {
        String event = eventName("order.created");
        String upsell = api.createTemplate("Go further with Team", "<p>Team</p>", null);
        String survey = api.createTemplate("How was your order?", "<p>Survey</p>", null);
        activeJourney(
                on(event),
                JourneyRequest.ReEntryEnum.ALWAYS,
                new JourneyStep()
                        .id("wait")
                        .type(JourneyStep.TypeEnum.WAIT)
                        .duration("PT1S")
                        .next("is-pro"),
                new JourneyStep()
                        .id("is-pro")
                        .type(JourneyStep.TypeEnum.BRANCH)
                        .condition(new Condition()
                                .field("profile.plan")
                                .op(Condition.OpEnum.EQUALS)
                                .value("pro"))
                        .then("upsell")
                        ._else("survey"),
                email("upsell", upsell, null),
                email("survey", survey, null));
        String pro = address("pro");
        String free = address("free");

        track(event, pro, Map.of("plan", "pro"), Map.of("orderId", "A-1"));
        track(event, free, Map.of("plan", "free"), Map.of("orderId", "A-2"));

        assertThat(subjectOf(SmtpServer.awaitOneMessageTo(pro, DELIVERY))).isEqualTo("Go further with Team");
        assertThat(subjectOf(SmtpServer.awaitOneMessageTo(free, DELIVERY))).isEqualTo("How was your order?");
    }

    @Test
    void a_wait_for_an_event_goes_on_when_it_comes_and_along_its_timeout_when_it_does_not() {
        String created = eventName("order.created");
        String paid = eventName("order.paid");
        String receipt = api.createTemplate("Your receipt", "<p>Paid</p>", null);
        String reminder = api.createTemplate("Your order awaits payment", "<p>Reminder</p>", null);
        activeJourney(
                on(created),
                JourneyRequest.ReEntryEnum.ALWAYS,
                new JourneyStep()
                        .id("paid")
                        .type(JourneyStep.TypeEnum.WAIT_UNTIL)
                        .event(paid)
                        .timeout("PT3S")
                        .next("receipt")
                        .timeoutNext("reminder"),
                email("receipt", receipt, null),
                email("reminder", reminder, null));
        String payer = address("payer");
        String forgetful = address("forgetful");

        String payerRun = track(created, payer, Map.of(), Map.of())
                .getData()
                .getEnrolledJourneys()
                .get(0)
                .getRunId();
        track(created, forgetful, Map.of(), Map.of());
        awaitRun(payerRun, RunStatus.WAITING);
        track(paid, payer, Map.of(), Map.of("amount", 42));

        assertThat(subjectOf(SmtpServer.awaitOneMessageTo(payer, DELIVERY))).isEqualTo("Your receipt");
        assertThat(subjectOf(SmtpServer.awaitOneMessageTo(forgetful, DELIVERY))).isEqualTo("Your order awaits payment");
        assertThat(SmtpServer.messagesTo(payer))
                .as("the timeout path was not taken too")
                .hasSize(1);
        assertThat(awaitRun(payerRun, RunStatus.COMPLETED).getSteps())
                .extracting(step -> step.getOutcome().getValue())
                .containsExactly("event_arrived", "email_queued");
    }

    @Test
    void a_profile_already_in_a_run_is_skipped_with_its_reason_and_a_paused_journey_enrolls_no_one() {
        String event = eventName("signup");
        String welcome = api.createTemplate("Welcome", "<p>Welcome</p>", null);
        Journey once = activeJourney(
                on(event),
                JourneyRequest.ReEntryEnum.NEVER,
                new JourneyStep()
                        .id("wait")
                        .type(JourneyStep.TypeEnum.WAIT)
                        .duration("P1D")
                        .next("welcome"),
                email("welcome", welcome, null));
        Journey paused = activeJourney(on(event), JourneyRequest.ReEntryEnum.ALWAYS, email("welcome", welcome, null));
        call(() -> api.journeys.journeysPause(paused.getId()));
        String ada = address("ada");

        TrackedEvent first = track(event, ada, Map.of(), Map.of()).getData();
        TrackedEvent second = track(event, ada, Map.of(), Map.of()).getData();

        assertThat(first.getEnrolledJourneys())
                .extracting(e -> e.getJourneyId())
                .containsExactly(once.getId());
        assertThat(first.getSkippedJourneys())
                .extracting(
                        TrackedEventSkippedJourneysInner::getJourneyId,
                        s -> s.getReason().getValue())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(paused.getId(), "journey_paused"));
        assertThat(second.getEnrolledJourneys()).isEmpty();
        assertThat(second.getSkippedJourneys())
                .extracting(
                        TrackedEventSkippedJourneysInner::getJourneyId,
                        s -> s.getReason().getValue())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(once.getId(), "already_in_run"),
                        org.assertj.core.groups.Tuple.tuple(paused.getId(), "journey_paused"));
        awaitRun(first.getEnrolledJourneys().get(0).getRunId(), RunStatus.WAITING);
        assertThat(call(() -> api.journeys.journeysStats(once.getId()))
                        .getRuns()
                        .getWaiting())
                .isEqualTo(1);
    }

    @Test
    void a_trigger_call_starts_one_run_per_idempotency_key_in_either_form() {
        String reset = api.createTemplate("Your sign-in link", "<p th:text=\"${event.link}\">link</p>", null);
        Journey journey = activeJourney(
                new JourneyTrigger().type(JourneyTrigger.TypeEnum.API),
                JourneyRequest.ReEntryEnum.ALWAYS,
                email("send", reset, null));
        String ada = address("ada");
        String key = Api.newIdempotencyKey();
        TriggerJourneyRequest request = new TriggerJourneyRequest()
                .profile(new TriggerJourneyRequestProfile().email(ada))
                .data(Map.of("link", "https://app.example/l/abc"));

        ApiResponse<TriggeredRun> first =
                call(() -> api.journeys.journeysTriggerWithHttpInfo(journey.getId(), key, request));
        ApiResponse<TriggeredRun> again =
                call(() -> api.journeys.journeysTriggerWithHttpInfo(journey.getId(), key, request));

        assertThat(first.getStatusCode()).isEqualTo(202);
        assertThat(first.getData().getJourneyId()).isEqualTo(journey.getId());
        assertThat(again.getData().getRunId()).isEqualTo(first.getData().getRunId());
        assertThat(Client.header(again, "Idempotency-Replayed")).contains("true");
        assertThat(body(SmtpServer.awaitOneMessageTo(ada, DELIVERY))).contains("https://app.example/l/abc");

        String bob = address("bob");
        PublicTriggeredRun hosted = call(() -> api.journeys.publicJourneysTrigger(
                journey.getId(),
                Api.newIdempotencyKey(),
                new PublicTriggerRequest()
                        .recipient(
                                new PublicTriggerRequestRecipient().email(bob).userId("crm-" + UUID.randomUUID()))
                        .variables(Map.of("link", "https://app.example/l/bob"))));
        assertThat(hosted.getWorkflowId()).isEqualTo(journey.getId());
        assertThat(body(SmtpServer.awaitOneMessageTo(bob, DELIVERY))).contains("https://app.example/l/bob");
        assertThat(SmtpServer.messagesTo(ada)).as("the replay sent nothing").hasSize(1);
    }

    @Test
    void an_event_journey_refuses_a_trigger_call_and_a_broken_definition_is_refused_by_step() {
        String welcome = api.createTemplate("Welcome", "<p>Welcome</p>", null);
        Journey journey =
                activeJourney(on(eventName("signup")), JourneyRequest.ReEntryEnum.ALWAYS, email("w", welcome, null));

        Client.Refusal notApi = refusal(() -> api.journeys.journeysTrigger(
                journey.getId(),
                Api.newIdempotencyKey(),
                new TriggerJourneyRequest().profile(new TriggerJourneyRequestProfile().email(address("x")))));
        assertThat(notApi.status()).isEqualTo(409);
        assertThat(notApi.error()).isEqualTo("journey_not_api_triggered");

        Client.Refusal broken = refusal(() -> api.journeys.journeysCreate(new JourneyRequest()
                .name("Broken")
                .trigger(on(eventName("x")))
                .steps(List.of(
                        email("a", "tpl_00000000000000000000000000", "nowhere"),
                        new JourneyStep().id("orphan").type(JourneyStep.TypeEnum.EXIT)))));
        assertThat(broken.status()).isEqualTo(422);
        assertThat(broken.errorFields()).contains("steps.a", "steps.orphan");
    }

    @Test
    void erasing_a_profile_exits_its_runs_and_erases_its_events_data() {
        String event = eventName("trial.started");
        String reminder = api.createTemplate("Your trial ends soon", "<p>Soon</p>", null);
        activeJourney(
                on(event),
                JourneyRequest.ReEntryEnum.ALWAYS,
                new JourneyStep()
                        .id("wait")
                        .type(JourneyStep.TypeEnum.WAIT)
                        .duration("P14D")
                        .next("remind"),
                email("remind", reminder, null));
        String ada = address("ada");
        TrackedEvent tracked = track(event, ada, Map.of("plan", "trial"), Map.of("token", "secret-123"))
                .getData();
        String runId = tracked.getEnrolledJourneys().get(0).getRunId();
        awaitRun(runId, RunStatus.WAITING);

        call(() -> {
            api.profiles.profilesErase(tracked.getProfileId());
            return null;
        });

        JourneyRun exited = call(() -> api.journeys.journeysRunGet(runId));
        assertThat(exited.getStatus()).isEqualTo(RunStatus.EXITED);
        assertThat(exited.getDueAt()).isNull();
        assertThat(call(() -> api.events.eventsGet(tracked.getEventId())).getData())
                .isNull();
    }

    private static JourneyRun awaitRun(String runId, RunStatus status) {
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        JourneyRun run;
        do {
            run = call(() -> api.journeys.journeysRunGet(runId));
            if (run.getStatus() == status) {
                return run;
            }
            Api.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("run " + runId + " did not become " + status + ": " + run);
    }

    private static String subjectOf(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
