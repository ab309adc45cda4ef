package io.segmentflow.domain.shared;

/** An aggregate was asked for a change its state machine does not allow. */
public class IllegalTransitionException extends RuntimeException {
    public IllegalTransitionException(String message) {
        super(message);
    }
}
