package io.segmentflow.adapters.out.mail;

import io.segmentflow.application.port.out.MailRelay;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers over SMTP with Jakarta Mail, keeping up to {@code maxConnections} connections open: each delivery
 * borrows one and gives it back, so every worker thread reuses a warm connection instead of paying the TCP,
 * greeting, EHLO, STARTTLS and AUTH round trips per message. Deliveries beyond that number wait for a
 * connection, which also keeps us within a relay's limit on concurrent connections.
 *
 * <p>SMTP trouble never escapes as an exception: it becomes an {@link Outcome}. A connection that saw any
 * failure is closed rather than reused, since its state is unknown.
 */
public final class SmtpMailRelay implements MailRelay, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SmtpMailRelay.class.getName());
    /** Relays drop idle clients after a while; closing ours first avoids writing into a dead socket. */
    private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** A connection idle longer than this is checked with NOOP first; a busy one is trusted (no extra round trip). */
    private static final long CHECK_AFTER_NANOS = TimeUnit.SECONDS.toNanos(2);

    private static final String ACCEPTED_WITHOUT_TEXT = "250 accepted";

    private final SmtpSettings settings;
    private final Session session;
    private final MimeMessageFactory messages;
    private final Semaphore connections;
    /** Null when the relay sets no rate limit. */
    private final SendPace pace;
    /** Most recently used first, so a light load keeps reusing the same few and the rest age out. */
    private final Deque<Idle> idle = new ConcurrentLinkedDeque<>();

    private volatile boolean closed;

    /** Angus Mail's write time-outs, for every connection: a timer set and cancelled at each write. */
    private final ScheduledThreadPoolExecutor writeTimeouts;

    /**
     * @param timerThreads makes the one thread that runs Angus Mail's write time-outs (in the container, its
     *                     managed thread factory). A plain scheduled executor, not the container's managed one:
     *                     Angus sets and cancels a timer at every write, and the managed one captured the thread's
     *                     context at each and built an exception with its stack trace at each cancel: a sixth of
     *                     the delivery workers' CPU in a profile under load.
     */
    public SmtpMailRelay(SmtpSettings settings, ThreadFactory timerThreads) {
        this.settings = settings;
        this.writeTimeouts = new ScheduledThreadPoolExecutor(1, timerThreads);
        // Cancelled timers leave the queue at once rather than when they would have fired, seconds later.
        writeTimeouts.setRemoveOnCancelPolicy(true);
        // A timer that becomes the soonest wakes the timer thread. This one, every second, stays the soonest, so the
        // timer of each write (due the write time-out later) wakes nothing: a tenth of delivery's CPU otherwise.
        writeTimeouts.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.SECONDS);
        this.session = Session.getInstance(properties(settings, writeTimeouts));
        this.messages = new MimeMessageFactory(session);
        this.connections = new Semaphore(settings.maxConnections(), true);
        this.pace = settings.maxMessagesPerSecond() > 0 ? new SendPace(settings.maxMessagesPerSecond()) : null;
    }

    /** The session's settings, for tests that check how connections are made. */
    Properties sessionProperties() {
        return session.getProperties();
    }

    private static Properties properties(SmtpSettings settings, ScheduledExecutorService writeTimeoutScheduler) {
        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.smtp.connectiontimeout", millis(settings.connectTimeout()));
        p.put("mail.smtp.timeout", millis(settings.readTimeout()));
        p.put("mail.smtp.writetimeout", millis(settings.readTimeout()));
        p.put("mail.smtp.executor.writetimeout", writeTimeoutScheduler);
        // An instance, not a class name (ignored under this key). Without fallback, a connect that fails through
        // our factory is reported instead of being tried again on a default socket without TCP_NODELAY.
        p.put("mail.smtp.socketFactory", NoDelaySocketFactory.INSTANCE);
        p.put("mail.smtp.socketFactory.fallback", "false");
        // Closing must not wait for the reply to QUIT: a connection is mostly closed because it misbehaved.
        p.put("mail.smtp.quitwait", "false");
        // A recipient refused at RCPT TO must not cost the others the message: Angus sends it to those accepted
        // and reports each refusal with its reply.
        p.put("mail.smtp.sendpartial", "true");
        if (settings.username() != null) {
            p.put("mail.smtp.auth", "true");
        }
        if (settings.startTls()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
            p.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        // The envelope sender (MAIL FROM) is the message's From address: Angus falls back to it when
        // mail.smtp.from is unset, which keeps it per message.
        return p;
    }

    @Override
    public Outcome deliver(OutgoingEmail email) {
        MimeMessage message;
        InternetAddress[] recipients;
        try {
            message = messages.create(email);
            recipients = MimeMessageFactory.envelopeRecipients(email);
        } catch (MessagingException e) {
            return new PermanentFailure("message could not be built: " + SmtpFailureClassifier.describe(e));
        }
        try {
            connections.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TransientFailure("interrupted while waiting for an SMTP connection");
        }
        try {
            if (pace != null) {
                pace.awaitSlot();
            }
            Attempt attempt = deliver(message, recipients, true);
            if (attempt.retryAtOnce()) {
                // The pooled connection had died while idle (the relay closed it, or said 421 and left): that
                // says nothing about this message, so it goes at once over a new connection.
                attempt = deliver(message, recipients, false);
            }
            return attempt.outcome();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TransientFailure("interrupted while waiting for the relay's rate limit");
        } finally {
            connections.release();
        }
    }

    /**
     * @param retryAtOnce the attempt failed on a reused connection that turned out to be dead, before the relay
     *                    said anything about this message
     */
    private record Attempt(Outcome outcome, boolean retryAtOnce) {
        Attempt(Outcome outcome) {
            this(outcome, false);
        }
    }

    private Attempt deliver(MimeMessage message, InternetAddress[] recipients, boolean mayReuse) {
        Transport transport;
        boolean reused;
        try {
            Transport pooled = mayReuse ? borrowIdle() : null;
            reused = pooled != null;
            transport = reused ? pooled : connect();
        } catch (MessagingException e) {
            // Refused, timed out, bad greeting, failed STARTTLS or AUTH: the relay's trouble, not this message's.
            return new Attempt(new TransientFailure(SmtpFailureClassifier.describe(e)));
        }
        boolean healthy = false;
        try {
            transport.sendMessage(message, recipients);
            healthy = true;
            return new Attempt(new Accepted(lastReply(transport)));
        } catch (MessagingException e) {
            Outcome outcome = SmtpFailureClassifier.classify(e, recipients);
            // Accepted for some recipients and refused for others: the session ended its transaction normally.
            healthy = outcome instanceof Accepted;
            return new Attempt(
                    outcome, reused && outcome instanceof TransientFailure && SmtpFailureClassifier.connectionLost(e));
        } finally {
            if (healthy) {
                giveBack(transport);
            } else {
                // After a 421 or a broken connection its state is unknown: never reuse it.
                discard(transport);
            }
        }
    }

    /** A pooled connection that is likely still open, or null. */
    private Transport borrowIdle() {
        for (Idle candidate; (candidate = idle.pollFirst()) != null; ) {
            long idleFor = System.nanoTime() - candidate.since();
            if (idleFor < CHECK_AFTER_NANOS
                    || idleFor < MAX_IDLE_NANOS && candidate.transport().isConnected()) {
                return candidate.transport();
            }
            discard(candidate.transport());
        }
        return null;
    }

    private Transport connect() throws MessagingException {
        Transport transport = session.getTransport("smtp");
        transport.connect(settings.host(), settings.port(), settings.username(), settings.password());
        return transport;
    }

    private void giveBack(Transport transport) {
        long now = System.nanoTime();
        if (closed || idle.size() >= settings.maxConnections()) {
            discard(transport);
            return;
        }
        idle.offerFirst(new Idle(transport, now));
        for (Idle oldest; (oldest = idle.peekLast()) != null && now - oldest.since() > MAX_IDLE_NANOS; ) {
            if (idle.removeLastOccurrence(oldest)) {
                discard(oldest.transport());
            }
        }
        if (closed) {
            closeIdle();
        }
    }

    private static void discard(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            LOG.log(Level.FINE, "closing an SMTP connection failed", e);
        }
    }

    /** Closes the idle connections; deliveries in flight close theirs when they finish. */
    @Override
    public void close() {
        closed = true;
        closeIdle();
        writeTimeouts.shutdownNow();
    }

    private void closeIdle() {
        for (Idle connection; (connection = idle.pollFirst()) != null; ) {
            discard(connection.transport());
        }
    }

    /**
     * The server's reply to the end of DATA (often naming its queue id), from Angus's
     * {@code SMTPTransport.getLastServerResponse()}. Called by reflection because Liberty's mail-2.1 feature
     * does not export Angus's packages to applications; the method is public, so no access checks are bypassed.
     */
    private static String lastReply(Transport transport) {
        try {
            Method getter = LAST_REPLY_GETTER.get(transport.getClass());
            if (getter == null) {
                return ACCEPTED_WITHOUT_TEXT;
            }
            Object reply = getter.invoke(transport);
            if (reply instanceof String text && !text.isBlank()) {
                return SmtpFailureClassifier.oneLine(text);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINEST, "the SMTP provider does not expose its last reply", e);
        }
        return ACCEPTED_WITHOUT_TEXT;
    }

    /** Looked up once per transport class, not on every delivery. */
    private static final ClassValue<Method> LAST_REPLY_GETTER = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                return type.getMethod("getLastServerResponse");
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
    };

    private static String millis(Duration duration) {
        return Long.toString(Math.min(duration.toMillis(), Integer.MAX_VALUE));
    }

    private record Idle(Transport transport, long since) {}
}
