package io.segmentflow.application.email;

import io.segmentflow.domain.email.EmailSend;

/** The answer to emails.send: a newly accepted send, or the stored first answer to a retry. */
public sealed interface SendOutcome {
    int status();

    String body();

    record Accepted(EmailSend send, String body) implements SendOutcome {
        @Override
        public int status() {
            return 202;
        }
    }

    record Replayed(int status, String body) implements SendOutcome {
    }
}
