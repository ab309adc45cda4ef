package io.segmentflow.it;

import static io.segmentflow.it.Client.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.it.client.model.Broadcast;
import io.segmentflow.it.client.model.BroadcastRequest;
import io.segmentflow.it.client.model.CarrierStatus;
import io.segmentflow.it.client.model.Condition;
import io.segmentflow.it.client.model.Preflight;
import io.segmentflow.it.client.model.ProfileImport;
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
 * outside the segment, none. Profiles of the segment that have no address are counted as preflight counts them.
 */
class FanOutIT {
    private static final int SEGMENT = 1000;
    private static final int OUTSIDE = 50;
    private static final int NO_ADDRESS = 3;
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
        // and a few gold Profiles known by an external id alone, subscribed: imported, since only an import makes
        // a Profile without an address
        StringBuilder csv = new StringBuilder("externalId,plan,subscriptions." + group + "\n");
        for (int i = 0; i < NO_ADDRESS; i++) {
            csv.append("no-address-").append(i).append(',').append("gold,subscribed\n");
        }
        ProfileImport imported = ProfileImportsIT.awaitDone(
                tenant,
                call(() -> tenant.profiles.profileImportsCreate(csv.toString())).getImportId());
        assertThat(imported.getImported()).isEqualTo((long) NO_ADDRESS);
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

        Preflight preflight = call(() -> tenant.broadcasts.broadcastsPreflight(broadcast.getId()));
        assertThat(preflight.getAudienceSize()).isEqualTo(SEGMENT + NO_ADDRESS);
        assertThat(preflight.getNoAddress()).isEqualTo(NO_ADDRESS);

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
        BroadcastsIT.awaitSent(tenant, broadcast.getId(), eligible.size(), DELIVERY);
        // The fan-out's last step marks it sent, which may come after its emails went out, and after another
        // partition's skipped sends are written: the results are read once it is done.
        assertThat(BroadcastsIT.awaitStatus(tenant, broadcast.getId(), CarrierStatus.SENT))
                .isEqualTo(CarrierStatus.SENT);
        SendResults results = call(() -> tenant.broadcasts.broadcastsResults(broadcast.getId()));
        // every member is counted once, under the reason preflight gave
        assertThat(results.getSkipped()).isEqualTo(SEGMENT + NO_ADDRESS - eligible.size());
        assertThat(results.getSkippedByReason())
                .isEqualTo(Map.of(
                        "unsubscribed", unsubscribed, "suppressed", suppressed, "no_address", (long) NO_ADDRESS));
        assertThat(results.getSkippedByReason())
                .isEqualTo(Map.of(
                        "unsubscribed", preflight.getUnsubscribed(),
                        "suppressed", preflight.getSuppressed(),
                        "no_address", preflight.getNoAddress()));
        assertThat(results.getSent()).isEqualTo(preflight.getEligible());
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
