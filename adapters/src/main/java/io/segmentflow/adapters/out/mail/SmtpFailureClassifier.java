package io.segmentflow.adapters.out.mail;

import io.segmentflow.application.port.out.MailRelay.Accepted;
import io.segmentflow.application.port.out.MailRelay.Outcome;
import io.segmentflow.application.port.out.MailRelay.PermanentFailure;
import io.segmentflow.application.port.out.MailRelay.TransientFailure;
import io.segmentflow.domain.email.DeliveryAttempt.Result;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.RecipientRefusal;
import io.segmentflow.domain.shared.HeaderText;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.lang.reflect.Method;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
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
    /** The enhanced status code (RFC 3463) after the reply code, as in {@code 550 5.1.1 no such user}. */
    private static final Pattern ENHANCED_STATUS = Pattern.compile("\\d{3}[ -]([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

    private static final int MAX_CHAIN = 50;

    private SmtpFailureClassifier() {}

    /**
     * Any 5xx reply makes the failure permanent: with one recipient refused for good, the message as sent
     * can never go through. Otherwise it is transient: a 4xx reply (421 included), a lost connection, a time-out.
     * But when the relay took the message for some recipients and refused others at RCPT TO (the session sends
     * partially), the message is accepted, with those refusals.
     *
     * <p>A recipient refused at RCPT TO is named with its own reply. A refusal is a hard bounce of the address
     * when the relay refused it for good as an address: a 5xx to RCPT TO unless its enhanced status says policy
     * (5.7.x: the relay refuses us, not the address), or a 5xx after DATA whose enhanced status says the mailbox
     * does not exist or is disabled (5.1.x, 5.2.1) when there was one recipient to mean.
     */
    static Outcome classify(MessagingException failure, InternetAddress[] recipients) {
        String permanent = null;
        String temporary = null;
        Address[] sent = null;
        List<RecipientRefusal> refusals = new ArrayList<>();
        for (Throwable t : chain(failure)) {
            if (sent == null && t instanceof SendFailedException sendFailed) {
                sent = sendFailed.getValidSentAddresses();
            }
            String reply = reply(t.getMessage());
            if (reply == null) {
                continue;
            }
            EmailAddress refused = refusedAddress(t);
            if (refused != null && reply.charAt(0) != '2') {
                refusals.add(new RecipientRefusal(
                        refused, reply.charAt(0) == '5' ? Result.PERMANENT_FAILURE : Result.TEMPORARY_FAILURE, reply));
            }
            if (reply.charAt(0) == '5' && permanent == null) {
                permanent = reply;
            } else if (reply.charAt(0) == '4' && temporary == null) {
                temporary = reply;
            }
        }
        if (sent != null && sent.length > 0) {
            String accepted = reply(failure.getMessage());
            return new Accepted(accepted != null ? accepted : "250 accepted", refusals, bouncedAtRcpt(refusals));
        }
        if (permanent != null) {
            Set<EmailAddress> bounced =
                    refusals.isEmpty() ? bouncedAfterData(permanent, recipients) : bouncedAtRcpt(refusals);
            return new PermanentFailure(permanent, bounced, refusals);
        }
        return new TransientFailure(temporary != null ? temporary : describe(failure), refusals);
    }

    /** Refused for good as addresses at RCPT TO: every 5xx refusal but those for policy (5.7.x). */
    private static Set<EmailAddress> bouncedAtRcpt(List<RecipientRefusal> refusals) {
        Set<EmailAddress> bounced = new LinkedHashSet<>();
        for (RecipientRefusal refusal : refusals) {
            if (refusal.result() == Result.PERMANENT_FAILURE
                    && !enhancedStatus(refusal.reply()).startsWith("5.7.")) {
                bounced.add(refusal.address());
            }
        }
        return bounced;
    }

    private static Set<EmailAddress> bouncedAfterData(String reply, InternetAddress[] recipients) {
        String enhanced = enhancedStatus(reply);
        if (recipients.length != 1 || !(enhanced.startsWith("5.1.") || enhanced.equals("5.2.1"))) {
            return Set.of();
        }
        EmailAddress only = ours(recipients[0]);
        return only == null ? Set.of() : Set.of(only);
    }

    private static String enhancedStatus(String reply) {
        Matcher status = ENHANCED_STATUS.matcher(reply == null ? "" : reply);
        return status.lookingAt() ? status.group(1) : "";
    }

    /**
     * The recipient a failure in the chain names, when it is the relay's refusal of one recipient at RCPT TO.
     * Angus's {@code SMTPAddressFailedException.getAddress()} is called by reflection, since Liberty's mail-2.1
     * feature does not export Angus's packages to applications; the method is public.
     */
    private static EmailAddress refusedAddress(Throwable failure) {
        Method getter = ADDRESS_GETTER.get(failure.getClass());
        if (getter == null) {
            return null;
        }
        try {
            return getter.invoke(failure) instanceof InternetAddress address ? ours(address) : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Looked up once per exception class. */
    private static final ClassValue<Method> ADDRESS_GETTER = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                Method getter = type.getMethod("getAddress");
                return InternetAddress.class.isAssignableFrom(getter.getReturnType()) ? getter : null;
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
    };

    private static EmailAddress ours(InternetAddress address) {
        try {
            return EmailAddress.of(address.getAddress());
        } catch (RuntimeException notOurs) {
            // Not an address we could have sent to.
            return null;
        }
    }

    /**
     * Whether the connection was found closed without the relay answering for the message: no SMTP reply at all
     * (closed or reset) or a 421, the relay closing the session. A time-out is not: the relay may be slow rather
     * than gone, and trying again at once could double an attempt that already took a reply time-out.
     */
    static boolean connectionLost(MessagingException failure) {
        for (Throwable t : chain(failure)) {
            if (t instanceof SocketTimeoutException) {
                return false;
            }
            String reply = reply(t.getMessage());
            if (reply != null) {
                return reply.startsWith("421");
            }
        }
        return true;
    }

    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure;
                t != null && seen.size() < MAX_CHAIN && seen.put(t, true) == null;
                t = t.getCause()) {
            chain.add(t);
        }
        return chain;
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
