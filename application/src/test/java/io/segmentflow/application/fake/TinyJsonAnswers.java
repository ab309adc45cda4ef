package io.segmentflow.application.fake;

import io.segmentflow.application.email.AnswerToAcceptedSend;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.idempotency.FirstAnswer;

/**
 * Answers an accepted send with a small JSON object naming the send and its status, under a code of its own
 * that means nothing to the application: what the application stores and replays is the caller's answer.
 */
public final class TinyJsonAnswers implements AnswerToAcceptedSend {
    public static final int CODE = 7;

    @Override
    public FirstAnswer answer(EmailSend send) {
        return new FirstAnswer(
                CODE,
                "{\"id\":\"" + send.id() + "\",\"status\":\"" + send.status().wireName() + "\"}");
    }
}
