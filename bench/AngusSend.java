import jakarta.mail.Message.RecipientType;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;

/**
 * The bare Angus Mail sender: what the mail library itself can deliver on this machine, the reference beside which
 * the server's delivery is read. Run as a single source file with Angus Mail on the class path:
 *
 * <pre>
 *   java -cp angus-mail.jar:... bench/AngusSend.java --port 2525 [--host 127.0.0.1] [--connections 4]
 *        [--count 40000] [--warmup 4000]
 * </pre>
 *
 * One thread per connection, each connection opened once and reused for every message, with TCP_NODELAY, as the
 * server's pooled relay does. Each message is built afresh as a MimeMessage of the server's shape (From, To,
 * Subject, a fixed Message-ID, a text and an HTML part with the bench template's rendered words) and sent; no
 * database, no rendering. The first {@code --warmup} messages (spread over the connections) warm up the JIT and
 * are not counted. Prints a human line and a {@code RESULT} line (rate in msg/s, bytes per message, the
 * sender's CPU over the counted messages in percent of one core).
 */
public final class AngusSend {
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String host = opts.getOrDefault("host", "127.0.0.1");
        int port = Integer.parseInt(opts.getOrDefault("port", "2525"));
        int connections = Integer.parseInt(opts.getOrDefault("connections", "4"));
        long count = Long.parseLong(opts.getOrDefault("count", "40000"));
        long warmup = Long.parseLong(opts.getOrDefault("warmup", "4000"));

        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.smtp.socketFactory", NoDelay.INSTANCE);
        p.put("mail.smtp.socketFactory.fallback", "false");
        p.put("mail.smtp.quitwait", "false");
        Session session = Session.getInstance(p);

        AtomicLong sequence = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        long total = warmup + count;
        long[] measuredFrom = {0, 0}; // when the first counted message was taken, and the CPU used by then
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread t = new Thread(() -> {
                try (Transport transport = session.getTransport("smtp")) {
                    transport.connect(host, port, null, null);
                    for (long n; (n = sequence.getAndIncrement()) < total; ) {
                        if (n == warmup) {
                            synchronized (measuredFrom) {
                                measuredFrom[0] = System.nanoTime();
                                measuredFrom[1] = cpuNanos();
                            }
                        }
                        MimeMessage message = message(session, n);
                        transport.sendMessage(message, message.getAllRecipients());
                        if (n == 0) {
                            bytes.set(size(message));
                        }
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long end = System.nanoTime();
        long cpu = cpuNanos() - measuredFrom[1];
        if (!failures.isEmpty()) {
            failures.get(0).printStackTrace();
            System.exit(1);
        }
        double seconds = (end - measuredFrom[0]) / 1e9;
        double rate = count / seconds;
        System.out.printf(
                Locale.ROOT,
                "bare Angus Mail: %d messages (after %d warm-up) over %d connections in %.1f s: %.0f msg/s,"
                        + " %d bytes each%n",
                count,
                warmup,
                connections,
                seconds,
                rate,
                bytes.get());
        System.out.printf(
                Locale.ROOT,
                "RESULT rate=%.0f bytes=%d cpu_pct=%.0f%n",
                rate,
                bytes.get(),
                100.0 * cpu / ((end - measuredFrom[0]) + 1));
    }

    private static MimeMessage message(Session session, long n) throws Exception {
        String code = Long.toString(100000 + n % 900000);
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", "<angus-" + n + "@bench.example>");
            }
        };
        message.setFrom(new InternetAddress("no-reply@localhost", null, "UTF-8"));
        message.setRecipient(RecipientType.TO, new InternetAddress("r" + (n % 100000) + "@bench.example", null, "UTF-8"));
        message.setSubject("Your code: " + code, "UTF-8");
        message.setSentDate(new Date());
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(part("Hi Ada, your code is " + code + ".", "plain"));
        alternative.addBodyPart(part("<p>Hi <b>Ada</b>, your code is <b>" + code + "</b>.</p>", "html"));
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    private static MimeBodyPart part(String content, String subtype) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(content, "UTF-8", subtype);
        return part;
    }

    private static long size(MimeMessage message) throws Exception {
        long[] n = {0};
        message.writeTo(new OutputStream() {
            @Override
            public void write(int b) {
                n[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                n[0] += len;
            }
        });
        return n[0];
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Sockets with TCP_NODELAY, as the server's relay makes them. Angus Mail asks for an unconnected socket and
     * connects it itself (with its time-out), so the connecting forms are never called here.
     */
    static final class NoDelay extends SocketFactory {
        static final NoDelay INSTANCE = new NoDelay();

        @Override
        public Socket createSocket() throws IOException {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port) {
            throw new UnsupportedOperationException("Angus Mail connects the socket itself");
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
            return createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) {
            return createSocket(host.getHostAddress(), port);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
            return createSocket(address.getHostAddress(), port);
        }
    }
}
