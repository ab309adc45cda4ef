package io.segmentflow.adapters.in.batch;

import io.segmentflow.adapters.shared.FanOutJob;
import io.segmentflow.application.fanout.FanOutUseCase;
import io.segmentflow.domain.audience.CarrierRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * At start-up, restarts the fan-out of every carrier still sending whose job's last execution failed or stopped
 * ({@link UnfinishedJobs}); it goes on from each partition's checkpoint.
 */
@ApplicationScoped
public class FanOutRestarts {
    @Inject
    FanOutUseCase fanOut;

    /** @return how many jobs were restarted */
    public int restartUnfinished() {
        return UnfinishedJobs.restart(
                FanOutJob.NAME, parameters -> fanOut.isSending(FanOutJob.carrierOf(parameters)), parameters -> {
                    CarrierRef carrier = FanOutJob.carrierOf(parameters);
                    return "the fan-out of " + carrier.type().wireName() + " " + carrier.id();
                });
    }
}
