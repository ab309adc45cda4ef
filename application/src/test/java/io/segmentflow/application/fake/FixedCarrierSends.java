package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.CarrierSends;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.SendResults;
import java.util.HashMap;
import java.util.Map;

/** Results set by the test per carrier; none for the others. */
public final class FixedCarrierSends implements CarrierSends {
    private final Map<CarrierRef, SendResults> results = new HashMap<>();

    public void results(CarrierRef carrier, SendResults of) {
        results.put(carrier, of);
    }

    @Override
    public SendResults results(CarrierRef carrier) {
        return results.getOrDefault(carrier, SendResults.NONE);
    }
}
