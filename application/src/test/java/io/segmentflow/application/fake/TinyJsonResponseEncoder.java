package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.ResponseEncoder;
import io.segmentflow.domain.email.EmailSend;

/** Writes the answer to an accepted send as a small JSON object naming the send and its status. */
public final class TinyJsonResponseEncoder implements ResponseEncoder {
    @Override
    public String acceptedSend(EmailSend send) {
        return "{\"id\":\"" + send.id() + "\",\"status\":\"" + send.status().wireName() + "\"}";
    }
}
