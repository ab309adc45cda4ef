package io.segmentflow.adapters.in.batch;

import io.segmentflow.adapters.shared.FanOutJob;
import io.segmentflow.application.fanout.FanOutUseCase;
import io.segmentflow.domain.audience.CarrierRef;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * At start-up, restarts the fan-out of every carrier still sending whose job's last execution is not running: the
 * server stopped or crashed in the middle of it (the batch container marks such executions failed when it starts)
 * or an operator stopped it. The restart goes on from each partition's checkpoint.
 */
@ApplicationScoped
public class FanOutRestarts {
    private static final Logger LOG = Logger.getLogger(FanOutRestarts.class.getName());

    /** The most recent job instances looked at: older carriers have long finished. */
    private static final int RECENT_INSTANCES = 1000;

    @Inject
    FanOutUseCase fanOut;

    /** @return how many jobs were restarted */
    public int restartUnfinished() {
        JobOperator operator = BatchRuntime.getJobOperator();
        // Asked first: for a job never run, the container logs its NoSuchJobException as an incident on every start.
        if (!operator.getJobNames().contains(FanOutJob.NAME)) {
            return 0;
        }
        List<JobInstance> instances;
        try {
            instances = operator.getJobInstances(FanOutJob.NAME, 0, RECENT_INSTANCES);
        } catch (NoSuchJobException e) {
            return 0;
        }
        int restarted = 0;
        for (JobInstance instance : instances) {
            try {
                if (restartIfUnfinished(operator, instance)) {
                    restarted++;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not restart fan-out job instance " + instance.getInstanceId(), e);
            }
        }
        return restarted;
    }

    private boolean restartIfUnfinished(JobOperator operator, JobInstance instance) {
        JobExecution last = operator.getJobExecutions(instance).stream()
                .max(Comparator.comparingLong(JobExecution::getExecutionId))
                .orElse(null);
        if (last == null
                || (last.getBatchStatus() != BatchStatus.FAILED && last.getBatchStatus() != BatchStatus.STOPPED)) {
            return false;
        }
        CarrierRef carrier = FanOutJob.carrierOf(last.getJobParameters());
        if (!fanOut.isSending(carrier)) {
            return false;
        }
        long execution = operator.restart(last.getExecutionId(), last.getJobParameters());
        LOG.info(() -> "Restarted the fan-out of " + carrier.type().wireName() + " " + carrier.id() + " (execution "
                + last.getExecutionId() + " was " + last.getBatchStatus() + "): execution " + execution);
        return true;
    }
}
