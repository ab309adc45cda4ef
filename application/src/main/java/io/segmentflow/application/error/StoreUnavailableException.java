package io.segmentflow.application.error;

/**
 * The database cannot be reached at the moment (it is down, restarting, or the network to it is): the work was
 * not done, or whether its commit took is unknown. Nothing about the request was wrong; the same work a few
 * seconds later may well succeed. Outbound adapters throw it in place of their driver's connection failures, so
 * that the application and its callers can tell an outage from a fault.
 */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
