package io.segmentflow.application.port.out;

import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.SendResults;

/** The EmailSends a carrier's fan-out wrote, counted. */
public interface CarrierSends {
    SendResults results(CarrierRef carrier);
}
