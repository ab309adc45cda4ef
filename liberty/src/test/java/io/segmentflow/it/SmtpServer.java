package io.segmentflow.it;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * The SMTP server the integration-test Liberty delivers to: one GreenMail for the whole test run, behind a
 * {@link RelaySwitch} on the port the server was configured with, so that a test can put a faulty relay in its
 * place for a while. Both stay up between test classes.
 */
final class SmtpServer {
    private static final int PORT = Integer.parseInt(ItServer.setting("SEGMENTFLOW_SMTP_PORT"));
    private static final int GREENMAIL_PORT = PORT + 1;
    private static GreenMail greenMail;
    private static RelaySwitch relay;

    private SmtpServer() {}

    static synchronized GreenMail get() {
        if (greenMail == null) {
            greenMail = new GreenMail(new ServerSetup(GREENMAIL_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            greenMail.start();
            Runtime.getRuntime().addShutdownHook(new Thread(greenMail::stop));
            try {
                relay = new RelaySwitch(PORT, GREENMAIL_PORT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return greenMail;
    }

    /** From now on the test server's relay is the SMTP server on {@code port}; open connections are dropped. */
    static synchronized void routeTo(int port) {
        get();
        relay.routeTo(port);
    }

    /** Back to GreenMail. */
    static synchronized void routeToGreenMail() {
        routeTo(GREENMAIL_PORT);
    }

    /** Messages in the mailbox of {@code recipient}: one per delivery whose envelope named it. */
    static List<MimeMessage> messagesTo(String recipient) {
        GreenMailUser user = get().getUserManager().getUserByEmail(recipient);
        if (user == null) {
            return List.of();
        }
        try {
            return get().getManagers().getImapHostManager().getInbox(user).getMessages().stream()
                    .map(StoredMessage::getMimeMessage)
                    .toList();
        } catch (FolderException e) {
            throw new AssertionError(e);
        }
    }

    /** Messages in every mailbox whose address is {@code recipient} in any case. */
    static List<MimeMessage> messagesToAnyCase(String recipient) {
        return get().getUserManager().listUser().stream()
                .filter(user -> user.getEmail().equalsIgnoreCase(recipient))
                .flatMap(user -> messagesTo(user.getEmail()).stream())
                .toList();
    }

    static MimeMessage awaitOneMessageTo(String recipient, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<MimeMessage> messages = messagesTo(recipient);
            if (!messages.isEmpty()) {
                return messages.get(0);
            }
            Api.sleep(25);
        }
        throw new AssertionError("no message reached " + recipient + " within " + timeout);
    }

    /**
     * Waits for a message to {@code recipient} with {@code subject} and returns the others in its mailbox.
     * A test that expects no message sends one later and waits for it: an unwanted message queued before it
     * would have come first, and a slow delivery cannot make the test pass.
     */
    static List<MimeMessage> othersOnceDelivered(String recipient, String subject, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<MimeMessage> messages = messagesTo(recipient);
            if (messages.stream().anyMatch(message -> subject.equals(subjectOf(message)))) {
                return messages.stream()
                        .filter(message -> !subject.equals(subjectOf(message)))
                        .toList();
            }
            Api.sleep(25);
        }
        throw new AssertionError("no message \"" + subject + "\" reached " + recipient + " within " + timeout);
    }

    private static String subjectOf(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String header(Message message, String name) {
        try {
            String[] values = message.getHeader(name);
            return values == null ? null : String.join(", ", values);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
