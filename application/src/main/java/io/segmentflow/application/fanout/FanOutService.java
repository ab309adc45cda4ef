package io.segmentflow.application.fanout;

import io.segmentflow.application.port.out.AudienceCarriers;
import io.segmentflow.application.port.out.Audiences;
import io.segmentflow.application.port.out.DispatchSignal;
import io.segmentflow.application.port.out.EmailSends;
import io.segmentflow.application.port.out.FanOutPartitions;
import io.segmentflow.application.port.out.SubscriptionGroups;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.domain.audience.AudienceMember;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.Exclusion;
import io.segmentflow.domain.audience.FanOut;
import io.segmentflow.domain.audience.FanOutPlan;
import io.segmentflow.domain.audience.SubscriptionGroup;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.shared.Identifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Carries out a fan-out for its batch job. The decision for each member is the domain's ({@link FanOut}); this
 * service reads the audience, stores what the decision made and tells the carrier and the delivery workers.
 */
public class FanOutService implements FanOutUseCase {
    /** The longest reason a failed carrier keeps. */
    private static final int MAX_REASON_LENGTH = 1000;

    private final AudienceCarriers carriers;
    private final Audiences audiences;
    private final EmailSends sends;
    private final FanOutPartitions partitions;
    private final SubscriptionGroups groups;
    private final Transactions transactions;
    private final DispatchSignal dispatchSignal;
    private final Clock clock;

    public FanOutService(
            AudienceCarriers carriers,
            Audiences audiences,
            EmailSends sends,
            FanOutPartitions partitions,
            SubscriptionGroups groups,
            Transactions transactions,
            DispatchSignal dispatchSignal,
            Clock clock) {
        this.carriers = carriers;
        this.audiences = audiences;
        this.sends = sends;
        this.partitions = partitions;
        this.groups = groups;
        this.transactions = transactions;
        this.dispatchSignal = dispatchSignal;
        this.clock = clock;
    }

    @Override
    public Optional<FanOutPlan> planOf(CarrierRef carrier) {
        return transactions.inTransaction(() -> carriers.planOf(carrier));
    }

    @Override
    public boolean isSending(CarrierRef carrier) {
        return planOf(carrier).isPresent();
    }

    @Override
    public List<CarrierRef> sendingFor(Duration atLeast) {
        Instant startedBy = clock.instant().minus(atLeast);
        return transactions.inTransaction(() -> carriers.sendingSince(startedBy));
    }

    @Override
    public List<ProfileRange> partitions(CarrierRef carrier, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a fan-out has at least one partition");
        }
        List<String> boundaries = transactions.inTransaction(() -> {
            List<String> kept = partitions.boundaries(carrier);
            if (!kept.isEmpty() || count == 1) {
                return kept;
            }
            return partitions.keep(carrier, partitions.splitPoints(carrier.workspaceId(), count));
        });
        return rangesBetween(boundaries);
    }

    /** {@code [null, b1), [b1, b2), ..., [bn, null)}: every id falls in exactly one. */
    static List<ProfileRange> rangesBetween(List<String> boundaries) {
        List<ProfileRange> ranges = new ArrayList<>(boundaries.size() + 1);
        String from = null;
        for (String boundary : boundaries) {
            ranges.add(new ProfileRange(from, boundary));
            from = boundary;
        }
        ranges.add(new ProfileRange(from, null));
        return ranges;
    }

    @Override
    public List<AudienceMember> members(FanOutPlan plan, ProfileRange range, String afterProfileId, int limit) {
        return transactions.inTransaction(() -> audiences.page(
                plan.carrier().workspaceId(),
                plan.audience(),
                range.fromProfileId(),
                range.toProfileId(),
                afterProfileId,
                limit));
    }

    @Override
    public FanOutChunk write(FanOutPlan plan, List<AudienceMember> members) {
        return transactions.inTransaction(() -> {
            FanOut fanOut = new FanOut(plan, groupOf(plan));
            Instant now = clock.instant();
            Map<Exclusion, Integer> skipped = new EnumMap<>(Exclusion.class);
            List<EmailSend> written = new ArrayList<>(members.size());
            Map<String, Exclusion> excluded = new HashMap<>();
            for (AudienceMember member : members) {
                EmailSend send = fanOut.sendTo(member, Identifier.next("em", now), now);
                written.add(send);
                fanOut.exclusionOf(member).ifPresent(e -> excluded.put(send.id(), e));
            }
            Set<String> added = sends.addAbsent(written);
            refreshStatisticsNowAndThen(now);
            int queued = 0;
            for (String id : added) {
                Exclusion exclusion = excluded.get(id);
                if (exclusion == null) {
                    queued++;
                } else {
                    skipped.merge(exclusion, 1, Integer::sum);
                }
            }
            // A chunk read again after a restart finds some of its sends written before: only the new ones count.
            return new FanOutChunk(queued, skipped, written.size() - added.size());
        });
    }

    /** The group the plan is sent under; a group deleted while its carrier was sending stops the fan-out. */
    private SubscriptionGroup groupOf(FanOutPlan plan) {
        String id = plan.audience().subscriptionGroupId();
        return groups.find(plan.carrier().workspaceId(), id)
                .orElseThrow(() -> new IllegalStateException("subscription group " + id + " of "
                        + plan.carrier().type().wireName() + " "
                        + plan.carrier().id() + " no longer exists"));
    }

    @Override
    public void chunkCommitted() {
        dispatchSignal.sendsQueued();
    }

    @Override
    public void finished(CarrierRef carrier) {
        transactions.inTransaction(() -> {
            carriers.fannedOut(carrier, sends.countOf(carrier), clock.instant());
            sends.refreshStatistics();
            return null;
        });
    }

    /**
     * How often a running fan-out refreshes the outbox's statistics. Its sends are claimed while it still writes
     * them: the first chunk refreshes them, so that delivery is planned for the backlog from its start.
     */
    private static final Duration REFRESH_STATISTICS_EVERY = Duration.ofSeconds(30);

    private final AtomicReference<Instant> statisticsRefreshedAt = new AtomicReference<>(Instant.MIN);

    private void refreshStatisticsNowAndThen(Instant now) {
        Instant last = statisticsRefreshedAt.get();
        if (now.isAfter(last.plus(REFRESH_STATISTICS_EVERY)) && statisticsRefreshedAt.compareAndSet(last, now)) {
            sends.refreshStatistics();
        }
    }

    @Override
    public void failed(CarrierRef carrier, String reason) {
        String kept = reason == null || reason.isBlank() ? "the fan-out failed" : reason.strip();
        String clipped = kept.length() <= MAX_REASON_LENGTH ? kept : kept.substring(0, MAX_REASON_LENGTH);
        transactions.inTransaction(() -> {
            carriers.fanOutFailed(carrier, clipped, clock.instant());
            return null;
        });
    }
}
