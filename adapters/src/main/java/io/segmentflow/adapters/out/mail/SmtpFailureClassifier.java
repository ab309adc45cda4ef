package io.segmentflow.adapters.out.mail;

import io.segmentflow.domain.shared.HeaderText;
import io.segmentflow.application.port.out.MailRelay.Outcome;
import io.segmentflow.application.port.out.MailRelay.PermanentFailure;
import io.segmentflow.application.port.out.MailRelay.TransientFailure;
import jakarta.mail.MessagingException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a failed send into an {@link Outcome} from the server's reply codes.
 *
 * <p>Only the standard Jakarta Mail API is used: Liberty's mail-2.1 feature does not export Angus Mail's
 * {@code org.eclipse.angus.mail.smtp} package to applications, so {@code SMTPSendFailedException.getReturnCode()}
 * is out of reach. Angus makes the server's reply the message of those exceptions (such as
 * {@code "550 5.1.1 no such user"}) and chains one per rejected recipient, so the codes are read from there.
 */
final class SmtpFailureClassifier {
    private static final Pattern REPLY = Pattern.compile("[245]\\d\\d(?:[ -].*)?", Pattern.DOTALL);
    private static final int MAX_CHAIN = 50;

    private SmtpFailureClassifier() {
    }

    /**
     * Any 5xx reply makes the failure permanent: with one recipient refused for good, the message as sent
     * can never go through. Otherwise it is transient: a 4xx reply (421 included), a lost connection, a time-out.
     */
    static Outcome classify(MessagingException failure) {
        String permanent = null;
        String temporary = null;
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.size() < MAX_CHAIN && seen.put(t, true) == null;
                t = t.getCause()) {
            String reply = reply(t.getMessage());
            if (reply == null) {
                continue;
            }
            if (reply.charAt(0) == '5' && permanent == null) {
                permanent = reply;
            } else if (reply.charAt(0) == '4' && temporary == null) {
                temporary = reply;
            }
        }
        if (permanent != null) {
            return new PermanentFailure(permanent);
        }
        return new TransientFailure(temporary != null ? temporary : describe(failure));
    }

    /** The SMTP reply held in an exception message, on one line; {@code null} if it holds none. */
    static String reply(String message) {
        if (message == null) {
            return null;
        }
        String text = message.strip();
        return REPLY.matcher(text).matches() ? oneLine(text) : null;
    }

    /** The failure and its root cause, for a reply that carries no SMTP code (refused connection, time-out). */
    static String describe(Throwable failure) {
        Throwable root = failure;
        for (int i = 0; i < MAX_CHAIN && root.getCause() != null && root.getCause() != root; i++) {
            root = root.getCause();
        }
        String text = String.valueOf(failure.getMessage());
        if (root != failure) {
            text += " (" + root.getClass().getName() + ": " + root.getMessage() + ")";
        }
        return oneLine(text);
    }

    /** Multi-line replies ({@code 550-...}) are kept whole, joined by spaces. */
    static String oneLine(String text) {
        return HeaderText.flatten(text).replaceAll(" {2,}", " ");
    }
}
