package io.segmentflow.adapters.in.batch;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The restart at start-up that every job of the application shares: each recent instance of a job whose last
 * execution failed or stopped (the server stopped or crashed in the middle of it, and the batch container marks such
 * executions failed when it starts; or an operator stopped it) is restarted from its checkpoints, when the work it
 * does is still wanted.
 */
final class UnfinishedJobs {
    private static final Logger LOG = Logger.getLogger(UnfinishedJobs.class.getName());

    /** The most recent job instances looked at: older ones have long finished. */
    private static final int RECENT_INSTANCES = 1000;

    private UnfinishedJobs() {}

    /**
     * @param stillWanted whether the work named by an execution's parameters is still to be done
     * @param named what an execution's parameters name, for the log
     * @return how many jobs were restarted
     */
    static int restart(String jobName, Predicate<Properties> stillWanted, Function<Properties, String> named) {
        JobOperator operator = BatchRuntime.getJobOperator();
        // Asked first: for a job never run, the container logs its NoSuchJobException as an incident on every start.
        if (!operator.getJobNames().contains(jobName)) {
            return 0;
        }
        List<JobInstance> instances;
        try {
            instances = operator.getJobInstances(jobName, 0, RECENT_INSTANCES);
        } catch (NoSuchJobException e) {
            return 0;
        }
        int restarted = 0;
        for (JobInstance instance : instances) {
            try {
                if (restartIfUnfinished(operator, instance, stillWanted, named)) {
                    restarted++;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not restart " + jobName + " job instance " + instance.getInstanceId(), e);
            }
        }
        return restarted;
    }

    /**
     * The parameters of every instance of the job there has been, from its first execution: what each job was
     * started for. An instance with no execution names nothing.
     */
    static List<Properties> everyStarted(String jobName) {
        JobOperator operator = BatchRuntime.getJobOperator();
        if (!operator.getJobNames().contains(jobName)) {
            return List.of();
        }
        List<JobInstance> instances;
        try {
            instances = operator.getJobInstances(jobName, 0, operator.getJobInstanceCount(jobName));
        } catch (NoSuchJobException e) {
            return List.of();
        }
        List<Properties> started = new ArrayList<>(instances.size());
        for (JobInstance instance : instances) {
            operator.getJobExecutions(instance).stream()
                    .min(Comparator.comparingLong(JobExecution::getExecutionId))
                    .map(JobExecution::getJobParameters)
                    .ifPresent(started::add);
        }
        return started;
    }

    private static boolean restartIfUnfinished(
            JobOperator operator,
            JobInstance instance,
            Predicate<Properties> stillWanted,
            Function<Properties, String> named) {
        JobExecution last = operator.getJobExecutions(instance).stream()
                .max(Comparator.comparingLong(JobExecution::getExecutionId))
                .orElse(null);
        if (last == null
                || (last.getBatchStatus() != BatchStatus.FAILED && last.getBatchStatus() != BatchStatus.STOPPED)
                || !stillWanted.test(last.getJobParameters())) {
            return false;
        }
        long execution = operator.restart(last.getExecutionId(), last.getJobParameters());
        LOG.info(() -> "Restarted " + named.apply(last.getJobParameters()) + " (execution " + last.getExecutionId()
                + " was " + last.getBatchStatus() + "): execution " + execution);
        return true;
    }
}
