package io.segmentflow.adapters.in.rest;

/** A request refused before it reaches a use case: unreadable JSON, a body too large. */
class RequestRejected extends RuntimeException {
    private final int status;
    private final String code;

    RequestRejected(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
