package io.segmentflow.it;

import static io.segmentflow.it.Client.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.it.client.model.Broadcast;
import io.segmentflow.it.client.model.BroadcastRequest;
import io.segmentflow.it.client.model.CarrierStatus;
import io.segmentflow.it.client.model.Condition;
import io.segmentflow.it.client.model.ProfileReference;
import io.segmentflow.it.client.model.ScheduleRequest;
import io.segmentflow.it.client.model.SegmentRequest;
import io.segmentflow.it.client.model.SendResults;
import io.segmentflow.it.client.model.SubscriptionGroupRequest;
import io.segmentflow.it.client.model.SubscriptionUpdate;
import io.segmentflow.it.client.model.SuppressionRequest;
import io.segmentflow.it.client.model.TrackEventRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A Broadcast to a segment of 1,000 Profiles, scheduled a few seconds ahead, fanned out by its batch job and
 * delivered: each eligible Profile gets exactly one message, and an unsubscribed or suppressed one, or a Profile
 * outside the segment, none.
 */
class FanOutIT {
    private static final int SEGMENT = 1000;
    private static final int OUTSIDE = 50;
    private static final Duration DELIVERY = Duration.ofSeconds(120);

    private record Member(String address, boolean unsubscribed, boolean suppressed) {
        boolean eligible() {
            return !unsubscribed && !suppressed;
        }
    }

    @Test
    void a_scheduled_broadcast_to_a_segment_of_1000_profiles_reaches_each_eligible_one_once_and_no_other()
            throws Exception {
        // given: a workspace of its own with an opt-in group; in the segment (plan gold) one in ten unsubscribed and
        // one in twenty-five suppressed, the others subscribed; outside it, subscribed Profiles of another plan
        Client tenant = Workspaces.createOther();
        VerifiedDomains.of(tenant, "acme.example");
        String group = call(() -> tenant.subscriptionGroups.subscriptionGroupsCreate(new SubscriptionGroupRequest()
                        .name("Gold news")
                        .type(SubscriptionGroupRequest.TypeEnum.OPT_IN)))
                .getId();
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < SEGMENT; i++) {
            members.add(new Member(Api.newRecipient(), i % 10 == 3, i % 25 == 7));
        }
        List<String> outside = new ArrayList<>();
        for (int i = 0; i < OUTSIDE; i++) {
            outside.add(Api.newRecipient());
        }
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> made = new ArrayList<>();
            for (Member member : members) {
                made.add(callers.submit(() -> {
                    profile(tenant, member.address(), "gold", group, !member.unsubscribed());
                    if (member.suppressed()) {
                        call(() ->
                                tenant.suppressions.suppressionsAdd(new SuppressionRequest().email(member.address())));
                    }
                }));
            }
            for (String address : outside) {
                made.add(callers.submit(() -> profile(tenant, address, "silver", group, true)));
            }
            for (Future<?> f : made) {
                f.get();
            }
        } finally {
            callers.shutdownNow();
        }
        String segment = call(() -> tenant.segments.segmentsCreate(new SegmentRequest()
                        .name("Gold")
                        .condition(new Condition()
                                .field("profile.plan")
                                .op(Condition.OpEnum.EQUALS)
                                .value("gold"))))
                .getId();
        Broadcast broadcast = call(() -> tenant.broadcasts.broadcastsCreate(new BroadcastRequest()
                .name("Gold news")
                .subject("News for gold members")
                .html("<p>News for you.</p>")
                .segmentId(segment)
                .subscriptionGroupId(group)
                .from("Acme News <news@acme.example>")));

        // when: it is scheduled a few seconds ahead
        call(() -> tenant.broadcasts.broadcastsSchedule(
                broadcast.getId(),
                new ScheduleRequest().sendAt(Instant.now().plusSeconds(3).toString())));

        // then: every eligible member gets the message once; the others none
        List<Member> eligible = members.stream().filter(Member::eligible).toList();
        long unsubscribed = members.stream()
                .filter(m -> m.unsubscribed() && !m.suppressed())
                .count();
        long suppressed = members.stream().filter(Member::suppressed).count();
        SendResults results = BroadcastsIT.awaitSent(tenant, broadcast.getId(), eligible.size(), DELIVERY);
        assertThat(results.getSkipped()).isEqualTo(SEGMENT - eligible.size());
        assertThat(results.getSkippedByReason())
                .isEqualTo(Map.of("unsubscribed", unsubscribed, "suppressed", suppressed));
        // The fan-out's last step marks it sent, which may come after its emails went out.
        assertThat(BroadcastsIT.awaitStatus(tenant, broadcast.getId(), CarrierStatus.SENT))
                .isEqualTo(CarrierStatus.SENT);
        for (Member member : eligible) {
            assertThat(SmtpServer.awaitOneMessageTo(member.address(), DELIVERY).getSubject())
                    .isEqualTo("News for gold members");
        }
        for (Member member : members) {
            assertThat(SmtpServer.messagesTo(member.address()))
                    .as("messages to %s", member)
                    .hasSize(member.eligible() ? 1 : 0);
        }
        for (String address : outside) {
            assertThat(SmtpServer.messagesTo(address))
                    .as("messages to %s, outside the segment", address)
                    .isEmpty();
        }
    }

    /** A Profile of the address on the plan, made as events.track makes one, subscribed to the group or not. */
    private static void profile(Client client, String address, String plan, String group, boolean subscribed) {
        String profileId = call(() -> client.events.eventsTrack(
                        Api.newIdempotencyKey(),
                        new TrackEventRequest()
                                .event("it.fan-out")
                                .profile(new ProfileReference().email(address).properties(Map.of("plan", plan)))))
                .getProfileId();
        SubscriptionUpdate.StatusEnum status =
                subscribed ? SubscriptionUpdate.StatusEnum.SUBSCRIBED : SubscriptionUpdate.StatusEnum.UNSUBSCRIBED;
        call(() -> client.profiles.profilesSetSubscription(profileId, group, new SubscriptionUpdate().status(status)));
    }
}
