package io.segmentflow.adapters.in.batch;

import io.segmentflow.application.fanout.FanOutUseCase;
import io.segmentflow.domain.audience.CarrierRef;
import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * A job that failed marks its carrier failed. A stopped one leaves the carrier sending, so that its restart (by an
 * operator, or at the next start-up) writes the rest.
 */
@Named("fanOutJobListener")
@Dependent
public class FanOutJobListener extends AbstractJobListener {
    @Inject
    JobContext job;

    @Inject
    FanOutUseCase fanOut;

    @Override
    public void afterJob() {
        if (job.getBatchStatus() != BatchStatus.FAILED) {
            return;
        }
        CarrierRef carrier = JobCarrier.of(job);
        if (fanOut.isSending(carrier)) {
            fanOut.failed(
                    carrier,
                    "the fan-out job (execution " + job.getExecutionId() + ") failed"
                            + (job.getExitStatus() == null ? "" : ": " + job.getExitStatus())
                            + "; the server's log says why");
        }
    }
}
