package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.FanOutJobs;
import io.segmentflow.domain.audience.CarrierRef;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Records the fan-outs started. The adapter starts a job once the transaction commits, so a start asked for outside
 * a transaction (when the carrier's move to sending may not be stored) fails the test.
 */
public final class RecordingFanOutJobs implements FanOutJobs {
    private final BooleanSupplier transactionActive;
    private final List<CarrierRef> started = new ArrayList<>();

    public RecordingFanOutJobs(BooleanSupplier transactionActive) {
        this.transactionActive = transactionActive;
    }

    @Override
    public void start(CarrierRef carrier) {
        if (!transactionActive.getAsBoolean()) {
            throw new AssertionError("a fan-out was started outside the transaction that moved its carrier");
        }
        started.add(carrier);
    }

    public List<CarrierRef> started() {
        return List.copyOf(started);
    }
}
