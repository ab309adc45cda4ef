package io.segmentflow.application.email;

import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.idempotency.FirstAnswer;

/** What became of emails.send: a newly accepted send, or a retry given its key's first answer again. */
public sealed interface SendOutcome {
    /** The answer to give, as the caller wrote it when the send was accepted and as stored with the key. */
    FirstAnswer answer();

    record Accepted(EmailSend send, FirstAnswer answer) implements SendOutcome {}

    record Replayed(FirstAnswer answer) implements SendOutcome {}
}
