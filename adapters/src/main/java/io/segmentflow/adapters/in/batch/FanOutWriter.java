package io.segmentflow.adapters.in.batch;

import io.segmentflow.application.fanout.FanOutUseCase;
import io.segmentflow.domain.audience.AudienceMember;
import io.segmentflow.domain.audience.FanOutPlan;
import jakarta.annotation.Resource;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a chunk's EmailSends in one batch, in the chunk's transaction (with its checkpoint), and wakes the delivery
 * workers once that transaction has committed, when the sends can be claimed.
 */
@Named("fanOutWriter")
@Dependent
public class FanOutWriter extends AbstractItemWriter {
    @Inject
    JobContext job;

    @Inject
    FanOutUseCase fanOut;

    @Resource
    TransactionSynchronizationRegistry transactions;

    private FanOutPlan plan;

    @Override
    public void open(Serializable checkpoint) {
        plan = fanOut.planOf(JobCarrier.of(job)).orElse(null);
    }

    @Override
    public void writeItems(List<Object> items) {
        if (plan == null || items.isEmpty()) {
            return;
        }
        List<AudienceMember> members = new ArrayList<>(items.size());
        items.forEach(item -> members.add((AudienceMember) item));
        fanOut.write(plan, members);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    fanOut.chunkCommitted();
                }
            }
        });
    }
}
