package io.segmentflow.application.port.out;

import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.FanOutPlan;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Broadcasts and NewsletterIssues as the fan-out sees them. */
public interface AudienceCarriers {
    /** What the fan-out of a carrier that is sending writes; empty when the carrier is not (or no longer) sending. */
    Optional<FanOutPlan> planOf(CarrierRef carrier);

    /** Every carrier of every workspace that moved to sending at or before {@code startedBy} and is sending still. */
    List<CarrierRef> sendingSince(Instant startedBy);

    /** Every EmailSend of the carrier is written: it moves from sending to sent. */
    void fannedOut(CarrierRef carrier, long written, Instant at);

    /** The fan-out gave up: the carrier moves to failed, with the reason. */
    void fanOutFailed(CarrierRef carrier, String reason, Instant at);
}
