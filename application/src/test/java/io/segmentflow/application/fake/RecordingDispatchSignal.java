package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.DispatchSignal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/** Records each wake-up of the dispatchers, with what a woken dispatcher could have seen at that moment. */
public final class RecordingDispatchSignal implements DispatchSignal {
    /** One wake-up: whether a transaction was still open, and how many sends were stored. */
    public record WakeUp(boolean insideTransaction, int storedSends) {}

    private final BooleanSupplier transactionActive;
    private final IntSupplier storedSends;
    private final List<WakeUp> wakeUps = new ArrayList<>();
    private final List<Instant> retries = new ArrayList<>();
    private final List<Boolean> runWakeUps = new ArrayList<>();
    private final List<Instant> runsDue = new ArrayList<>();

    public RecordingDispatchSignal(BooleanSupplier transactionActive, IntSupplier storedSends) {
        this.transactionActive = transactionActive;
        this.storedSends = storedSends;
    }

    @Override
    public void sendsQueued() {
        wakeUps.add(new WakeUp(transactionActive.getAsBoolean(), storedSends.getAsInt()));
    }

    @Override
    public void retryDueAt(Instant when) {
        retries.add(when);
    }

    @Override
    public void runsDueAt(Instant when) {
        runWakeUps.add(transactionActive.getAsBoolean());
        runsDue.add(when);
    }

    /** For each wake-up of the Journey workers, whether a transaction was still open. */
    public List<Boolean> runWakeUps() {
        return List.copyOf(runWakeUps);
    }

    /** For each wake-up of the Journey workers, when the soonest of the runs it told of falls due. */
    public List<Instant> runsDue() {
        return List.copyOf(runsDue);
    }

    /** The times of the retries announced, in order. */
    public List<Instant> retries() {
        return List.copyOf(retries);
    }

    public List<WakeUp> wakeUps() {
        return List.copyOf(wakeUps);
    }
}
