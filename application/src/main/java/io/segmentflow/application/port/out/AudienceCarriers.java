package io.segmentflow.application.port.out;

import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.FanOutPlan;
import java.time.Instant;
import java.util.Optional;

/** Broadcasts and NewsletterIssues as the fan-out sees them. */
public interface AudienceCarriers {
    /** What the fan-out of a carrier that is sending writes; empty when the carrier is not (or no longer) sending. */
    Optional<FanOutPlan> planOf(CarrierRef carrier);

    /** Every EmailSend of the carrier is written: it moves from sending to sent. */
    void fannedOut(CarrierRef carrier, long written, Instant at);

    /** The fan-out gave up: the carrier moves to failed, with the reason. */
    void fanOutFailed(CarrierRef carrier, String reason, Instant at);
}
