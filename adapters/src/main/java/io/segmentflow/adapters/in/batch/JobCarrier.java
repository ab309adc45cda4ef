package io.segmentflow.adapters.in.batch;

import io.segmentflow.adapters.shared.FanOutJob;
import io.segmentflow.domain.audience.CarrierRef;
import jakarta.batch.runtime.context.JobContext;

/** The carrier a running fan-out job fans out: its job-level properties carry the job parameters. */
final class JobCarrier {
    private JobCarrier() {}

    static CarrierRef of(JobContext job) {
        return FanOutJob.carrierOf(job.getProperties());
    }

    /** A partition property: empty text stands for no bound, since a property cannot be null. */
    static String bound(String property) {
        return property == null || property.isEmpty() ? null : property;
    }
}
