package io.segmentflow.adapters.in.batch;

import io.segmentflow.adapters.shared.FanOutJob;
import io.segmentflow.application.fanout.FanOutUseCase;
import io.segmentflow.domain.audience.CarrierRef;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * At start-up, restarts the fan-out of every carrier still sending whose job's last execution failed or stopped
 * ({@link UnfinishedJobs}); it goes on from each partition's checkpoint. And starts the fan-out of every carrier
 * sending whose job was never started: the server stopped between the commit that moved the carrier to sending and
 * the job's start, which come after it.
 */
@ApplicationScoped
public class FanOutRestarts {
    private static final Logger LOG = Logger.getLogger(FanOutRestarts.class.getName());

    /**
     * How long a carrier has been sending before a missing job counts as never started: the node that moved it starts
     * the job a moment after the commit, on another thread, and may be doing so now. Shorter than the last of the
     * start-up's looks, so that a carrier that moved just before a crash is still started by it.
     */
    static final Duration START_GRACE = Duration.ofSeconds(30);

    @Inject
    FanOutUseCase fanOut;

    /** @return how many jobs were restarted or started */
    public int restartUnfinished() {
        int restarted = UnfinishedJobs.restart(
                FanOutJob.NAME, parameters -> fanOut.isSending(FanOutJob.carrierOf(parameters)), parameters -> {
                    CarrierRef carrier = FanOutJob.carrierOf(parameters);
                    return "the fan-out of " + carrier.type().wireName() + " " + carrier.id();
                });
        return restarted + startNeverStarted();
    }

    private int startNeverStarted() {
        List<CarrierRef> sending = fanOut.sendingFor(START_GRACE);
        if (sending.isEmpty()) {
            return 0;
        }
        int started = 0;
        for (CarrierRef carrier : withoutJob(sending, UnfinishedJobs.everyStarted(FanOutJob.NAME))) {
            try {
                long execution = BatchRuntime.getJobOperator().start(FanOutJob.NAME, FanOutJob.parameters(carrier));
                LOG.info(() -> "Started the fan-out of " + carrier.type().wireName() + " " + carrier.id()
                        + ", sending with no job: execution " + execution);
                started++;
            } catch (RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        "could not start the fan-out of " + carrier.type().wireName() + " " + carrier.id(),
                        e);
            }
        }
        return started;
    }

    /** The carriers among {@code sending} that no job was started for, given every fan-out job's parameters. */
    static List<CarrierRef> withoutJob(List<CarrierRef> sending, Collection<Properties> jobs) {
        Set<CarrierRef> withJob = jobs.stream()
                .filter(parameters -> parameters.getProperty(FanOutJob.CARRIER_ID) != null)
                .map(FanOutJob::carrierOf)
                .collect(Collectors.toSet());
        return sending.stream().filter(carrier -> !withJob.contains(carrier)).toList();
    }
}
