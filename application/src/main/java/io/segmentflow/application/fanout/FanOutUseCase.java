package io.segmentflow.application.fanout;

import io.segmentflow.domain.audience.AudienceMember;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.FanOutPlan;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The fan-out of a carrier (a Broadcast or NewsletterIssue that is sending), as its batch job drives it: split the
 * audience into ranges of Profile ids, read each range in keyset pages, write each page's EmailSends, and say when
 * it is done or gave up. Writing a member's send twice writes nothing the second time, so a restarted job may read
 * again what it had written.
 */
public interface FanOutUseCase {
    /** What the carrier's fan-out writes; empty when the carrier is not (or no longer) sending. */
    Optional<FanOutPlan> planOf(CarrierRef carrier);

    /** Whether the carrier is still sending: its fan-out has not ended, one way or the other. */
    boolean isSending(CarrierRef carrier);

    /**
     * Every carrier that has been sending for at least {@code atLeast}: those whose job should be running by now (a
     * carrier that moved to sending a moment ago may still have its job about to start).
     */
    List<CarrierRef> sendingFor(Duration atLeast);

    /**
     * The carrier's audience split into at most {@code count} ranges of Profile ids that cover every id, in order.
     * The first call for a carrier decides them; every later call (a restarted job) gets the same, so that each
     * range's checkpoint still means what it meant.
     */
    List<ProfileRange> partitions(CarrierRef carrier, int count);

    /** Members of the plan's audience in {@code range}, in Profile id order after {@code afterProfileId} (null: from the start). */
    List<AudienceMember> members(FanOutPlan plan, ProfileRange range, String afterProfileId, int limit);

    /**
     * Writes the EmailSends of these members in one batch, in the current transaction (the chunk's, which also
     * holds the checkpoint): a queued send for each eligible member, a skipped one with the reason for the others
     * (one that names no recipient for a member without an address),
     * nothing for a member who already has one.
     */
    FanOutChunk write(FanOutPlan plan, List<AudienceMember> members);

    /** A chunk's sends were committed: the delivery workers are told. */
    void chunkCommitted();

    /** Every range was written: the carrier moves to sent, with the number of its sends. */
    void finished(CarrierRef carrier);

    /** The fan-out gave up: the carrier moves to failed with the reason. */
    void failed(CarrierRef carrier, String reason);
}
