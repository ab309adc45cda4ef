package io.segmentflow.adapters.in.batch;

import io.segmentflow.application.fanout.FanOutUseCase;
import io.segmentflow.domain.audience.CarrierRef;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The last step, reached only when every partition wrote its range: the carrier moves to sent. */
@Named("fanOutFinish")
@Dependent
public class FanOutFinish extends AbstractBatchlet {
    @Inject
    JobContext job;

    @Inject
    FanOutUseCase fanOut;

    @Override
    public String process() {
        CarrierRef carrier = JobCarrier.of(job);
        if (!fanOut.isSending(carrier)) {
            return "NOT_SENDING";
        }
        fanOut.finished(carrier);
        return "FANNED_OUT";
    }
}
