package io.segmentflow.adapters.out.batch;

import io.segmentflow.adapters.shared.FanOutJob;
import io.segmentflow.application.port.out.FanOutJobs;
import io.segmentflow.domain.audience.CarrierRef;
import jakarta.annotation.Resource;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts a carrier's fan-out job once the transaction that moved it to sending has committed: before, the job could
 * read the carrier as not yet sending; after a rollback, it must not start at all. The job is started on a managed
 * thread, since a transaction's completion is no place to start another unit of work.
 */
@ApplicationScoped
public class JobOperatorFanOutJobs implements FanOutJobs {
    private static final Logger LOG = Logger.getLogger(JobOperatorFanOutJobs.class.getName());

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Resource
    ManagedExecutorService executor;

    @Override
    public void start(CarrierRef carrier) {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            executor.execute(() -> launch(carrier));
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    executor.execute(() -> launch(carrier));
                }
            }
        });
    }

    private static void launch(CarrierRef carrier) {
        try {
            long execution = BatchRuntime.getJobOperator().start(FanOutJob.NAME, FanOutJob.parameters(carrier));
            LOG.info(() -> "Fan-out of " + carrier.type().wireName() + " " + carrier.id() + " started: execution "
                    + execution);
        } catch (RuntimeException e) {
            // The carrier stays sending: the start-up check starts its job again.
            LOG.log(
                    Level.SEVERE,
                    "could not start the fan-out of " + carrier.type().wireName() + " " + carrier.id(),
                    e);
        }
    }
}
