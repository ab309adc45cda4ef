package io.segmentflow.application.port.out;

import io.segmentflow.domain.audience.CarrierRef;

/** Starts the fan-out of a carrier that just moved to sending (a batch job in the container). */
public interface FanOutJobs {
    /** Starts the carrier's job once the current transaction commits, so that the job sees the carrier sending. */
    void start(CarrierRef carrier);
}
