package io.segmentflow.application.port.out;

import java.util.function.Supplier;

/**
 * Runs work in one database transaction: all of it commits, or none of it (on any runtime exception). When the
 * database cannot be reached, it throws {@link io.segmentflow.application.error.StoreUnavailableException},
 * whether the work failed or its commit.
 */
public interface Transactions {
    <T> T inTransaction(Supplier<T> work);
}
