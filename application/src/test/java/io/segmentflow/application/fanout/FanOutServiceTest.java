package io.segmentflow.application.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.application.fake.FakeTransactions;
import io.segmentflow.application.fake.InMemoryEmailSends;
import io.segmentflow.application.fake.InMemorySubscriptionGroups;
import io.segmentflow.application.fake.ManualClock;
import io.segmentflow.application.fake.RecordingDispatchSignal;
import io.segmentflow.application.port.out.AudienceCarriers;
import io.segmentflow.application.port.out.Audiences;
import io.segmentflow.application.port.out.FanOutPartitions;
import io.segmentflow.domain.audience.AudienceCounts;
import io.segmentflow.domain.audience.AudienceMember;
import io.segmentflow.domain.audience.AudienceSpec;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.CarrierType;
import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.audience.Exclusion;
import io.segmentflow.domain.audience.FanOutPlan;
import io.segmentflow.domain.audience.SegmentPreview;
import io.segmentflow.domain.audience.SubscriptionGroup;
import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSendStatus;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FanOutServiceTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final WorkspaceId WORKSPACE = new WorkspaceId("ws_1");
    private static final CarrierRef BROADCAST = new CarrierRef(WORKSPACE, CarrierType.BROADCAST, "bc_1");
    private static final FanOutPlan PLAN = new FanOutPlan(
            BROADCAST,
            new AudienceSpec(null, "sg_news"),
            "tpl_1",
            "tsn_1",
            new Mailbox(EmailAddress.of("news@acme.test"), "Acme"),
            null);

    private final InMemoryEmailSends sends = new InMemoryEmailSends();
    private final FakeTransactions transactions = new FakeTransactions(sends);
    private final RecordingDispatchSignal signal =
            new RecordingDispatchSignal(() -> false, () -> sends.all().size());
    private final ListedAudience audience = new ListedAudience();
    private final SendingCarriers carriers = new SendingCarriers();
    private final KeptBoundaries boundaries = new KeptBoundaries();
    private final InMemorySubscriptionGroups groups = new InMemorySubscriptionGroups();
    private final ManualClock clock = new ManualClock(NOW);
    private final FanOutService fanOut =
            new FanOutService(carriers, audience, sends, boundaries, groups, transactions, signal, clock);

    @BeforeEach
    void an_opt_in_group() {
        groups.add(new SubscriptionGroup("sg_news", WORKSPACE, "News", null, true, NOW, NOW));
    }

    @Test
    void every_member_read_through_every_range_gets_exactly_one_send_and_the_ineligible_say_why() {
        // given: 100 members, one in ten unsubscribed, one in twenty-five suppressed, the first three without an
        // address
        for (int i = 0; i < 100; i++) {
            boolean unsubscribed = i % 10 == 3;
            boolean suppressed = i % 25 == 7;
            String email = i < 3 ? null : "p" + i + "@example.test";
            audience.add(
                    String.format("pr_%03d", i),
                    email,
                    unsubscribed ? ConsentStatus.UNSUBSCRIBED : ConsentStatus.SUBSCRIBED,
                    suppressed);
        }

        // when: read in pages of 7 through 4 ranges, as the job's partitions do
        List<ProfileRange> ranges = fanOut.partitions(BROADCAST, 4);
        List<FanOutChunk> chunks = new ArrayList<>();
        for (ProfileRange range : ranges) {
            String after = null;
            while (true) {
                List<AudienceMember> page = fanOut.members(PLAN, range, after, 7);
                if (page.isEmpty()) {
                    break;
                }
                chunks.add(fanOut.write(PLAN, page));
                after = page.get(page.size() - 1).profileId();
            }
        }
        fanOut.finished(BROADCAST);

        // then
        assertThat(ranges).hasSize(4);
        Map<String, Long> perProfile = sends.all().stream()
                .collect(Collectors.groupingBy(s -> s.details().profileId(), Collectors.counting()));
        assertThat(perProfile)
                .hasSize(100)
                .allSatisfy((profile, count) -> assertThat(count).isEqualTo(1));
        Map<String, Long> skipped = sends.all().stream()
                .filter(s -> s.status() == EmailSendStatus.SKIPPED)
                .collect(Collectors.groupingBy(
                        s -> s.progress()
                                .failureMessage()
                                .substring(0, s.progress().failureMessage().indexOf(':')),
                        Collectors.counting()));
        // no address: 0, 1, 2; suppressed: 7, 32, 57, 82; unsubscribed: 3, 13, ..., 93
        assertThat(skipped)
                .containsExactlyInAnyOrderEntriesOf(Map.of("no_address", 3L, "suppressed", 4L, "unsubscribed", 10L));
        assertThat(sends.all().stream().filter(s -> s.details().to() == null))
                .allSatisfy(s -> assertThat(s.progress().failureMessage()).startsWith("no_address: "))
                .hasSize(3);
        assertThat(chunks.stream().mapToInt(FanOutChunk::queued).sum()).isEqualTo(100 - 3 - 4 - 10);
        assertThat(chunks.stream()
                        .mapToInt(c -> c.skipped().getOrDefault(Exclusion.NO_ADDRESS, 0))
                        .sum())
                .isEqualTo(3);
        assertThat(carriers.fannedOut).containsExactly(BROADCAST + " wrote 100");
    }

    @Test
    void a_chunk_written_again_after_a_restart_writes_nothing_twice() {
        for (int i = 0; i < 10; i++) {
            audience.add("pr_" + i, "p" + i + "@example.test", ConsentStatus.SUBSCRIBED, false);
        }
        List<AudienceMember> firstSix = fanOut.members(PLAN, ProfileRange.ALL, null, 6);
        fanOut.write(PLAN, firstSix);

        // the checkpoint was after the fourth member: the restart reads the fifth and sixth again
        FanOutChunk again = fanOut.write(PLAN, fanOut.members(PLAN, ProfileRange.ALL, "pr_3", 6));

        assertThat(again.queued()).isEqualTo(4);
        assertThat(again.alreadyWritten()).isEqualTo(2);
        assertThat(sends.all()).hasSize(10);
    }

    @Test
    void the_outbox_statistics_are_refreshed_by_the_first_chunk_then_every_half_minute_and_at_the_end() {
        for (int i = 0; i < 10; i++) {
            audience.add("pr_" + i, "p" + i + "@example.test", ConsentStatus.SUBSCRIBED, false);
        }

        fanOut.write(PLAN, fanOut.members(PLAN, ProfileRange.ALL, null, 2));
        fanOut.write(PLAN, fanOut.members(PLAN, ProfileRange.ALL, "pr_1", 2));
        assertThat(sends.statisticsRefreshes()).as("the first chunk").isEqualTo(1);

        clock.advance(Duration.ofSeconds(31));
        fanOut.write(PLAN, fanOut.members(PLAN, ProfileRange.ALL, "pr_3", 2));
        fanOut.write(PLAN, fanOut.members(PLAN, ProfileRange.ALL, "pr_5", 2));
        assertThat(sends.statisticsRefreshes())
                .as("and the first after half a minute")
                .isEqualTo(2);

        fanOut.finished(BROADCAST);
        assertThat(sends.statisticsRefreshes()).as("and at the end").isEqualTo(3);
    }

    @Test
    void a_restarted_job_gets_the_ranges_of_the_first_even_when_the_audience_grew() {
        for (int i = 0; i < 40; i++) {
            audience.add(String.format("pr_%02d", i), "p" + i + "@example.test", ConsentStatus.SUBSCRIBED, false);
        }
        List<ProfileRange> first = fanOut.partitions(BROADCAST, 4);
        for (int i = 40; i < 80; i++) {
            audience.add(String.format("pr_%02d", i), "p" + i + "@example.test", ConsentStatus.SUBSCRIBED, false);
        }

        assertThat(fanOut.partitions(BROADCAST, 4)).isEqualTo(first);
        assertThat(first.get(0).fromProfileId()).isNull();
        assertThat(first.get(3).toProfileId()).isNull();
        assertThat(first.get(1).fromProfileId()).isEqualTo(first.get(0).toProfileId());
    }

    @Test
    void delivery_is_woken_when_a_chunk_committed_and_a_failure_reaches_the_carrier() {
        fanOut.chunkCommitted();
        fanOut.failed(BROADCAST, "the database went away");

        assertThat(signal.wakeUps()).hasSize(1);
        assertThat(carriers.failed).containsExactly(BROADCAST + " failed: the database went away");
        assertThat(fanOut.isSending(new CarrierRef(WORKSPACE, CarrierType.BROADCAST, "bc_other")))
                .isFalse();
        assertThat(fanOut.isSending(BROADCAST)).isTrue();
    }

    /** An audience in Profile id order; the plan's spec is not looked at. */
    private static final class ListedAudience implements Audiences {
        private final List<AudienceMember> members = new ArrayList<>();

        void add(String profileId, String email, ConsentStatus consent, boolean suppressed) {
            members.add(
                    new AudienceMember(profileId, email == null ? null : EmailAddress.of(email), consent, suppressed));
            members.sort(Comparator.comparing(AudienceMember::profileId));
        }

        @Override
        public AudienceCounts count(WorkspaceId workspaceId, AudienceSpec audience) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SegmentPreview preview(WorkspaceId workspaceId, Condition condition, int sampleSize) {
            throw new UnsupportedOperationException("the fan-out does not preview segments");
        }

        @Override
        public List<AudienceMember> page(
                WorkspaceId workspaceId,
                AudienceSpec spec,
                String fromProfileId,
                String toProfileId,
                String afterProfileId,
                int limit) {
            return members.stream()
                    .filter(m -> fromProfileId == null || m.profileId().compareTo(fromProfileId) >= 0)
                    .filter(m -> toProfileId == null || m.profileId().compareTo(toProfileId) < 0)
                    .filter(m -> afterProfileId == null || m.profileId().compareTo(afterProfileId) > 0)
                    .limit(limit)
                    .toList();
        }

        List<String> ids() {
            return members.stream().map(AudienceMember::profileId).toList();
        }
    }

    /** Only {@link #BROADCAST} is sending; what the service tells the carrier is recorded. */
    private static final class SendingCarriers implements AudienceCarriers {
        final List<String> fannedOut = new ArrayList<>();
        final List<String> failed = new ArrayList<>();

        @Override
        public Optional<FanOutPlan> planOf(CarrierRef carrier) {
            return carrier.equals(BROADCAST) ? Optional.of(PLAN) : Optional.empty();
        }

        @Override
        public List<CarrierRef> sendingSince(Instant startedBy) {
            return List.of(BROADCAST);
        }

        @Override
        public void fannedOut(CarrierRef carrier, long written, Instant at) {
            fannedOut.add(carrier + " wrote " + written);
        }

        @Override
        public void fanOutFailed(CarrierRef carrier, String reason, Instant at) {
            failed.add(carrier + " failed: " + reason);
        }
    }

    /** Boundaries kept per carrier; split points over the listed audience's ids. */
    private final class KeptBoundaries implements FanOutPartitions {
        private final Map<CarrierRef, List<String>> kept = new java.util.HashMap<>();

        @Override
        public List<String> boundaries(CarrierRef carrier) {
            return kept.getOrDefault(carrier, List.of());
        }

        @Override
        public List<String> keep(CarrierRef carrier, List<String> boundaries) {
            return kept.computeIfAbsent(carrier, c -> List.copyOf(boundaries));
        }

        @Override
        public List<String> splitPoints(WorkspaceId workspaceId, int parts) {
            List<String> ids = audience.ids();
            List<String> points = new ArrayList<>();
            for (int p = 1; p < parts && p * ids.size() / parts < ids.size(); p++) {
                points.add(ids.get(p * ids.size() / parts));
            }
            return points;
        }
    }
}
