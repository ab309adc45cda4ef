package io.segmentflow.adapters.out.persistence;

import io.segmentflow.adapters.shared.DatabaseOutage;
import io.segmentflow.application.error.StoreUnavailableException;
import io.segmentflow.application.port.out.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Supplier;

/**
 * The container's JTA transactions; any runtime exception rolls the work back and propagates, as a
 * {@link StoreUnavailableException} when the database could not be reached.
 */
@ApplicationScoped
public class JtaTransactions implements Transactions {
    @Inject
    JtaTransactionBoundary boundary;

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        try {
            return boundary.run(work);
        } catch (RuntimeException e) {
            // Outside the boundary, so that a commit that failed for a lost connection is translated too.
            throw DatabaseOutage.translated(e);
        }
    }
}
