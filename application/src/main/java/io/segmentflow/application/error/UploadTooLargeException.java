package io.segmentflow.application.error;

/** An upload is larger than the limit; nothing of it was kept. */
public class UploadTooLargeException extends ApplicationException {
    public UploadTooLargeException(long maxBytes) {
        super("payload_too_large", "the upload is larger than " + maxBytes + " bytes");
    }
}
