package io.segmentflow.application.email;

import java.time.Instant;
import java.util.Objects;

/**
 * News for whoever calls {@link DispatchEmailsUseCase#dispatchDue}: sends fall due sooner than its next poll
 * would find them. Told after the commit that made it true, through the
 * {@link io.segmentflow.application.port.out.DispatchSignal} port.
 */
public sealed interface DeliveryDue {
    /** New sends were committed and are due now. */
    record SendsQueued() implements DeliveryDue {}

    /** A send was deferred, and falls due again at {@code when}. */
    record RetryDue(Instant when) implements DeliveryDue {
        public RetryDue {
            Objects.requireNonNull(when);
        }
    }
}
