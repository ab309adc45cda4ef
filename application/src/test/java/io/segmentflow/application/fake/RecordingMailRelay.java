package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.MailRelay;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A relay that answers each delivery as scripted, in order, and accepts when the script has run out.
 * It records every message handed to it and whether a transaction was open at the time.
 */
public final class RecordingMailRelay implements MailRelay {
    public static final String ACCEPTED_REPLY = "250 2.0.0 Ok: queued";

    private final Deque<Function<OutgoingEmail, Outcome>> script = new ArrayDeque<>();
    private final List<OutgoingEmail> delivered = new ArrayList<>();
    private final List<Boolean> inTransaction = new ArrayList<>();
    private final BooleanSupplier transactionActive;

    public RecordingMailRelay(BooleanSupplier transactionActive) {
        this.transactionActive = transactionActive;
    }

    /** The next deliveries end with these outcomes, one each. */
    public RecordingMailRelay willAnswer(Outcome... outcomes) {
        for (Outcome outcome : outcomes) {
            script.add(email -> outcome);
        }
        return this;
    }

    /** The next delivery throws, as a relay with a bug would. */
    public RecordingMailRelay willThrow(RuntimeException failure) {
        script.add(email -> {
            throw failure;
        });
        return this;
    }

    /** The next delivery first runs {@code meanwhile} (another worker's doing), then ends with {@code outcome}. */
    public RecordingMailRelay willAnswerAfter(Runnable meanwhile, Outcome outcome) {
        script.add(email -> {
            meanwhile.run();
            return outcome;
        });
        return this;
    }

    @Override
    public Outcome deliver(OutgoingEmail email) {
        delivered.add(email);
        inTransaction.add(transactionActive.getAsBoolean());
        Function<OutgoingEmail, Outcome> next = script.poll();
        return next == null ? new Accepted(ACCEPTED_REPLY) : next.apply(email);
    }

    public List<OutgoingEmail> delivered() {
        return List.copyOf(delivered);
    }

    public OutgoingEmail onlyDelivered() {
        if (delivered.size() != 1) {
            throw new AssertionError("expected one delivery, got " + delivered.size());
        }
        return delivered.get(0);
    }

    public boolean everDeliveredInsideTransaction() {
        return inTransaction.contains(true);
    }
}
